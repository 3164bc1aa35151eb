using LeadRouting.Web.Leads;
using Quartz;

namespace LeadRouting.Web.Jobs;

/// <summary>
/// Runs the nudge sweep (<see cref="NudgeSweep"/>, issue 19 part 3) on the escalation sweep's interval. What is due is
/// decided from the injected <see cref="TimeProvider"/>; sending each nudge once is the sweep's conditional insert, not
/// the scheduler's, so a fire taken twice changes nothing twice.
/// </summary>
[DisallowConcurrentExecution]
public sealed class NudgeSweepJob(NudgeSweep sweep, TimeProvider time, ILogger<NudgeSweepJob> logger) : IJob
{
    public static readonly JobKey Key = new("nudge-sweep", "sla");

    public static readonly TriggerKey TriggerKey = new("nudge-sweep-every-interval", "sla");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var sent = await sweep.RunAsync(now, cancellationToken);
        logger.Log(sent > 0 ? LogLevel.Information : LogLevel.Debug, "Nudge sweep ran for {Now:O}: {Sent} nudges sent.", now, sent);
    }
}

public static class NudgeSchedule
{
    /// <summary>
    /// Adds <see cref="NudgeSweepJob"/> every <paramref name="interval"/> when the sweep is registered and
    /// <c>Nudges:Enabled</c> is not false. Like the escalation sweep, a misfire (downtime) runs once at once.
    /// </summary>
    public static void AddNudgeJob(this IQuartzBuilder quartz, IServiceCollection services, IConfiguration configuration, TimeSpan interval)
    {
        var settings = configuration.GetSection(NudgeOptions.Section).Get<NudgeOptions>() ?? new NudgeOptions();
        if (!settings.Enabled || !services.Any(d => d.ServiceType == typeof(NudgeSweep)))
        {
            return;
        }

        quartz.AddJob<NudgeSweepJob>(job => job
            .WithIdentity(NudgeSweepJob.Key)
            .StoreDurably()
            .WithDescription("Nudges before a breach: remind owners at points of their windows, warn managers of high-intent leads."));
        quartz.AddTrigger(trigger => trigger
            .ForJob(NudgeSweepJob.Key)
            .WithIdentity(NudgeSweepJob.TriggerKey)
            .StartNow()
            .WithSimpleSchedule(schedule => schedule
                .WithInterval(interval)
                .RepeatForever()
                .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NowWithExistingCount))
            .WithMisfireThreshold(interval)
            .WithDescription($"Every {interval.TotalSeconds:0} s"));
    }
}
