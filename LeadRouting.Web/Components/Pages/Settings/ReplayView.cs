using LeadRouting.Core.Replay;
using LeadRouting.Web.Components.Shared;
using LeadRouting.Web.Localization;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace LeadRouting.Web.Components.Pages.Settings;

/// <summary>
/// How the replay page shows a result: rows in reading order, numbers, times and words as the reader reads them (their
/// culture and zone through <see cref="PersonFormat"/>, German or English through the page's resource file), no renderer needed.
/// </summary>
public sealed class ReplayView(ReplayResult result, PersonFormat format, IStringLocalizer<ReplaySettings> text)
{
    /// <summary>How many reps the load chart shows: those whose load changes most.</summary>
    public const int ChartReps = 12;

    public ReplayResult Result { get; } = result;

    public string Window => $"{format.Date(Result.From)} – {format.Date(Result.To)}";

    /// <summary>Reps that get a lead under either version, the biggest change first (then by rep id).</summary>
    public IReadOnlyList<RepLoadChange> RepLoads { get; } = [.. result.RepLoads
        .Where(r => r.PublishedAssigned > 0 || r.DraftAssigned > 0)
        .OrderByDescending(r => Math.Abs(r.Change))
        .ThenBy(r => r.RepId.Value, StringComparer.Ordinal)];

    public IReadOnlyList<RepLoadChange> ChartedReps => [.. RepLoads.Take(ChartReps)];

    public string[] ChartLabels => [.. ChartedReps.Select(r => r.Name)];

    public List<ChartSeries<double>> ChartSeries =>
    [
        new() { Name = text["Live"], Data = ChartedReps.Select(r => (double)r.PublishedAssigned).ToList() },
        new() { Name = text["Draft"], Data = ChartedReps.Select(r => (double)r.DraftAssigned).ToList() },
    ];

    /// <summary>Teams that have due leads under either version.</summary>
    public IReadOnlyList<TeamSlaPressureComparison> Teams { get; } = [.. result.Teams.Where(t => (t.Published?.DueLeads ?? 0) + (t.Draft?.DueLeads ?? 0) > 0)];

    public string Signed(int change) => change switch
    {
        > 0 => "+" + format.Number(change),
        < 0 => "−" + format.Number(-change),
        _ => "0",
    };

    public string Count(int? value) => value is { } v ? format.Number(v) : "—";

    public string Percent(double? share) => share is { } s ? format.Percent(s, 1) : "—";

    /// <summary>A deviation in percentage points.</summary>
    public string Points(double? deviation) => deviation is { } d ? text["{0} pp", format.Number(d * 100, 1)] : "—";

    public string Rate(double? value) => value is { } v ? format.Number(v, 2) : "—";

    public string When(DateTimeOffset instant) => format.DateTime(instant);

    /// <summary>A pool's name ("DACH Sales pool") in the reader's language, as the trace says it.</summary>
    public static string Pool(string description) => TraceText.Of(description, CultureInfo.CurrentUICulture);

    /// <summary>Where a version puts a lead, in one line: status and action, then team and owner.</summary>
    public string Describe(ReplayOutcome outcome)
    {
        var result = outcome.MergedInto is { } into
            ? text["merged into {0}", into.Value].Value
            : $"{RoutingWords.Say(outcome.Status, format.Culture)} · {RoutingWords.Say(outcome.Action, format.Culture)}";
        if (outcome.Team is not null)
        {
            result += $" · {outcome.Team}";
        }

        if (outcome.OwnerName is not null)
        {
            result += $" · {outcome.OwnerName}";
        }

        return result;
    }

    public string Changes(ReplayChange changes) =>
        string.Join(", ", Enum.GetValues<ReplayChange>().Where(c => c != ReplayChange.None && changes.HasFlag(c)).Select(Change));

    private string Change(ReplayChange change) => change switch
    {
        ReplayChange.Owner => text["owner changed"],
        ReplayChange.Team => text["team changed"],
        ReplayChange.Action => text["action changed"],
        ReplayChange.Status => text["status changed"],
        _ => change.ToString().ToLowerInvariant(),
    };
}
