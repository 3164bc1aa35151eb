using System.Globalization;
using System.Text;
using LeadRouting.Benchmarks.Scenario;
using LeadRouting.Core.Routing;

namespace LeadRouting.Benchmarks.Comparison;

/// <summary>
/// Routes every generated lead through both implementations against the same state and counts where they agree.
/// A throughput ratio only means something when both sides decide the same thing, so the benchmark program runs
/// this first and refuses to benchmark when action, tier or segment differ for any lead.
/// </summary>
public static class EquivalenceCheck
{
    public static async Task<EquivalenceReport> RunAsync(RoutingScenario scenario, RulesEngineRouter router)
    {
        var engine = scenario.Engine;
        var positions = engine.Segments.Ordered
            .Select((segment, index) => (segment.Id, index))
            .ToDictionary(x => x.Id, x => x.index + 1);

        var report = new EquivalenceReport { Leads = scenario.Leads.Count, Segments = engine.Segments.Count };
        foreach (var lead in scenario.Leads)
        {
            var native = engine.Route(lead, scenario.State, RoutingScenario.Now);
            var ours = ComparableDecision.From(native);
            var theirs = await router.RouteAsync(lead, scenario.State, RoutingScenario.Now);

            var core = ours.Action == theirs.Action && ours.Tier == theirs.Tier && ours.SegmentId == theirs.SegmentId;
            report.Action += ours.Action == theirs.Action ? 1 : 0;
            report.Tier += ours.Tier == theirs.Tier ? 1 : 0;
            report.Segment += ours.SegmentId == theirs.SegmentId ? 1 : 0;
            report.ActionTierSegment += core ? 1 : 0;
            report.Status += ours.Status == theirs.Status ? 1 : 0;
            report.Team += ours.TeamId == theirs.TeamId ? 1 : 0;
            report.Owner += ours.OwnerId == theirs.OwnerId ? 1 : 0;
            report.Sla += ours.SlaPolicy == theirs.SlaPolicy && ours.RespondBy == theirs.RespondBy ? 1 : 0;
            report.Everything += ours == theirs ? 1 : 0;
            if (ours != theirs && report.Mismatches.Count < 10)
            {
                report.Mismatches.Add($"{lead.Email}: LeadRouting {ours} | RulesEngine {theirs}");
            }

            Count(report.ByStatus, native.Status.ToString());
            Count(report.ByAction, native.Action.ToString());
            Count(report.ByDistribution, native.Distribution.ToString());
            if (native.SegmentId is { } segmentId)
            {
                report.SegmentPositions.Add(positions[segmentId]);
            }
        }

        return report;
    }

    private static void Count(SortedDictionary<string, int> counts, string key) =>
        counts[key] = counts.GetValueOrDefault(key) + 1;
}

public sealed class EquivalenceReport
{
    public int Leads { get; init; }
    public int Segments { get; init; }
    public int Action { get; set; }
    public int Tier { get; set; }
    public int Segment { get; set; }
    public int ActionTierSegment { get; set; }
    public int Status { get; set; }
    public int Team { get; set; }
    public int Owner { get; set; }
    public int Sla { get; set; }
    public int Everything { get; set; }
    public List<string> Mismatches { get; } = [];
    public SortedDictionary<string, int> ByStatus { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, int> ByAction { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, int> ByDistribution { get; } = new(StringComparer.Ordinal);

    /// <summary>1-based position, in priority order, of each lead's matching segment: how deep a linear scan must go.</summary>
    public List<int> SegmentPositions { get; } = [];

    /// <summary>The comparison is meaningful only when these three agree for every lead.</summary>
    public bool Equivalent => ActionTierSegment == Leads;

    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Equivalence check over {Leads} generated leads (LeadRouting vs RulesEngine, same state, same instant):");
        text.AppendLine(CultureInfo.InvariantCulture, $"  action + tier + segment agree: {ActionTierSegment}/{Leads}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  action {Action}/{Leads}, tier {Tier}/{Leads}, segment {Segment}/{Leads}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  status {Status}/{Leads}, team {Team}/{Leads}, owner {Owner}/{Leads}, SLA policy + respond-by {Sla}/{Leads}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  all compared fields: {Everything}/{Leads}");
        foreach (var mismatch in Mismatches)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  MISMATCH {mismatch}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"  statuses: {Describe(ByStatus)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  actions: {Describe(ByAction)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  distribution: {Describe(ByDistribution)}");
        if (SegmentPositions.Count > 0)
        {
            var sorted = SegmentPositions.Order().ToList();
            text.AppendLine(CultureInfo.InvariantCulture,
                $"  matched segment position in priority order: mean {sorted.Average():F1}, median {sorted[sorted.Count / 2]}, " +
                $"p90 {sorted[(int)(sorted.Count * 0.9)]}, max {sorted[^1]} of {Segments}; {sorted.Count(p => p == Segments)} lead(s) fell through to the last (catch-all)");
        }

        return text.ToString();
    }

    private static string Describe(SortedDictionary<string, int> counts) =>
        string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}"));
}
