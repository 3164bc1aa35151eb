using System.Buffers;
using System.Text;
using LeadRouting.Core.Import;
using LeadRouting.Web.Leads;
using LeadRouting.Web.Routing;
using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;

namespace LeadRouting.Web.Api;

/// <summary><c>POST /api/leads/import</c>: a CSV file of leads; every valid row stored and routed, every bad row reported by line.</summary>
public static class LeadImportApi
{
    /// <summary>Generous for CSV (about half a million leads), and the request is refused beyond it before any row is stored.</summary>
    public const long MaxBodyBytes = 64L * 1024 * 1024;

    /// <summary>The form field of a <c>multipart/form-data</c> upload that holds the file.</summary>
    public const string FileField = "file";

    /// <summary>The optional form field holding the column mapping as JSON, <c>{"&lt;header&gt;": "&lt;target or null&gt;"}</c>.</summary>
    public const string MappingField = "mapping";

    /// <summary>The query parameter that asks for a dry run: everything but storing and notifying.</summary>
    public const string DryRunParameter = "dryRun";

    /// <summary>The query parameter asking for all or nothing: with <c>atomic=true</c> one rejected row means no row is stored.</summary>
    public const string AtomicParameter = "atomic";

    /// <summary>The query parameter choosing what the import does with its rows: <c>route</c> (default) or <c>history</c>.</summary>
    public const string ModeParameter = "mode";

    /// <summary>A mapping names each column once; 64 KiB holds thousands of headers.</summary>
    private const int MaxMappingBytes = 64 * 1024;

    private static readonly string[] CsvMediaTypes = ["text/csv", "application/csv"];

    public static IEndpointRouteBuilder MapLeadImportApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/leads/import", ImportAsync)
            .WithTags("Leads")
            .WithName("ImportLeads")
            .WithSummary("Import leads from CSV: each valid row stored and routed like POST /api/leads, each bad row reported by line")
            .WithDescription(
                $"Send the file as multipart/form-data in a field named '{FileField}', or as the request body with Content-Type text/csv " +
                $"(at most {MaxBodyBytes / (1024 * 1024)} MiB). The header row names the columns: " +
                $"{string.Join(", ", CsvLeadReader.Columns)} (case-insensitive; email and source required). techStack and signals hold " +
                "several values separated by ';' or '|'; a signal is Type@time, e.g. DemoRequest@2026-11-20T10:00:00Z. " +
                "Text is UTF-8 unless the content type declares a charset (charset=windows-1252); an undeclared file that is not UTF-8 " +
                "is detected or refused (415). Numbers are digits with '.' as the decimal point; a value such as 1.000 or 25,000 is refused " +
                $"as ambiguous unless the query names a locale (?{CsvNumberFormat.LocaleParameter}=de-DE reads 1.000 as one thousand). " +
                "A CRM export (Salesforce, HubSpot, German headers) is mapped by its headers instead; a form field " +
                $"'{MappingField}' holding {{\"<header>\": \"<target or null>\"}} overrides the suggestions, unknown columns are ignored " +
                $"and reported. ?{ImportProfiles.ProfileParameter}=NAME reads the file through a saved import profile (its mapping for the columns the file has, " +
                $"and its locale unless ?{CsvNumberFormat.LocaleParameter}= is given); a '{MappingField}' field beside it overrides the profile per column. " +
                $"?{DryRunParameter}=true routes every row against the live state and stores and notifies nothing. " +
                $"?{ModeParameter}=history stores each row as what it was (its receivedAt, owner, status, closedAt, firstTouchAt, lossReason) " +
                "without routing, clocks, tasks or notifications; the default is route. " +
                $"?{AtomicParameter}=true imports all rows or none: one rejected row answers 422 with the errors and what the import would have done. " +
                $"Deal values are in the organisation's currency (policy.currency); ?{ImportCurrency.CurrencyParameter}=USD&{ImportCurrency.RateParameter}=0.92 " +
                "says the file's are in USD and converts them at 1 USD = 0.92 (rounded to the cent; the answer's 'conversion' says how many). " +
                "A row whose currency column names a third currency, or whose value is marked with a currency ($, €, £, USD) other than its own, is rejected.")
            .Accepts<string>("text/csv", "multipart/form-data")
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                // Describe the form as what it is, a file field, so API explorers offer a file picker.
                if (operation.RequestBody?.Content?.TryGetValue("multipart/form-data", out var form) == true)
                {
                    form.Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Required = new HashSet<string>(StringComparer.Ordinal) { FileField },
                        Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
                        {
                            [FileField] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" },
                        },
                    };
                }

                return Task.CompletedTask;
            })
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithMetadata(new RequestBodyLimit(MaxBodyBytes))
            .RequireAuthorization(ApiScopes.Ingest)
            .RequireIngestRateLimit();

        endpoints.MapImportProfilesApi();

        // The import page's rejected-rows file, for the person whose import made it (cookie sign-in, Ops).
        endpoints.MapGet(ImportDownloads.Path + "/{id}", Download)
            .RequireAuthorization(LeadRoutingPolicies.Ops)
            .ExcludeFromDescription();
        return endpoints;
    }

    internal static async Task<Results<Ok<LeadImportSummary>, Ok<LeadImportDryRun>, ValidationProblem, ProblemHttpResult>> ImportAsync(
        HttpRequest request,
        LeadImportService imports,
        IngestRateLimiter rateLimiter,
        PreviewService previews,
        ImportProfiles profiles,
        CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return TooLarge();
        }

        if (CsvNumberFormat.ForLocale(request.Query[CsvNumberFormat.LocaleParameter], out var localeProblem) is not { } numbers)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [CsvNumberFormat.LocaleParameter] = [localeProblem!] },
                title: "The import options are not valid.");
        }

        var dryRun = false;
        if (request.Query.TryGetValue(DryRunParameter, out var dryRunText) && !bool.TryParse(dryRunText.ToString(), out dryRun))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [DryRunParameter] = [$"Must be true or false (got '{dryRunText}')."] },
                title: "The import options are not valid.");
        }

        var atomic = false;
        if (request.Query.TryGetValue(AtomicParameter, out var atomicText) && !bool.TryParse(atomicText.ToString(), out atomic))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [AtomicParameter] = [$"Must be true or false (got '{TextRules.Shorten(atomicText.ToString())}')."] },
                title: "The import options are not valid.");
        }

        var mode = LeadImportMode.Route;
        if (request.Query.TryGetValue(ModeParameter, out var modeText)
            && !(Enum.TryParse(modeText.ToString(), ignoreCase: true, out mode) && Enum.IsDefined(mode) && !int.TryParse(modeText.ToString(), out _)))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [ModeParameter] = [$"Must be route or history (got '{TextRules.Shorten(modeText.ToString())}')."] },
                title: "The import options are not valid.");
        }

        ImportProfile? profile = null;
        if (request.Query.TryGetValue(ImportProfiles.ProfileParameter, out var profileName))
        {
            profile = string.IsNullOrWhiteSpace(profileName) ? null : await profiles.FindAsync(profileName.ToString(), cancellationToken);
            if (profile is null)
            {
                var known = (await profiles.ListAsync(cancellationToken)).Select(p => $"'{p.Name}'").ToList();
                return TypedResults.ValidationProblem(
                    new Dictionary<string, string[]>
                    {
                        [ImportProfiles.ProfileParameter] =
                        [
                            $"There is no import profile '{TextRules.Shorten(profileName.ToString())}'. " +
                            (known.Count == 0 ? "None is saved yet (PUT /api/leads/import/profiles/{name} or /settings/import)." : $"Saved profiles: {string.Join(", ", known)}."),
                        ],
                    },
                    title: "The import options are not valid.");
            }

            // The profile's locale applies unless the request names one.
            if (!request.Query.ContainsKey(CsvNumberFormat.LocaleParameter) && CsvNumberFormat.ForLocale(profile.Locale, out _) is { } profileNumbers)
            {
                numbers = profileNumbers;
            }

            // So does its mode.
            if (!request.Query.ContainsKey(ModeParameter))
            {
                mode = ImportModes.Parse(profile.Mode);
            }
        }

        // The deal values' currency: the request's currency and rate as a pair, else the profile's, else the organisation's.
        var statesCurrency = request.Query.ContainsKey(ImportCurrency.CurrencyParameter) || request.Query.ContainsKey(ImportCurrency.RateParameter);
        var (currencyText, rateText) = statesCurrency || profile is null
            ? (request.Query[ImportCurrency.CurrencyParameter].ToString(), request.Query[ImportCurrency.RateParameter].ToString())
            : (profile.Currency, profile.Rate?.ToString(CultureInfo.InvariantCulture));
        var organisationCurrency = await LeadImportFile.OrganisationCurrencyAsync(previews, cancellationToken);
        if (ImportCurrency.Parse(currencyText, rateText, organisationCurrency, out var currencyField, out var currencyProblem) is not { } currency)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [currencyField!] = [currencyProblem!] },
                title: "The import options are not valid.");
        }

        // The upload is spooled to a temporary file first (memory stays flat for any size), so that a body over the
        // limit is refused before the first row is stored, also when it comes chunked, without a Content-Length.
        await using var spool = new FileStream(
            Path.Combine(Path.GetTempPath(), "leadrouting-import-" + Path.GetRandomFileName()),
            FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize: 64 * 1024,
            FileOptions.Asynchronous | FileOptions.DeleteOnClose);

        Upload upload;
        try
        {
            upload = MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) && contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
                ? await ReceiveFormAsync(request, contentType, spool, cancellationToken)
                : await ReceiveBodyAsync(request, contentType, spool, cancellationToken);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge();
        }

        if (upload.Problem is { } problem)
        {
            return problem;
        }

        IReadOnlyDictionary<string, string?>? choices = null;
        if (upload.Mapping is { } mappingJson && (choices = ColumnMapping.ParseChoices(mappingJson, out var mappingProblem)) is null)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [MappingField] = [mappingProblem!] },
                title: "The column mapping is not valid.");
        }

        var options = new LeadImportOptions { Numbers = numbers, Choices = choices, ProfileChoices = profile?.Mapping, Mode = mode, Currency = currency };
        await using var file = await LeadImportFile.OpenAsync(spool, upload.Charset, options, await LeadImportFile.TeamZoneAsync(previews, cancellationToken), cancellationToken);
        if (file.Problem is { } fileProblem)
        {
            return FileProblem(fileProblem);
        }

        var reader = file.Reader!;
        var rows = file.Rows;

        // A row costs what a POST /api/leads costs: one token of the key's bucket (the request's own token, taken by
        // the filter, pays for the first). All of them are taken before the first row is stored, or none.
        if (rows > rateLimiter.Burst)
        {
            return TypedResults.Problem(
                title: "The file has more rows than this API key may send at once.",
                detail: $"The file has {rows:N0} rows; a key may send at most {rateLimiter.Burst:N0} leads at once ({rateLimiter.PerSecond:N0} a second after that). " +
                    $"Split the file into parts of at most {rateLimiter.Burst:N0} rows. Nothing was imported.",
                statusCode: StatusCodes.Status413PayloadTooLarge,
                extensions: new Dictionary<string, object?>
                {
                    ["errors"] = new Dictionary<string, string[]> { [FileField] = [$"{rows:N0} rows; at most {rateLimiter.Burst:N0} per import."] },
                    ["rows"] = rows,
                    ["maxRows"] = rateLimiter.Burst,
                });
        }

        if (rateLimiter.TryTake(request.HttpContext.User, rows - 1) is { } wait)
        {
            return IngestRateLimiter.TooManyRequests(
                request.HttpContext,
                wait,
                $"The file has {rows:N0} rows, more than this API key may send right now ({rateLimiter.PerSecond:N0} leads a second). Nothing was imported; send it again after the Retry-After seconds.");
        }

        var actor = LeadImportFile.Actor(request.HttpContext.User.Identity?.Name);
        if (dryRun)
        {
            return TypedResults.Ok(await imports.DryRunAsync(reader, actor, cancellationToken));
        }

        if (atomic)
        {
            var all = await imports.ImportAllOrNothingAsync(reader, actor, cancellationToken);
            return all.Stored is { } stored ? TypedResults.Ok(stored) : NothingImported(all.Refused!);
        }

        return TypedResults.Ok(await imports.ImportAsync(reader, actor, cancellationToken));
    }

    /// <summary>
    /// 422 for an all-or-nothing import with a rejected row: nothing was stored; the problem carries the rejected rows'
    /// errors (<c>[{line, field, message}]</c>, as a dry run lists them) and the counts the import would have had.
    /// </summary>
    private static ProblemHttpResult NothingImported(LeadImportDryRun wouldHave)
    {
        var extensions = new Dictionary<string, object?>
        {
            ["mode"] = wouldHave.Mode,
            ["rows"] = wouldHave.Rows,
            ["created"] = wouldHave.Created,
            ["merged"] = wouldHave.Merged,
            ["replayed"] = wouldHave.Replayed,
            ["rejected"] = wouldHave.Rejected,
            ["errors"] = wouldHave.Errors,
            ["errorsTruncated"] = wouldHave.ErrorsTruncated,
            ["outcomes"] = wouldHave.Outcomes,
            ["mapping"] = wouldHave.Mapping,
            ["ignored"] = wouldHave.Ignored,
        };
        if (wouldHave.Conversion is { } conversion)
        {
            extensions["conversion"] = conversion;
        }

        return TypedResults.Problem(
            title: "Rows were rejected, so nothing was imported.",
            detail: FormattableString.Invariant($"{wouldHave.Rejected:N0} of {wouldHave.Rows:N0} rows were rejected and {AtomicParameter}=true asks for all or nothing: no row was stored. ") +
                "Correct the rows named in errors and send the file again, or import without atomic to store the good rows.",
            statusCode: StatusCodes.Status422UnprocessableEntity,
            extensions: extensions);
    }

    internal static Results<FileContentHttpResult, NotFound> Download(string id, HttpContext context, ImportDownloads downloads) =>
        downloads.Find(id, SignedInUser.From(context.User)?.UserId) is { } file
            ? TypedResults.File(file.Content, "text/csv; charset=utf-8", file.FileName)
            : TypedResults.NotFound();

    /// <summary>The CSV file's declared charset (null when none) and the mapping part (null when none), or the reason there is none to import (a non-null <see cref="Problem"/>).</summary>
    internal sealed record Upload(string? Charset, ProblemHttpResult? Problem, string? Mapping = null);

    internal static async Task<Upload> ReceiveBodyAsync(HttpRequest request, MediaTypeHeaderValue? contentType, Stream spool, CancellationToken cancellationToken)
    {
        if (contentType is null || !CsvMediaTypes.Contains(contentType.MediaType.Value, StringComparer.OrdinalIgnoreCase))
        {
            return new Upload(null, TypedResults.Problem(
                title: "Unsupported content type.",
                detail: $"Send the CSV as multipart/form-data with a field named '{FileField}', or as the request body with Content-Type text/csv (got '{request.ContentType ?? "none"}').",
                statusCode: StatusCodes.Status415UnsupportedMediaType));
        }

        return await CopyAsync(request.Body, spool, cancellationToken)
            ? new Upload(CharsetOf(contentType), null)
            : new Upload(null, TooLarge());
    }

    internal static async Task<Upload> ReceiveFormAsync(HttpRequest request, MediaTypeHeaderValue contentType, Stream spool, CancellationToken cancellationToken)
    {
        var boundary = HeaderUtilities.RemoveQuotes(contentType.Boundary).Value;
        if (string.IsNullOrWhiteSpace(boundary))
        {
            return new Upload(null, BadUpload("The multipart/form-data Content-Type has no boundary."));
        }

        var form = new MultipartReader(boundary, request.Body);
        Upload? file = null;
        string? mapping = null;
        try
        {
            while (await form.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                var isFile = ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    && disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase)
                    && HeaderUtilities.RemoveQuotes(disposition.Name).Equals(FileField, StringComparison.OrdinalIgnoreCase);
                var isMapping = disposition is not null
                    && HeaderUtilities.RemoveQuotes(disposition.Name).Equals(MappingField, StringComparison.OrdinalIgnoreCase);
                if (isMapping)
                {
                    if (mapping is not null)
                    {
                        return new Upload(null, BadUpload($"The form has more than one '{MappingField}' field."));
                    }

                    using var buffer = new MemoryStream();
                    if (!await CopyAsync(section.Body, buffer, cancellationToken) || buffer.Length > MaxMappingBytes)
                    {
                        return new Upload(null, BadUpload($"The '{MappingField}' field may be at most {MaxMappingBytes / 1024} KiB."));
                    }

                    mapping = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
                    continue;
                }

                if (!isFile)
                {
                    // Other form fields are allowed (a browser form may add some) and ignored, but still count towards the limit.
                    if (!await CopyAsync(section.Body, Stream.Null, cancellationToken))
                    {
                        return new Upload(null, TooLarge());
                    }

                    continue;
                }

                if (file is not null)
                {
                    return new Upload(null, BadUpload($"The form has more than one '{FileField}' field; send one file per request."));
                }

                var charset = MediaTypeHeaderValue.TryParse(section.ContentType, out var partType) ? CharsetOf(partType) : null;
                if (!await CopyAsync(section.Body, spool, cancellationToken))
                {
                    return new Upload(null, TooLarge());
                }

                file = new Upload(charset, null);
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException && ex is not BadHttpRequestException)
        {
            return new Upload(null, BadUpload($"The multipart/form-data body is malformed: {ex.Message}"));
        }

        return file is null
            ? new Upload(null, BadUpload($"The form has no field named '{FileField}'; send the CSV file in it."))
            : file with { Mapping = mapping };
    }

    /// <summary>Copies <paramref name="source"/> to its end; false, with the copy abandoned, when it is larger than <see cref="MaxBodyBytes"/>.</summary>
    private static async Task<bool> CopyAsync(Stream source, Stream target, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            long total = 0;
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
                if (total > MaxBodyBytes)
                {
                    return false;
                }

                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }

            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The declared charset, or null when none is given (<see cref="CsvCharset"/> decides then).</summary>
    private static string? CharsetOf(MediaTypeHeaderValue contentType) =>
        HeaderUtilities.RemoveQuotes(contentType.Charset).Value is { Length: > 0 } charset && !string.IsNullOrWhiteSpace(charset) ? charset : null;

    /// <summary>
    /// Why the file as a whole cannot be imported, as the API has always answered it: a validation problem naming the
    /// header's or the mapping's fields, or 415/400 naming the charset, with what to do about it; nothing was imported.
    /// </summary>
    private static Results<Ok<LeadImportSummary>, Ok<LeadImportDryRun>, ValidationProblem, ProblemHttpResult> FileProblem(LeadImportProblem problem) =>
        problem.IsValidation
            ? TypedResults.ValidationProblem(problem.Errors, detail: problem.Detail, title: problem.Title)
            : TypedResults.Problem(
                title: problem.Title,
                detail: problem.Detail,
                statusCode: problem.Status,
                extensions: new Dictionary<string, object?> { ["errors"] = problem.Errors });

    private static ProblemHttpResult BadUpload(string detail) =>
        TypedResults.Problem(title: "The upload is not valid.", detail: detail, statusCode: StatusCodes.Status400BadRequest);

    private static ProblemHttpResult TooLarge() =>
        RequestBodyLimit.TooLarge($"A CSV import must be at most {MaxBodyBytes / (1024 * 1024)} MiB; split the file. Nothing was imported.");
}
