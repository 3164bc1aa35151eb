using LeadRouting.Web.Leads;
using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace LeadRouting.Web.Api;

/// <summary>
/// <c>/api/leads/import/profiles</c>: the saved import profiles that <c>POST /api/leads/import?profile=NAME</c> uses.
/// A profile is import configuration, so it takes the <c>admin</c> scope, as <c>/api/config</c> does.
/// </summary>
public static class ImportProfilesApi
{
    public const string Path = "/api/leads/import/profiles";

    public static IEndpointRouteBuilder MapImportProfilesApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(Path).WithTags("Leads").RequireAuthorization(ApiScopes.Admin);

        group.MapGet("", async (ImportProfiles profiles, CancellationToken ct) => TypedResults.Ok(await profiles.ListAsync(ct)))
            .WithName("ListImportProfiles")
            .WithSummary("The saved import profiles: name, mapping (header → target or null), locale, mode, who saved it when");

        group.MapPut("/{name}", SaveAsync)
            .WithName("SaveImportProfile")
            .WithSummary("Save an import profile under its name (replacing one of the same name, ignoring case)")
            .WithDescription("Body: {\"mapping\": {\"<header>\": \"<target or null>\"}, \"locale\": \"de-DE\" or null, \"mode\": \"route\" or \"history\", " +
                "\"currency\": \"USD\" or null, \"rate\": 0.92 or null} (currency and rate: the export's deal values are in USD, 1 USD = 0.92 of the organisation's currency).")
            .ProducesValidationProblem();

        group.MapDelete("/{name}", DeleteAsync)
            .WithName("DeleteImportProfile")
            .WithSummary("Delete an import profile");
        return endpoints;
    }

    /// <summary>The body of a save: the profile without its name, which is the path's.</summary>
    public sealed record ImportProfileBody(IReadOnlyDictionary<string, string?>? Mapping, string? Locale, string? Mode, string? Currency = null, decimal? Rate = null);

    internal static async Task<Results<Ok<ImportProfile>, ValidationProblem>> SaveAsync(
        string name, ImportProfileBody body, HttpContext context, ImportProfiles profiles, CancellationToken cancellationToken)
    {
        var profile = new ImportProfile
        {
            Name = name, Mapping = body.Mapping!, Locale = body.Locale, Mode = body.Mode ?? ImportModes.Route, Currency = body.Currency, Rate = body.Rate,
        };
        var result = await profiles.SaveAsAsync(Actor(context), profile, cancellationToken);
        if (!result.Succeeded)
        {
            return TypedResults.ValidationProblem(result.Errors, title: "The import profile is not valid.");
        }

        return TypedResults.Ok((await profiles.FindAsync(name, cancellationToken))!);
    }

    internal static async Task<Results<NoContent, NotFound<ProblemDetails>>> DeleteAsync(
        string name, HttpContext context, ImportProfiles profiles, CancellationToken cancellationToken)
    {
        var result = await profiles.DeleteAsAsync(Actor(context), name, cancellationToken);
        return result.Succeeded
            ? TypedResults.NoContent()
            : TypedResults.NotFound(new ProblemDetails
            {
                Title = "No such import profile.",
                Detail = result.Errors.Values.SelectMany(m => m).FirstOrDefault(),
                Status = StatusCodes.Status404NotFound,
                Extensions = { ["errors"] = result.Errors },
            });
    }

    private static string Actor(HttpContext context) => context.User.Identity?.Name ?? "api-key";
}
