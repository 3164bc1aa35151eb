using LeadRouting.Core.Replay;
using MudBlazor;

namespace LeadRouting.Web.Components.Pages.Settings;

/// <summary>How the replay page shows a result: rows in reading order and numbers as people read them (no renderer needed).</summary>
public sealed class ReplayView(ReplayResult result)
{
    /// <summary>How many reps the load chart shows: those whose load changes most.</summary>
    public const int ChartReps = 12;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public ReplayResult Result { get; } = result;

    public string Window =>
        $"{Result.From.ToString("d MMM yyyy", Invariant)} – {Result.To.ToString("d MMM yyyy", Invariant)}";

    /// <summary>Reps that get a lead under either version, the biggest change first (then by rep id).</summary>
    public IReadOnlyList<RepLoadChange> RepLoads { get; } = [.. result.RepLoads
        .Where(r => r.PublishedAssigned > 0 || r.DraftAssigned > 0)
        .OrderByDescending(r => Math.Abs(r.Change))
        .ThenBy(r => r.RepId.Value, StringComparer.Ordinal)];

    public IReadOnlyList<RepLoadChange> ChartedReps => [.. RepLoads.Take(ChartReps)];

    public string[] ChartLabels => [.. ChartedReps.Select(r => r.Name)];

    public List<ChartSeries<double>> ChartSeries =>
    [
        new() { Name = "Live", Data = ChartedReps.Select(r => (double)r.PublishedAssigned).ToList() },
        new() { Name = "Draft", Data = ChartedReps.Select(r => (double)r.DraftAssigned).ToList() },
    ];

    /// <summary>Teams that have due leads under either version.</summary>
    public IReadOnlyList<TeamSlaPressureComparison> Teams { get; } = [.. result.Teams.Where(t => (t.Published?.DueLeads ?? 0) + (t.Draft?.DueLeads ?? 0) > 0)];

    public static string Signed(int change) => change switch
    {
        > 0 => "+" + change.ToString("N0", Invariant),
        < 0 => "−" + (-change).ToString("N0", Invariant),
        _ => "0",
    };

    public static string Count(int? value) => value is { } v ? v.ToString("N0", Invariant) : "—";

    public static string Percent(double? share) => share is { } s ? (s * 100).ToString("0.#", Invariant) + " %" : "—";

    /// <summary>A deviation in percentage points.</summary>
    public static string Points(double? deviation) => deviation is { } d ? (d * 100).ToString("0.#", Invariant) + " pp" : "—";

    public static string Rate(double? value) => value is { } v ? v.ToString("0.###", Invariant) : "—";

    public static string Hours(double? value) => value is { } v ? v.ToString("N0", Invariant) + " h" : "—";

    public static string When(DateTimeOffset instant) => instant.ToUniversalTime().ToString("d MMM HH:mm 'UTC'", Invariant);

    /// <summary>Where a version puts a lead, in one line: status and action, then team and owner.</summary>
    public static string Describe(ReplayOutcome outcome)
    {
        var text = outcome.MergedInto is { } into ? $"merged into {into}" : $"{outcome.Status} · {outcome.Action}";
        if (outcome.Team is not null)
        {
            text += $" · {outcome.Team}";
        }

        if (outcome.OwnerName is not null)
        {
            text += $" · {outcome.OwnerName}";
        }

        return text;
    }

    public static string Changes(ReplayChange changes) =>
        string.Join(", ", Enum.GetValues<ReplayChange>().Where(c => c != ReplayChange.None && changes.HasFlag(c)).Select(c => c.ToString().ToLowerInvariant()));
}
