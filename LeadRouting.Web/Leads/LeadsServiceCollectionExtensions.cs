using LeadRouting.Web.Jobs;
using LeadRouting.Web.Routing;

namespace LeadRouting.Web.Leads;

public static class LeadsServiceCollectionExtensions
{
    /// <summary>The lead lifecycle: the writer, ingestion and import, rep and manager actions, the escalation sweep.</summary>
    public static IServiceCollection AddLeadRoutingIngestion(this IServiceCollection services)
    {
        services.AddSingleton<LeadWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<LeadWriter>());
        services.AddSingleton<LeadIngestionService>();
        services.AddSingleton<LeadActionsService>();
        services.AddSingleton<ActionLinks>();
        services.AddSingleton<RepResponses>();
        services.AddOptions<Notifications.SlackOptions>().BindConfiguration("Slack");
        services.AddOptions<NudgeOptions>().BindConfiguration(NudgeOptions.Section)
            .Validate(NudgeOptions.IsValid, "Nudges:AcceptancePercents and Nudges:ResponsePercents take whole percents 1–99; Nudges:ManagerHeadsUpMinutes 0–1440.")
            .ValidateOnStart();
        services.AddSingleton<NudgeSweep>();
        services.AddSingleton<EscalationSweep>();
        services.AddSingleton<IEscalationSweep>(sp => sp.GetRequiredService<EscalationSweep>());
        services.AddSingleton<LeadImportService>();
        services.AddSingleton<ImportProfiles>();
        services.AddMemoryCache();
        services.AddSingleton<ImportDownloads>();
        return services;
    }
}
