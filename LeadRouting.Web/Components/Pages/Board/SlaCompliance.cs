using LeadRouting.Core.Sla;

namespace LeadRouting.Web.Components.Pages.Board;

/// <summary>One lead's first response, as compliance counts it.</summary>
public sealed record ResponseSample(string Key, DateTimeOffset ReceivedAt, DateTimeOffset? FirstTouchAt, ResponseStatus Status);

/// <summary>SLA compliance of a group (team or rep): leads decided, % met, median and p90 time to first response.</summary>
public sealed record ComplianceRow(string Key, int Decided, int Met, TimeSpan? Median, TimeSpan? P90)
{
    public double? MetShare => Decided == 0 ? null : (double)Met / Decided;
}

/// <summary>
/// SLA compliance as the board shows it. A lead counts once its first response is decided: <c>Met</c> or <c>Missed</c>
/// (a touch after the target, or none by the escalation). Response times are from receipt to first touch, wall-clock;
/// leads never touched count as missed but have no response time.
/// </summary>
public static class SlaCompliance
{
    public static IReadOnlyList<ComplianceRow> Summarise(IEnumerable<ResponseSample> samples) =>
        [.. samples
            .Where(s => s.Status != ResponseStatus.Pending)
            .GroupBy(s => s.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var times = g.Where(s => s.FirstTouchAt is not null).Select(s => s.FirstTouchAt!.Value - s.ReceivedAt).Order().ToList();
                return new ComplianceRow(g.Key, g.Count(), g.Count(s => s.Status == ResponseStatus.Met), Percentile(times, 0.5), Percentile(times, 0.9));
            })
            .OrderBy(r => r.MetShare ?? 1)
            .ThenBy(r => r.Key, StringComparer.Ordinal)];

    /// <summary>Nearest-rank percentile of sorted values; null for none.</summary>
    public static TimeSpan? Percentile(IReadOnlyList<TimeSpan> sorted, double p) =>
        sorted.Count == 0 ? null : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    public static string Format(TimeSpan? span) => span switch
    {
        null => "—",
        { TotalMinutes: < 60 } s => $"{s.TotalMinutes:0} min",
        { TotalHours: < 48 } s => $"{s.TotalHours:0.#} h",
        var s => $"{s.Value.TotalDays:0.#} d",
    };
}
