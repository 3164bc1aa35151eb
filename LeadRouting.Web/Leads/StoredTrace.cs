using System.Text.Json;

namespace LeadRouting.Web.Leads;

/// <summary>
/// One step of a decision trace as it is kept: the routing core's <see cref="TraceStep"/> with its sentences rendered.
/// The one shape of a trace outside the core — stored on the decision row (<see cref="StoredTrace"/>), answered by the
/// API as it is, and shown by <c>Components/Shared/TraceTimeline</c> on every page that explains a decision.
/// </summary>
public sealed record StoredTraceStep(string Step, string Input, string Outcome, IReadOnlyList<StoredExclusion> Excluded)
{
    public static StoredTraceStep From(TraceStep step) =>
        new(step.Step, step.Input, step.Outcome, [.. step.Excluded.Select(e => new StoredExclusion(e.RepId.Value, e.RepName, e.Reason))]);
}

/// <summary>A rep a step ruled out, and why.</summary>
public sealed record StoredExclusion(string RepId, string RepName, string Reason);

/// <summary>Reading and writing the decision row's <c>TraceJson</c>.</summary>
public static class StoredTrace
{
    public static List<StoredTraceStep> Of(RoutingDecision decision) => [.. decision.Trace.Select(StoredTraceStep.From)];

    public static string Serialize(IReadOnlyList<StoredTraceStep> trace) => JsonSerializer.Serialize(trace, ConfigurationJson.Compact);

    public static List<StoredTraceStep> Parse(string traceJson) =>
        JsonSerializer.Deserialize<List<StoredTraceStep>>(traceJson, ConfigurationJson.Options) ?? [];
}
