namespace LeadRouting.Web.Routing;

public static class RoutingServiceCollectionExtensions
{
    /// <summary>The clock and the routing preview over the demo roster (playground and <c>POST /api/routing/preview</c>).</summary>
    public static IServiceCollection AddLeadRoutingPreview(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<PreviewService>();
        return services;
    }
}
