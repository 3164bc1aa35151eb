using Quartz;

namespace LeadRouting.Web.Jobs;

/// <summary>
/// Runs the SLA escalation sweep on the scheduler's trigger (every <c>Scheduling:SweepIntervalSeconds</c>). Quartz
/// only decides <em>when to look</em>; <em>what is due</em> is decided by the sweep from the injected
/// <see cref="TimeProvider"/>, the clock the routing core uses and tests fake.
/// </summary>
[DisallowConcurrentExecution]
public sealed class EscalationSweepJob(IEscalationSweep sweep, TimeProvider time, ILogger<EscalationSweepJob> logger) : IJob
{
    public static readonly JobKey Key = new("escalation-sweep", "sla");

    /// <summary>
    /// Batches run back to back in one execution while the sweep reports more due, up to this many, so a backlog
    /// (say, after downtime) drains without waiting an interval per batch, yet a sweep that always says "more"
    /// cannot hold the job for ever: the next fire carries on.
    /// </summary>
    internal const int MaxBatchesPerRun = 50;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        for (var batch = 1; ; batch++)
        {
            var now = time.GetUtcNow();
            var result = await sweep.RunAsync(now, cancellationToken);
            logger.Log(
                result.Total > 0 ? LogLevel.Information : LogLevel.Debug,
                "Escalation sweep ran for {Now:O} (batch {Batch}): {Reassigned} reassigned, {Escalated} escalated, {Unassigned} unassigned, more due: {MoreDue}.",
                now, batch, result.Reassigned, result.Escalated, result.Unassigned, result.MoreDue);

            if (!result.MoreDue)
            {
                return;
            }

            if (batch == MaxBatchesPerRun)
            {
                logger.LogWarning("Escalation sweep still reports more due after {Batches} batches; the next fire continues.", batch);
                return;
            }
        }
    }
}
