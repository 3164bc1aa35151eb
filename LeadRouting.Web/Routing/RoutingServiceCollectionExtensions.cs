namespace LeadRouting.Web.Routing;

public static class RoutingServiceCollectionExtensions
{
    /// <summary>
    /// The clock and the routing preview over the published configuration and the live state (playground,
    /// <c>/rules</c>, <c>POST /api/routing/preview</c>).
    /// </summary>
    public static IServiceCollection AddLeadRoutingPreview(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<LiveRoutingState>();
        services.AddSingleton<PreviewService>();
        return services;
    }
}
