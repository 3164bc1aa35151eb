using System.Diagnostics;
using System.Diagnostics.Metrics;
using LeadRouting.Web.Leads;

namespace LeadRouting.Web.Telemetry;

/// <summary>
/// The domain's instruments (meter <c>LeadRouting</c>); the writer keeps its own (<c>LeadRouting.Writer</c>). Every tag
/// has few values — a source, a stage, an action, a team, a channel, an outcome — never a lead, a person or an email, so a
/// series per combination stays cheap for Prometheus. With no listener (telemetry off) an instrument is disabled and a
/// call costs a flag check: callers build tags only when <see cref="Instrument.Enabled"/>.
/// </summary>
public static class LeadRoutingMetrics
{
    public const string MeterName = "LeadRouting";

    /// <summary>The writer's meter (Leads/LeadWriter), exported with this one.</summary>
    public const string WriterMeterName = "LeadRouting.Writer";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> LeadsIngested = Meter.CreateCounter<long>(
        "leadrouting.leads.ingested", "{lead}", "Submissions answered by ingestion (API, form, import), by source, outcome and the lead's status after it.");

    public static readonly Counter<long> RoutingDecisions = Meter.CreateCounter<long>(
        "leadrouting.routing.decisions", "{decision}", "Committed routing decisions of new and re-routed leads, by treatment action and team.");

    public static readonly Histogram<double> DecisionDuration = Meter.CreateHistogram(
        "leadrouting.routing.decision.duration", "ms", "Time the routing engine took for one decision (inside the writer).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250] });

    public static readonly Counter<long> Escalations = Meter.CreateCounter<long>(
        "leadrouting.escalations", "{lead}", "Leads the escalation sweep acted on: reassigned, sent to Unassigned, or escalated to the manager.");

    public static readonly Counter<long> NotificationDeliveries = Meter.CreateCounter<long>(
        "leadrouting.notifications.deliveries", "{attempt}", "Notification attempts by channel and outcome (delivered, retry, failed).");

    public static readonly Counter<long> SlaResponses = Meter.CreateCounter<long>(
        "leadrouting.sla.responses", "{lead}", "First responses against the SLA: met, or missed (touched late, or escalated untouched).");

    /// <summary>The <c>outcome</c> label of an ingestion: a constant, so telemetry off allocates nothing per lead.</summary>
    public static string OutcomeName(IngestOutcome outcome) => outcome switch
    {
        IngestOutcome.Created => "created",
        IngestOutcome.Merged => "merged",
        IngestOutcome.Replayed => "replayed",
        IngestOutcome.Invalid => "invalid",
        _ => "other",
    };

    public static void CountIngested(SignalType? source, string outcome, LeadStage? status)
    {
        if (LeadsIngested.Enabled)
        {
            LeadsIngested.Add(1,
                new KeyValuePair<string, object?>("source", source?.ToString() ?? "none"),
                new KeyValuePair<string, object?>("outcome", outcome),
                new KeyValuePair<string, object?>("status", status?.ToString() ?? "none"));
        }
    }

    /// <summary>Counts decisions once their transaction committed (<see cref="RoutedLeads"/>).</summary>
    public static void CountDecisions(RoutedLeads? routed)
    {
        if (routed is null)
        {
            return;
        }

        foreach (var (action, team, milliseconds) in routed.Decisions)
        {
            var tags = new TagList { { "action", action.ToString() }, { "team", team ?? "none" } };
            RoutingDecisions.Add(1, tags);
            DecisionDuration.Record(milliseconds, tags);
        }
    }

    public static void CountEscalations(string outcome, int count)
    {
        if (count > 0 && Escalations.Enabled)
        {
            Escalations.Add(count, new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    public static void CountDelivery(string channel, string outcome)
    {
        if (NotificationDeliveries.Enabled)
        {
            NotificationDeliveries.Add(1, new KeyValuePair<string, object?>("channel", channel), new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    public static void CountSla(ResponseStatus status, int count = 1)
    {
        if (count > 0 && SlaResponses.Enabled)
        {
            SlaResponses.Add(count, new KeyValuePair<string, object?>("outcome", status == ResponseStatus.Met ? "met" : "missed"));
        }
    }
}

/// <summary>
/// What one writer item routed, kept until its transaction commits: an item can be rolled back to its savepoint and
/// run again, and a rolled-back decision must not count. Made only while the decision counter has a listener.
/// </summary>
public sealed class RoutedLeads
{
    private readonly List<(TreatmentAction Action, string? Team, double Milliseconds)> _decisions = [];

    public IReadOnlyList<(TreatmentAction Action, string? Team, double Milliseconds)> Decisions => _decisions;

    /// <summary>A new one while someone listens, else null (nothing is kept, nothing timed).</summary>
    public static RoutedLeads? IfObserved() =>
        LeadRoutingMetrics.RoutingDecisions.Enabled || LeadRoutingMetrics.DecisionDuration.Enabled ? new RoutedLeads() : null;

    /// <summary>The item starts (again): what an earlier run of it decided was rolled back.</summary>
    public void Restart() => _decisions.Clear();

    public void Add(RoutingDecision decision, long startedTimestamp) =>
        _decisions.Add((decision.Action, decision.Team, Stopwatch.GetElapsedTime(startedTimestamp).TotalMilliseconds));
}
