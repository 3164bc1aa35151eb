using LeadRouting.Web.Components.Shared;
using LeadRouting.Core.Analytics;
using LeadRouting.Web.Analytics;
using LeadRouting.Web.Localization;
using Microsoft.Extensions.Localization;
using MudBlazor;
using MudBlazor.Charts;

namespace LeadRouting.Web.Components.Pages.Analytics;

// First in the file: its resx (AnalyticsView.de.resx) takes the name of the file's first type.
/// <summary>
/// The chart data of <c>/analytics</c>, built from the reports without a renderer, in the person's language and formats:
/// labels and series for MudBlazor's <c>MudChart</c> (line, heat map, Sankey) and the speed-to-lead bars with their
/// intervals as whiskers. The reports themselves stay culture-free (the API serves them as JSON).
/// </summary>
public sealed class AnalyticsView(AnalyticsSnapshot snapshot, PersonFormat format, IStringLocalizer<AnalyticsView> text)
{
    public AnalyticsSnapshot Snapshot { get; } = snapshot;

    /// <summary>At most this many axis labels are written; the others stay empty so the dates do not overlap.</summary>
    public const int MaxAxisLabels = 10;

    /// <summary>Response times are charted in hours once the slowest p90 of the period passes this.</summary>
    public const double HoursFromMinutes = 180;

    /// <summary>
    /// One label per day ("30 Nov" / "30. Nov.") or week ("w/c 23 Nov") of the period (the report's days are calendar
    /// days); for long periods only every n-th is written.
    /// </summary>
    public string[] SlaLabels
    {
        get
        {
            var points = Snapshot.Sla.OverTime;
            var every = Math.Max(1, (int)Math.Ceiling(points.Count / (double)MaxAxisLabels));
            return
            [
                .. points.Select((p, i) =>
                {
                    if (i % every != 0)
                    {
                        return "";
                    }

                    var day = format.Day(DateOnly.FromDateTime(p.Start.DateTime)); // the local day: Start is at its zone's offset
                    return Snapshot.Sla.Granularity == ReportGranularity.Week ? text["w/c {0}", day].Value : day;
                }),
            ];
        }
    }

    /// <summary>% of decided first responses met per day or week; a day without decided responses has no point.</summary>
    public List<ChartSeries<double>> SlaMetSeries =>
    [
        new() { Name = text["% met"], Data = Snapshot.Sla.OverTime.Select(p => p.MetShare is { } s ? Math.Round(s * 100, 1) : (double?)null).ToList() },
    ];

    /// <summary>Whether the response-time chart is in hours: minutes would run into the hundreds.</summary>
    public bool TimesInHours => Snapshot.Sla.OverTime.Any(p => p.P90Minutes > HoursFromMinutes);

    /// <summary>Median and p90 time from receipt to first touch per day or week, in minutes or (see <see cref="TimesInHours"/>) hours.</summary>
    public List<ChartSeries<double>> SlaTimeSeries
    {
        get
        {
            var hours = TimesInHours;
            double? Scale(double? minutes) => minutes is { } m && hours ? Math.Round(m / 60, 1) : minutes;
            return
            [
                new() { Name = hours ? text["median (h)"] : text["median (min)"], Data = Snapshot.Sla.OverTime.Select(p => Scale(p.MedianMinutes)).ToList() },
                new() { Name = hours ? text["p90 (h)"] : text["p90 (min)"], Data = Snapshot.Sla.OverTime.Select(p => Scale(p.P90Minutes)).ToList() },
            ];
        }
    }

    /// <summary>Conversion per response-time bucket, each with its 95 % interval (drawn as a whisker inside the bar).</summary>
    public IReadOnlyList<SpeedBar> SpeedBars =>
    [
        .. Snapshot.SpeedToLead.Buckets.Select(b => new SpeedBar(BucketName(b.Key, b.Name), Percent(b.Rate), Percent(b.Lower), Percent(b.Upper), ConversionText(b))),
    ];

    public static string[] HeatLabels { get; } = [.. Enumerable.Range(0, 24).Select(h => h.ToString("00", CultureInfo.InvariantCulture))];

    /// <summary>
    /// One row per weekday (Monday first, named in the person's language), one column per hour: mean minutes from receipt
    /// to first touch of the leads received then; 0 where no lead was touched.
    /// </summary>
    public List<ChartSeries<double>> HeatSeries =>
    [
        .. ReportQueries.Weekdays.Select(day => new ChartSeries<double>
        {
            Name = format.Culture.DateTimeFormat.GetAbbreviatedDayName(day),
            Data = Snapshot.Heatmap.Cells.Where(c => c.Weekday == day).OrderBy(c => c.Hour).Select(c => Math.Round(c.MeanMinutes ?? 0, 1)).ToArray(),
        }),
    ];

    /// <summary>The heat map's legend: from 0 to the slowest cell's mean, in minutes (hours when long), with its midpoint.</summary>
    public IReadOnlyList<string> HeatLegend
    {
        get
        {
            var max = Snapshot.Heatmap.Cells.Max(c => c.MeanMinutes) ?? 0;
            return [format.Duration(TimeSpan.Zero), format.Duration(TimeSpan.FromMinutes(max / 2)), format.Duration(TimeSpan.FromMinutes(max))];
        }
    }

    /// <summary>The routing flow as Sankey edges between node labels (source → action → team), in the person's language.</summary>
    public List<ChartSeries<double>> FlowSeries
    {
        get
        {
            var labels = Snapshot.Flow.Nodes.ToDictionary(n => n.Id, NodeName, StringComparer.Ordinal);
            var edges = Snapshot.Flow.Links.Where(l => l.Leads > 0).Select(l => new SankeyEdge<double>(labels[l.Source], labels[l.Target], l.Leads)).ToList();
            return edges.Count == 0 ? [] : [new() { Name = text["leads"], Data = edges }];
        }
    }

    public bool HasFlow => Snapshot.Flow.Links.Any(l => l.Leads > 0);

    /// <summary>A height that gives each node of the fullest column room for its label, so labels do not overlap.</summary>
    public string FlowHeight => $"{Math.Max(320, 44 * Snapshot.Flow.Nodes.GroupBy(n => n.Column).Select(g => g.Count()).DefaultIfEmpty(0).Max())}px";

    /// <summary>A flow node's name: the source, the treatment (plain words) or the team.</summary>
    public string NodeName(FlowNode node)
    {
        var (kind, value) = node.Id.Split(':', 2) is [var k, var v] ? (k, v) : ("", node.Label);
        return kind switch
        {
            "source" when Enum.TryParse<SignalType>(value, out var source) => SourceName(source),
            "action" when Enum.TryParse<TreatmentAction>(value, out var action) => ActionName(action),
            "team" when value == "none" => text["No team"],
            _ => node.Label,
        };
    }

    /// <summary>A source in the words every page uses (<see cref="RoutingWords"/>), in the reader's language.</summary>
    public string SourceName(SignalType source) => RoutingWords.Say(source, format.Culture);

    /// <summary>A treatment in the words every page uses (<see cref="RoutingWords"/>), in the reader's language.</summary>
    public string ActionName(TreatmentAction action) => RoutingWords.Say(action, format.Culture);

    /// <summary>A speed-to-lead bucket's name ("&lt; 5 min", "nie" …) from its key.</summary>
    public string BucketName(string key, string fallback) => Enum.TryParse<ResponseBucket>(key, out var bucket)
        ? bucket switch
        {
            ResponseBucket.Under5Minutes => text["< 5 min"],
            ResponseBucket.From5To30Minutes => text["5–30 min"],
            ResponseBucket.From30To60Minutes => text["30–60 min"],
            ResponseBucket.From1To4Hours => text["1–4 h"],
            ResponseBucket.From4To24Hours => text["4–24 h"],
            ResponseBucket.Over24Hours => text["> 24 h"],
            _ => text["never"],
        }
        : fallback;

    public string FlagName(LoadFlag flag) => flag switch
    {
        LoadFlag.Overloaded => text["Overloaded"],
        LoadFlag.Underloaded => text["Underloaded"],
        _ => text["Balanced"],
    };

    /// <summary>"50 % (9–91 %)" in the person's number format; "—" with nothing closed.</summary>
    public string ConversionText(ConversionRow row) => RateText(row.Rate, row.Lower, row.Upper);

    /// <summary>A booking rate as <see cref="ConversionText"/> writes a conversion: "67 % (30–90 %)"; "—" with nothing offered.</summary>
    public string BookingText(BookingRow row) => RateText(row.Rate, row.Lower, row.Upper);

    /// <summary>A share with its 95 % interval in the person's number format; "—" without a share.</summary>
    public string RateText(double? rate, double? lower, double? upper) => rate is { } r && lower is { } low && upper is { } high
        ? text["{0} ({1}–{2})", Whole(r), Whole(low).Replace("%", "", StringComparison.Ordinal).Trim(), Whole(high)]
        : "—";

    /// <summary>A duration as the person reads it ("30 min", "2 h"); "—" when unknown.</summary>
    public string Duration(TimeSpan? duration) => duration is { } d ? format.Duration(d) : "—";

    private string Whole(double share) => format.Percent(Math.Round(share * 100, MidpointRounding.AwayFromZero) / 100);

    /// <summary>0–100 scale for a bar or an interval.</summary>
    public static double? Percent(double? share) => share is { } s ? Math.Round(s * 100, 1) : null;

    /// <summary>Minutes as the person reads a duration ("45 min", "3 h 20 min"); "—" when unknown.</summary>
    public string Minutes(double? minutes) => minutes is { } m ? format.Duration(TimeSpan.FromMinutes(m)) : "—";

    public string Share(double? share) => share is { } s ? format.Percent(s) : "—";
}

/// <summary>Every report the page shows for one filter.</summary>
public sealed record AnalyticsSnapshot(
    SlaReport Sla,
    ConversionReport Conversion,
    SpeedToLeadReport SpeedToLead,
    HeatmapReport Heatmap,
    CapacityReport Capacity,
    FlowReport Flow,
    BookingReport? Booking = null);

/// <summary>One bar of the speed-to-lead chart: conversion and its 95 % interval on a 0–100 scale (null: nothing closed).</summary>
public sealed record SpeedBar(string Label, double? Rate, double? Lower, double? Upper, string Text);
