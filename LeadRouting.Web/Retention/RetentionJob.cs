using Quartz;

namespace LeadRouting.Web.Retention;

/// <summary>
/// Runs retention on the scheduler's trigger (every <c>Retention:Interval</c>, default hourly). Never twice at once, also
/// not when a run takes longer than the interval; on PostgreSQL the clustered scheduler runs each fire on one instance.
/// </summary>
[DisallowConcurrentExecution]
public sealed class RetentionJob(RetentionRunner runner) : IJob
{
    public static readonly JobKey Key = new("retention", "maintenance");

    public static readonly TriggerKey TriggerKey = new("retention-every-interval", "maintenance");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await runner.RunAsync(cancellationToken);
}
