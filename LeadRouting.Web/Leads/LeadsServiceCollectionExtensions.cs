using LeadRouting.Web.Jobs;
using LeadRouting.Web.Routing;

namespace LeadRouting.Web.Leads;

public static class LeadsServiceCollectionExtensions
{
    /// <summary>Lead ingestion over the published configuration.</summary>
    public static IServiceCollection AddLeadRoutingIngestion(this IServiceCollection services)
    {
        services.AddSingleton<ConfigurationStore>();
        services.AddSingleton<ConfigurationDrafts>();
        services.AddSingleton<RepAvailabilityService>();
        services.AddSingleton<NamedAccountsService>();
        services.AddSingleton<LeadWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<LeadWriter>());
        services.AddSingleton<LeadIngestionService>();
        services.AddSingleton<LeadActionsService>();
        services.AddSingleton<EscalationSweep>();
        services.AddSingleton<IEscalationSweep>(sp => sp.GetRequiredService<EscalationSweep>());
        services.AddSingleton<LeadImportService>();
        return services;
    }
}
