namespace LeadRouting.LoadGenerator;

/// <summary>
/// Brings the app to speed before anything is measured. Under load the app needs 15-30 s on this project's two-core
/// machines before tiered JIT compilation has replaced its first, unoptimised code: it ingests about 150 leads/s at first
/// and three to four times that afterwards (docs/BENCHMARKS.md, issue 3).
/// </summary>
public static class Warmup
{
    /// <summary>Closed-loop clients of the warm-up, whatever the mode.</summary>
    public const int Clients = 8;

    public static async Task RunAsync(IngestClient client, LeadMix mix, LoadOptions options)
    {
        if (options.WarmupSeconds > 0)
        {
            await ClosedLoopRun.RunPhaseAsync(client, mix, Clients, TimeSpan.FromSeconds(options.WarmupSeconds), record: false);
        }
    }
}
