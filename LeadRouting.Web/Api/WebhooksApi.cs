using LeadRouting.Web.Notifications;
using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LeadRouting.Web.Api;

/// <summary>
/// <c>/api/webhooks</c> (admin scope): outbound webhook subscriptions. The signing secret is answered once, at
/// creation; lists show the URL reduced to its host, since a chat webhook's path is often its credential. A URL to an
/// internal address (loopback, private, link-local, …) is refused unless an operator allow-listed it.
/// </summary>
public static class WebhooksApi
{
    public static IEndpointRouteBuilder MapWebhooksApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/webhooks").WithTags("Webhooks").RequireAuthorization(ApiScopes.Admin);
        group.MapGet("/", ListAsync).WithName("ListWebhooks").WithSummary("Active webhook subscriptions (no secrets)");
        group.MapPost("/", CreateAsync).WithName("CreateWebhook").WithSummary("Subscribe a URL to lead events; the signing secret is shown only in this answer");
        group.MapDelete("/{id:int}", DisableAsync).WithName("DeleteWebhook").WithSummary("Stop a subscription (pending deliveries to it fail)");
        return endpoints;
    }

    internal static async Task<Ok<IReadOnlyList<WebhookView>>> ListAsync(WebhookSubscriptionService webhooks, CancellationToken cancellationToken) =>
        TypedResults.Ok(await webhooks.ListAsync(cancellationToken));

    internal static async Task<Results<Created<CreatedWebhook>, ValidationProblem>> CreateAsync(
        WebhookRequest request,
        HttpContext context,
        WebhookSubscriptionService webhooks,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 128)
        {
            errors["name"] = ["Between 1 and 128 characters."];
        }

        if (await webhooks.CheckUrlAsync(request.Url, cancellationToken) is { } problem)
        {
            errors["url"] = [problem];
        }

        if (request.TeamId?.Length > 64 || request.RepId?.Length > 64)
        {
            errors[request.TeamId?.Length > 64 ? "teamId" : "repId"] = ["At most 64 characters."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var created = await webhooks.CreateAsync(
            new NewWebhook { Name = request.Name!, Url = request.Url!, Format = request.Format, TeamId = request.TeamId, RepId = request.RepId },
            context.User.Identity?.Name ?? "api",
            cancellationToken);
        return TypedResults.Created($"/api/webhooks/{created.Webhook.Id}", created);
    }

    internal static async Task<Results<NoContent, NotFound>> DisableAsync(int id, HttpContext context, WebhookSubscriptionService webhooks, CancellationToken cancellationToken) =>
        await webhooks.DisableAsync(id, context.User.Identity?.Name ?? "api", cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();
}

/// <summary>A new subscription: <c>teamId</c> and/or <c>repId</c> narrow it; both empty means every lead event.</summary>
public sealed record WebhookRequest(string? Name, string? Url, WebhookFormat Format = WebhookFormat.Json, string? TeamId = null, string? RepId = null);
