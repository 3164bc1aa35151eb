using System.ComponentModel;
using LeadRouting.Web.Leads;
using LeadRouting.Web.Routing;
using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace LeadRouting.Web.Api;

/// <summary><c>/api/routing</c>: routing without side effects.</summary>
public static class RoutingApi
{
    /// <summary>The query parameter of the "as of" instant.</summary>
    public const string AtParameter = "at";

    private static readonly string[] UtcFormats =
        ["yyyy-MM-dd'T'HH:mm'Z'", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'"];

    private static readonly string[] OffsetFormats =
        ["yyyy-MM-dd'T'HH:mmzzz", "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz"];

    public static IEndpointRouteBuilder MapRoutingApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/routing").WithTags("Routing");

        group.MapPost("/preview", PreviewAsync)
            .WithName("PreviewRouting")
            .WithSummary("Route a lead without storing it or moving round-robin pointers")
            .WithDescription(
                "Answers what POST /api/leads would decide for this lead now: the published configuration over the live " +
                "state (rep loads and availability, accounts, open leads, round-robin positions), read and never moved. " +
                "With `at`, business hours, calendars, out-of-office dates and the intent window are evaluated at that instant.")
            .AcceptsLeadJson()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .RequireAuthorization(ApiScopes.Read);

        return endpoints;
    }

    internal static async Task<Results<Ok<RoutingDecisionDto>, ValidationProblem, ProblemHttpResult>> PreviewAsync(
        HttpRequest request,
        PreviewService preview,
        IDbContextFactory<LeadRoutingDbContext> dbFactory,
        [FromQuery(Name = AtParameter)]
        [Description("Route as of this instant (ISO 8601 with an offset, e.g. 2026-12-04T16:55:00Z), within a year of now; default: now. The lead is received then unless it says otherwise.")]
        string? at,
        CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var asOf = ReadAsOf(at, preview, errors);
        var read = await LeadRequestReader.ReadAsync(request, errors, cancellationToken);
        if (read.TooLarge is { } tooLarge)
        {
            return tooLarge;
        }

        if (read.Invalid is { } invalid)
        {
            // A body that is not a lead object stops reading; a bad `at` is still named beside it.
            if (errors.ToDictionary().TryGetValue(AtParameter, out var atErrors))
            {
                invalid.ProblemDetails.Errors.TryAdd(AtParameter, atErrors);
            }

            return invalid;
        }

        PreviewResult result;
        try
        {
            result = await preview.PreviewAsync(read.Submission!, errors, asOf, cancellationToken);
        }
        catch (NoPublishedConfigurationException ex)
        {
            return TypedResults.Problem(title: ex.Message, detail: "Publish a routing configuration first.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        if (result.ExistingLeadId is { } existing)
        {
            // A post with this externalId answers the stored lead as it was routed; so does its preview.
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var stored = await LeadQueries.FindAsync(db, existing, cancellationToken)
                ?? throw new InvalidOperationException($"Lead {existing} holds the externalId but cannot be read.");
            return TypedResults.Ok(LeadResponse.From(stored).Decision!);
        }

        return result.Decision is { } decision
            ? TypedResults.Ok(RoutingDecisionDto.From(decision) with { ConfigurationVersion = PublishedVersionDto.From(result.Configuration!) })
            : TypedResults.ValidationProblem(result.Errors);
    }

    /// <summary>
    /// The <c>at</c> parameter: an ISO 8601 instant with an offset (<c>Z</c> or <c>±hh:mm</c>), within
    /// <see cref="PreviewService.AsOfRange"/> of now. Without an offset the instant would depend on a guess, so it is refused.
    /// </summary>
    private static DateTimeOffset? ReadAsOf(string? text, PreviewService preview, FieldErrors errors)
    {
        if (text is null)
        {
            return null;
        }

        var value = text.Trim();
        // A '+' sent unencoded in a query string arrives as a space: "17:55:00 01:00" meant "17:55:00+01:00".
        if (value.Length > 6 && value[^6] == ' ' && char.IsAsciiDigit(value[^5]))
        {
            value = string.Concat(value.AsSpan(0, value.Length - 6), "+", value.AsSpan(value.Length - 5));
        }

        if (DateTimeOffset.TryParseExact(value, UtcFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant) ||
            DateTimeOffset.TryParseExact(value, OffsetFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out instant))
        {
            return preview.CheckAsOf(instant, AtParameter, errors) ? instant : null;
        }

        errors.Add(AtParameter, $"'{Shorten(text)}' is not an ISO 8601 instant with an offset (e.g. 2026-12-04T16:55:00Z or 2026-12-04T17:55:00+01:00).");
        return null;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
