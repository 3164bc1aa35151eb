using LeadRouting.Web.Analytics;
using MudBlazor;
using MudBlazor.Charts;

namespace LeadRouting.Web.Components.Pages.Analytics;

/// <summary>Every report the page shows for one filter.</summary>
public sealed record AnalyticsSnapshot(
    SlaReport Sla,
    ConversionReport Conversion,
    SpeedToLeadReport SpeedToLead,
    HeatmapReport Heatmap,
    CapacityReport Capacity,
    FlowReport Flow);

/// <summary>
/// The chart data of <c>/analytics</c>, built from the reports without a renderer: labels and series for MudBlazor's
/// <c>MudChart</c> (line, bar, heat map, Sankey).
/// </summary>
public sealed class AnalyticsView(AnalyticsSnapshot snapshot)
{
    public AnalyticsSnapshot Snapshot { get; } = snapshot;

    /// <summary>At most this many axis labels are written; the others stay empty so the dates do not overlap.</summary>
    public const int MaxAxisLabels = 10;

    /// <summary>One label per day ("30 Nov") or week ("w/c 23 Nov") of the period; for long periods only every n-th is written.</summary>
    public string[] SlaLabels
    {
        get
        {
            var points = Snapshot.Sla.OverTime;
            var every = Math.Max(1, (int)Math.Ceiling(points.Count / (double)MaxAxisLabels));
            return
            [
                .. points.Select((p, i) => i % every != 0 ? ""
                    : (Snapshot.Sla.Granularity == ReportGranularity.Week ? "w/c " : "") + p.Start.UtcDateTime.ToString("d MMM", CultureInfo.InvariantCulture)),
            ];
        }
    }

    /// <summary>% of decided first responses met per day or week; a day without decided responses has no point.</summary>
    public List<ChartSeries<double>> SlaMetSeries =>
    [
        new() { Name = "% met", Data = Snapshot.Sla.OverTime.Select(p => p.MetShare is { } s ? Math.Round(s * 100, 1) : (double?)null).ToList() },
    ];

    /// <summary>Median and p90 minutes from receipt to first touch per day or week.</summary>
    public List<ChartSeries<double>> SlaTimeSeries =>
    [
        new() { Name = "median min", Data = Snapshot.Sla.OverTime.Select(p => p.MedianMinutes).ToList() },
        new() { Name = "p90 min", Data = Snapshot.Sla.OverTime.Select(p => p.P90Minutes).ToList() },
    ];

    public string[] SpeedLabels => [.. Snapshot.SpeedToLead.Buckets.Select(b => b.Name)];

    /// <summary>Conversion % per response-time bucket, with the interval's ends as two more series.</summary>
    public List<ChartSeries<double>> SpeedSeries =>
    [
        new() { Name = "conversion %", Data = Snapshot.SpeedToLead.Buckets.Select(b => Percent(b.Rate)).ToList() },
        new() { Name = "95 % low", Data = Snapshot.SpeedToLead.Buckets.Select(b => Percent(b.Lower)).ToList() },
        new() { Name = "95 % high", Data = Snapshot.SpeedToLead.Buckets.Select(b => Percent(b.Upper)).ToList() },
    ];

    public static string[] HeatLabels { get; } = [.. Enumerable.Range(0, 24).Select(h => h.ToString("00", CultureInfo.InvariantCulture))];

    /// <summary>
    /// One row per weekday (Monday first), one column per hour: mean minutes from receipt to first touch of the leads
    /// received then; 0 where no lead was touched (the tooltip table below the chart says which cells had leads).
    /// </summary>
    public List<ChartSeries<double>> HeatSeries =>
    [
        .. ReportQueries.Weekdays.Select(day => new ChartSeries<double>
        {
            Name = CultureInfo.InvariantCulture.DateTimeFormat.GetAbbreviatedDayName(day),
            Data = Snapshot.Heatmap.Cells.Where(c => c.Weekday == day).OrderBy(c => c.Hour).Select(c => Math.Round(c.MeanMinutes ?? 0, 1)).ToArray(),
        }),
    ];

    /// <summary>The routing flow as Sankey edges between node labels (source → action → team).</summary>
    public List<ChartSeries<double>> FlowSeries
    {
        get
        {
            var labels = Snapshot.Flow.Nodes.ToDictionary(n => n.Id, n => n.Label, StringComparer.Ordinal);
            var edges = Snapshot.Flow.Links.Where(l => l.Leads > 0).Select(l => new SankeyEdge<double>(labels[l.Source], labels[l.Target], l.Leads)).ToList();
            return edges.Count == 0 ? [] : [new() { Name = "leads", Data = edges }];
        }
    }

    public bool HasFlow => Snapshot.Flow.Links.Any(l => l.Leads > 0);

    /// <summary>0–100 scale for the interval bar under a conversion rate.</summary>
    public static double? Percent(double? share) => share is { } s ? Math.Round(s * 100, 1) : null;

    public static string Minutes(double? minutes) => minutes switch
    {
        null => "—",
        < 60 => $"{minutes:0} min",
        < 2880 => $"{minutes / 60:0.#} h",
        _ => $"{minutes / 1440:0.#} d",
    };

    public static string Share(double? share) => share is { } s ? $"{s * 100:0} %" : "—";
}
