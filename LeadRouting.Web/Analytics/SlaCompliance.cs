namespace LeadRouting.Web.Analytics;

/// <summary>One lead's first response, as compliance counts it.</summary>
public sealed record ResponseSample(string Key, DateTimeOffset ReceivedAt, DateTimeOffset? FirstTouchAt, ResponseStatus Status);

/// <summary><paramref name="Count"/> leads of a group with the same first-response outcome and time to first touch (null: never touched).</summary>
public sealed record ResponseTally(string Key, ResponseStatus Status, TimeSpan? ResponseTime, int Count);

/// <summary>SLA compliance of a group (region, team or rep): leads decided, % met, median and p90 time to first response.</summary>
public sealed record ComplianceRow(string Key, int Decided, int Met, TimeSpan? Median, TimeSpan? P90)
{
    public double? MetShare => Decided == 0 ? null : (double)Met / Decided;
}

/// <summary>
/// SLA compliance as the board shows it. A lead counts once its first response is decided: <c>Met</c> or <c>Missed</c>
/// (a touch after the target, or none by the escalation). Response times are from receipt to first touch, wall-clock;
/// leads never touched count as missed but have no response time. The board reads tallies (leads counted per group,
/// outcome and whole minute in the database) rather than one row per lead; the percentiles are then to the minute.
/// </summary>
public static class SlaCompliance
{
    public static IReadOnlyList<ComplianceRow> Summarise(IEnumerable<ResponseSample> samples) =>
        Summarise(samples.Select(s => new ResponseTally(s.Key, s.Status, s.FirstTouchAt - s.ReceivedAt, 1)));

    public static IReadOnlyList<ComplianceRow> Summarise(IEnumerable<ResponseTally> tallies) =>
        [.. tallies
            .Where(t => t.Status != ResponseStatus.Pending && t.Count > 0)
            .GroupBy(t => t.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var times = g.Where(t => t.ResponseTime is not null).GroupBy(t => t.ResponseTime!.Value).Select(t => (Time: t.Key, Count: t.Sum(x => x.Count))).OrderBy(t => t.Time).ToList();
                return new ComplianceRow(g.Key, g.Sum(t => t.Count), g.Where(t => t.Status == ResponseStatus.Met).Sum(t => t.Count), Percentile(times, 0.5), Percentile(times, 0.9));
            })
            .OrderBy(r => r.MetShare ?? 1)
            .ThenBy(r => r.Key, StringComparer.Ordinal)];

    /// <summary>Nearest-rank percentile of sorted distinct values, each occurring <c>Count</c> times; null for none.</summary>
    public static TimeSpan? Percentile(IReadOnlyList<(TimeSpan Time, int Count)> sorted, double p)
    {
        var total = sorted.Sum(t => (long)t.Count);
        if (total == 0)
        {
            return null;
        }

        var rank = Math.Clamp((long)Math.Ceiling(p * total), 1, total);
        foreach (var (time, count) in sorted)
        {
            rank -= count;
            if (rank <= 0)
            {
                return time;
            }
        }

        return sorted[^1].Time;
    }

    public static string Format(TimeSpan? span) => span switch
    {
        null => "—",
        { TotalMinutes: < 60 } s => $"{s.TotalMinutes:0} min",
        { TotalHours: < 48 } s => $"{s.TotalHours:0.#} h",
        var s => $"{s.Value.TotalDays:0.#} d",
    };
}
