namespace LeadRouting.Web.Hubs;

public static class HubsEndpointRouteBuilderExtensions
{
    /// <summary>The SignalR hub for external clients at <see cref="RoutingHub.Path"/>.</summary>
    public static IEndpointRouteBuilder MapLeadRoutingHubs(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHub<RoutingHub>(RoutingHub.Path);
        return endpoints;
    }
}
