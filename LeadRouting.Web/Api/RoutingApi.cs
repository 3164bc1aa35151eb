using System.Text.Json;
using LeadRouting.Core.Leads;
using LeadRouting.Web.Routing;
using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;

namespace LeadRouting.Web.Api;

/// <summary><c>/api/routing</c>: routing without side effects.</summary>
public static class RoutingApi
{
    public static IEndpointRouteBuilder MapRoutingApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/routing").WithTags("Routing");

        group.MapPost("/preview", PreviewAsync)
            .WithName("PreviewRouting")
            .WithSummary("Route a lead without storing it or moving round-robin pointers")
            .AcceptsLeadJson()
            .RequireAuthorization(ApiScopes.Read);

        return endpoints;
    }

    internal static async Task<Results<Ok<RoutingDecisionDto>, ValidationProblem, ProblemHttpResult>> PreviewAsync(
        HttpRequest request,
        PreviewService preview,
        CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var read = await LeadRequestReader.ReadAsync(request, errors, cancellationToken);
        if (read.TooLarge is { } tooLarge)
        {
            return tooLarge;
        }

        if (read.Invalid is { } invalid)
        {
            return invalid;
        }

        var result = preview.Preview(read.Submission!, errors);
        return result.Decision is { } decision
            ? TypedResults.Ok(RoutingDecisionDto.From(decision))
            : TypedResults.ValidationProblem(result.Errors);
    }
}
