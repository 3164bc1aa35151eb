using System.Text.Json;
using System.Text.Json.Serialization;
using LeadRouting.Web.Privacy;
using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LeadRouting.Web.Api;

/// <summary>
/// <c>/api/privacy</c>: a person's data protection rights (GDPR): the export of everything held about them (Art. 15) and
/// its erasure (Art. 17). Both read or change every lead of the person, so both take the <c>admin</c> scope.
/// </summary>
public static class PrivacyApi
{
    public const string Path = "/api/privacy";

    /// <summary>The settings page's download of the export: the same JSON behind the sign-in cookie, for Ops (the API takes API keys only).</summary>
    public const string PageExportPath = "/settings/privacy/export.json";

    public static IEndpointRouteBuilder MapPrivacyApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(Path).WithTags("Privacy").RequireAuthorization(ApiScopes.Admin);

        group.MapPost("/erase", EraseAsync)
            .WithName("ErasePerson")
            .WithSummary("Erase a person's personal data (GDPR Art. 17); their leads stay, anonymous, so counts and reports stay right")
            .WithDescription("Body: {\"email\": \"…\"}. Answers the records changed per kind (leads, signals, decisions, auditEvents, outbox, " +
                "deliveries, tasks, touches, mailFiles); a second call changes nothing. Audited with the counts only, never the email.")
            .ProducesValidationProblem();

        group.MapGet("/export", ExportAsync)
            .WithName("ExportPerson")
            .WithSummary("Everything held about a person (GDPR Art. 15): their leads with contact fields, signals, decisions and traces, history, tasks, touches, notifications")
            .WithDescription("An email nobody has gives an empty report (no leads), not an error.")
            .ProducesValidationProblem();

        endpoints.MapGet(PageExportPath, PageExportAsync)
            .RequireAuthorization(LeadRoutingPolicies.Ops)
            .ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>The body of an erasure.</summary>
    public sealed record EraseRequest(string? Email);

    internal static async Task<Results<Ok<ErasureResult>, ValidationProblem>> EraseAsync(
        EraseRequest? body, HttpContext context, PersonalDataEraser eraser, CancellationToken cancellationToken)
    {
        if (PersonEmail.Read(body?.Email) is not { } email)
        {
            return Invalid(body?.Email);
        }

        return TypedResults.Ok(await eraser.EraseByEmailAsync(email, context.User.Identity?.Name ?? "api-key", cancellationToken));
    }

    internal static async Task<Results<Ok<PersonalDataReport>, ValidationProblem>> ExportAsync(
        string? email, PersonalDataExport export, CancellationToken cancellationToken)
    {
        if (PersonEmail.Read(email) is not { } canonical)
        {
            return Invalid(email);
        }

        return TypedResults.Ok(await export.ExportAsync(canonical, cancellationToken));
    }

    internal static async Task<Results<FileContentHttpResult, ValidationProblem>> PageExportAsync(
        string? email, PersonalDataExport export, CancellationToken cancellationToken)
    {
        if (PersonEmail.Read(email) is not { } canonical)
        {
            return Invalid(email);
        }

        var report = await export.ExportAsync(canonical, cancellationToken);
        var json = JsonSerializer.SerializeToUtf8Bytes(report, Json);
        return TypedResults.File(json, "application/json; charset=utf-8", $"personal-data-{report.ExportedAt.UtcDateTime:yyyy-MM-dd}.json");
    }

    /// <summary>The API's JSON (camelCase, enums as names), indented: the file is read by a person.</summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    private static ValidationProblem Invalid(string? email) => TypedResults.ValidationProblem(
        new Dictionary<string, string[]> { ["email"] = [PersonEmail.Problem(email)!] },
        title: "The email is missing or not valid.");
}
