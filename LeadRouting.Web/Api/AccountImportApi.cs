using LeadRouting.Core.Import;
using LeadRouting.Web.Routing;
using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace LeadRouting.Web.Api;

/// <summary>
/// <c>POST /api/accounts/import</c>: the named-account import of <c>/settings/accounts</c> over the API
/// (<see cref="NamedAccountsService"/>), with the lead import's options: <c>atomic</c> (all or nothing, the default for
/// accounts, or partial) and <c>locale</c> (numbers). Accounts are configuration Ops keep, so it takes the
/// <c>admin</c> scope, as import profiles and <c>/api/config</c> do.
/// </summary>
public static class AccountImportApi
{
    public const string Path = "/api/accounts/import";

    public static IEndpointRouteBuilder MapAccountImportApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Path, ImportAsync)
            .WithTags("Accounts")
            .WithName("ImportAccounts")
            .WithSummary("Import named accounts from CSV (the import's own columns or a Salesforce, HubSpot or German account export)")
            .WithDescription(
                $"Send the file as multipart/form-data in a field named '{LeadImportApi.FileField}', or as the body with Content-Type text/csv " +
                $"(at most {NamedAccountsService.MaxImportBytes / (1024 * 1024)} MB, {NamedAccountsService.MaxImportRows:N0} rows). " +
                $"?{LeadImportApi.AtomicParameter}=true (the default) stores all rows or none: one bad row answers 422 with the errors and stores nothing; " +
                $"?{LeadImportApi.AtomicParameter}=false stores the good rows and lists the bad ones under 'errors' with 'rejected' counting them. " +
                $"?{CsvNumberFormat.LocaleParameter}=de-DE reads employees as that locale writes them (1.000), as the lead import does. " +
                "An optional column 'aliases' (or 'Other Domains', 'Weitere Domains') gives the account's other domains, separated by ; | , or spaces; " +
                "a file without it keeps the stored aliases. " +
                "The answer says what changed: created, updated, ownerChanged, unchanged, aliasesChanged (each account with domainAliases).")
            .Accepts<string>("text/csv", "multipart/form-data")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithMetadata(new RequestBodyLimit(NamedAccountsService.MaxImportBytes))
            .RequireAuthorization(ApiScopes.Admin);
        return endpoints;
    }

    /// <summary>What an account import did: the rows imported and the diff, the rows rejected (partial) with why, warnings, ignored columns.</summary>
    public sealed record AccountImportAnswer(
        int Imported,
        int Rejected,
        IReadOnlyList<string> Errors,
        IReadOnlyList<AccountRow> Created,
        IReadOnlyList<AccountRow> Updated,
        IReadOnlyList<AccountOwnerChange> OwnerChanged,
        int Unchanged,
        IReadOnlyList<AccountAliasChange> AliasesChanged,
        IReadOnlyList<string> Warnings,
        IReadOnlyList<string> IgnoredColumns);

    internal static async Task<Results<Ok<AccountImportAnswer>, ValidationProblem, ProblemHttpResult>> ImportAsync(
        HttpRequest request, NamedAccountsService accounts, CancellationToken cancellationToken)
    {
        if (request.ContentLength > NamedAccountsService.MaxImportBytes)
        {
            return TooLarge();
        }

        if (CsvNumberFormat.ForLocale(request.Query[CsvNumberFormat.LocaleParameter], out var localeProblem) is not { } numbers)
        {
            return Invalid(CsvNumberFormat.LocaleParameter, localeProblem!);
        }

        var atomic = true;
        if (request.Query.TryGetValue(LeadImportApi.AtomicParameter, out var atomicText) && !bool.TryParse(atomicText.ToString(), out atomic))
        {
            return Invalid(LeadImportApi.AtomicParameter, $"Must be true or false (got '{TextRules.Shorten(atomicText.ToString())}').");
        }

        using var file = new MemoryStream();
        LeadImportApi.Upload upload;
        try
        {
            upload = MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) && contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
                ? await LeadImportApi.ReceiveFormAsync(request, contentType, file, cancellationToken)
                : await LeadImportApi.ReceiveBodyAsync(request, contentType, file, cancellationToken);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge();
        }

        if (upload.Problem is { } problem)
        {
            return problem;
        }

        file.Position = 0;
        var actor = $"api ({request.HttpContext.User.Identity?.Name ?? "api-key"})";
        var options = new AccountImportOptions { Atomic = atomic, Numbers = numbers };
        var result = await accounts.ImportAsAsync(actor, file, upload.Charset, options, cancellationToken);
        if (result.Problems.Count > 0)
        {
            // Rows were refused (422, nothing stored), or the file as a whole cannot be read (400).
            var rowsRefused = result.Rejected > 0;
            return TypedResults.Problem(
                title: rowsRefused ? "Rows were rejected, so nothing was imported." : "The file cannot be imported.",
                detail: rowsRefused
                    ? $"{result.Rejected:N0} rows were rejected and {LeadImportApi.AtomicParameter}=true asks for all or nothing: no account was stored. " +
                        $"Correct the rows named in errors and send the file again, or import with {LeadImportApi.AtomicParameter}=false to store the good rows."
                    : string.Join(" ", result.Problems),
                statusCode: rowsRefused ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status400BadRequest,
                extensions: new Dictionary<string, object?>
                {
                    ["rejected"] = result.Rejected,
                    ["errors"] = result.Problems,
                    ["ignoredColumns"] = result.IgnoredColumns,
                });
        }

        var diff = result.Diff!;
        return TypedResults.Ok(new AccountImportAnswer(
            result.Imported, result.Rejected, result.RowErrors, diff.Created, diff.Updated, diff.OwnerChanged, diff.Unchanged, diff.AliasesChanged, result.Warnings, result.IgnoredColumns));
    }

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The import options are not valid.");

    private static ProblemHttpResult TooLarge() =>
        RequestBodyLimit.TooLarge($"An account import must be at most {NamedAccountsService.MaxImportBytes / (1024 * 1024)} MB; split the file. Nothing was imported.");
}
