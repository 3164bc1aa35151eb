using LeadRouting.Web.Data;
using LeadRouting.Web.Hosting;
using Quartz;

namespace LeadRouting.Web.Retention;

public static class RetentionServiceCollectionExtensions
{
    /// <summary>
    /// The <c>Retention</c> settings (validated at start), the built-in rules and the runner. The job is scheduled by
    /// <c>AddLeadRoutingScheduling</c> (<see cref="AddRetentionJob"/>), so it runs in the one persistent scheduler.
    /// </summary>
    public static IServiceCollection AddLeadRoutingRetention(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<RetentionOptions>(configuration);
        // In this order: finished deliveries first, so a processed message whose last deliveries go now goes in the same run.
        services.AddScoped<IRetentionRule>(sp => SqlRetentionRule.NotificationDeliveries(sp.GetRequiredService<LeadRoutingStorage>()));
        services.AddScoped<IRetentionRule>(sp => SqlRetentionRule.ProcessedOutboxMessages(sp.GetRequiredService<LeadRoutingStorage>()));
        services.AddScoped<IRetentionRule>(sp => SqlRetentionRule.AuditEvents(sp.GetRequiredService<LeadRoutingStorage>()));
        services.AddScoped<IRetentionRule>(sp => SqlRetentionRule.SentNudges(sp.GetRequiredService<LeadRoutingStorage>()));
        services.AddScoped<IRetentionRule>(sp => SqlRetentionRule.UsedActionLinks(sp.GetRequiredService<LeadRoutingStorage>()));
        services.AddScoped<IRetentionRule, MailSinkRetentionRule>();
        services.AddScoped<IRetentionRule, ClosedLeadsRetentionRule>();
        services.AddScoped<RetentionRunner>();
        return services;
    }

    /// <summary>
    /// Adds <see cref="RetentionJob"/> and its trigger to the scheduler when retention is registered
    /// (<see cref="AddLeadRoutingRetention"/>, called before <c>AddLeadRoutingScheduling</c>) and <c>Retention:Enabled</c>
    /// is not false. A host with the scheduler alone (the scheduling tests) gets no job it could not run.
    /// </summary>
    public static void AddRetentionJob(this IQuartzBuilder quartz, IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(RetentionOptions.Section).Get<RetentionOptions>() ?? new RetentionOptions();
        if (!settings.Enabled || !services.Any(d => d.ServiceType == typeof(RetentionRunner)))
        {
            return;
        }

        quartz.AddJob<RetentionJob>(job => job
            .WithIdentity(RetentionJob.Key)
            .StoreDurably()
            .WithDescription("Retention: remove processed outbox messages, finished deliveries, old audit events, nudge and link records, and mail files."));
        quartz.AddTrigger(trigger => trigger
            .ForJob(RetentionJob.Key)
            .WithIdentity(RetentionJob.TriggerKey)
            // A restart keeps the trigger's firing history (ScheduleTriggerRelativeToReplacedTrigger), so "now" is the
            // first fire only on a new scheduler.
            .StartNow()
            .WithSimpleSchedule(schedule => schedule
                .WithInterval(settings.Interval)
                .RepeatForever()
                // Missed runs (downtime) are not replayed one by one: one run at once removes everything due by then.
                .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NowWithExistingCount))
            .WithDescription($"Every {settings.Interval}"));
    }
}
