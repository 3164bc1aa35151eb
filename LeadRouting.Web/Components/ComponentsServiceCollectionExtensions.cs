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

    /// <summary>The interactive pages (server render mode; the first response is prerendered).</summary>
    public static IEndpointRouteBuilder MapLeadRoutingUi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return endpoints;
    }
}
