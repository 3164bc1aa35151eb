using MudBlazor;
using MudBlazor.Services;

namespace LeadRouting.Web.Components;

public static class ComponentsServiceCollectionExtensions
{
    /// <summary>Blazor Server components with MudBlazor.</summary>
    public static IServiceCollection AddLeadRoutingUi(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices(options => options.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomRight);
        return services;
    }

    /// <summary>Empty error responses: problem details under <c>/api</c>, the not-found page for people everywhere else.</summary>
    public static IApplicationBuilder UseLeadRoutingStatusPages(this IApplicationBuilder app)
    {
        // Order matters: the API's handler is inner, so it writes its problem body first and the outer re-execution,
        // which only acts on empty responses, leaves it alone. (Re-execution inside a UseWhen branch finds no endpoint.)
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseWhen(IsApi, api => api.UseStatusCodePages());
        return app;
    }

    private static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api");

    /// <summary>
    /// The interactive pages (server render mode; the first response is prerendered). Every page needs a signed-in
    /// person unless it says <c>[AllowAnonymous]</c> (the login page); pages add role policies with <c>[Authorize]</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapLeadRoutingUi(this IEndpointRouteBuilder endpoints)
    {
        // The framework's own "frame-ancestors 'self'" would be a second policy beside the full one every response
        // carries (Security/SecurityHeaders), which says the same and more.
        endpoints.MapRazorComponents<App>()
            .AddInteractiveServerRenderMode(options => options.ContentSecurityFrameAncestorsPolicy = null)
            .RequireAuthorization();
        return endpoints;
    }
}
