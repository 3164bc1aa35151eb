namespace LeadRouting.Web.Routing;

public static class RoutingServiceCollectionExtensions
{
    /// <summary>
    /// The routing configuration (published versions, the draft, named accounts, rep availability) and the routing
    /// preview over the published configuration and the live state (playground, <c>/rules</c>,
    /// <c>POST /api/routing/preview</c>).
    /// </summary>
    public static IServiceCollection AddLeadRoutingRouting(this IServiceCollection services)
    {
        services.AddSingleton<ConfigurationStore>();
        services.AddSingleton<ConfigurationDrafts>();
        services.AddSingleton<RepAvailabilityService>();
        services.AddSingleton<FairShareService>();
        services.AddSingleton<NamedAccountsService>();
        services.AddSingleton<AccountMatcherIndex>();
        services.AddSingleton<Leads.SamePersonBackfill>();
        services.AddSingleton<LiveRoutingState>();
        services.AddSingleton<PreviewService>();
        return services;
    }
}
