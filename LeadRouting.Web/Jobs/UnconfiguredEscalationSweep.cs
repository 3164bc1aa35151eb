namespace LeadRouting.Web.Jobs;

/// <summary>
/// Stands in until the real sweep is registered, so the app and its scheduler start without one. Says so once
/// (not every few seconds) and escalates nothing.
/// </summary>
internal sealed class UnconfiguredEscalationSweep(ILogger<UnconfiguredEscalationSweep> logger) : IEscalationSweep
{
    private int _warned;

    public Task<EscalationSweepResult> RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        if (Interlocked.Exchange(ref _warned, 1) == 0)
        {
            logger.LogWarning("No escalation sweep is configured (no IEscalationSweep registered): the escalation job runs but escalates nothing.");
        }

        return Task.FromResult(EscalationSweepResult.Nothing);
    }
}
