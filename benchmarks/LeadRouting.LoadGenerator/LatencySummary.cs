using System.Diagnostics;
using System.Globalization;

namespace LeadRouting.LoadGenerator;

/// <summary>Percentiles of a set of latencies (nearest rank: p99 is a latency that 99% of the samples did not exceed).</summary>
public sealed record LatencySummary(int Count, double P50, double P90, double P99, double Max, double Mean)
{
    public static LatencySummary FromTicks(IEnumerable<long> stopwatchTicks)
    {
        var sorted = stopwatchTicks.Order().ToArray();
        if (sorted.Length == 0)
        {
            return new LatencySummary(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        return new LatencySummary(
            sorted.Length,
            Milliseconds(Rank(sorted, 0.50)),
            Milliseconds(Rank(sorted, 0.90)),
            Milliseconds(Rank(sorted, 0.99)),
            Milliseconds(sorted[^1]),
            Milliseconds((long)sorted.Average()));
    }

    public override string ToString() => Count == 0
        ? "no samples"
        : string.Create(CultureInfo.InvariantCulture, $"p50 {P50:F1}  p90 {P90:F1}  p99 {P99:F1}  max {Max:F1}  (mean {Mean:F1}, {Count:N0} samples)");

    private static long Rank(long[] sorted, double quantile) =>
        sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
