using System.Collections.Concurrent;
using System.Diagnostics;

namespace LeadRouting.Web.Telemetry;

/// <summary>
/// The app's spans (activity source <c>LeadRouting</c>): <c>lead.ingest</c> on the request, <c>writer.batch</c> on the
/// writer, <c>routing.decide</c> inside it, then <c>outbox.dispatch</c> and one <c>notification.deliver</c> per channel
/// send. Tags name a lead by its id, an action, a team, a channel, an outcome — <b>never</b> an email, a name or a
/// recipient: spans leave the app (OTLP) and are kept by other systems, out of reach of erasure.
/// </summary>
public static class LeadRoutingTracing
{
    public const string SourceName = "LeadRouting";

    public static readonly ActivitySource Source = new(SourceName);

    public const string LeadIdTag = "leadrouting.lead.id";
    public const string ActionTag = "leadrouting.action";
    public const string TeamTag = "leadrouting.team";
    public const string StatusTag = "leadrouting.status";
    public const string OutcomeTag = "leadrouting.outcome";
    public const string ChannelTag = "leadrouting.channel";
    public const string EventKindTag = "leadrouting.event";
    public const string SourceTag = "leadrouting.source";
    public const string BatchSizeTag = "leadrouting.batch.size";

    /// <summary>
    /// Where the outbox work of a lead or a message continues its trace. The outbox is a table, polled by another loop
    /// (maybe on another instance), so the trace context would otherwise end at the commit; in this process a routed
    /// lead's context is kept here for its dispatch, and a dispatched message's for its deliveries. Bounded: past
    /// <see cref="MaxRemembered"/> entries it starts over (a lost entry costs a parent, nothing else). Empty while
    /// nobody traces.
    /// </summary>
    private static readonly ConcurrentDictionary<string, ActivityContext> Continuations = new(StringComparer.Ordinal);

    private const int MaxRemembered = 10_000;
    private static int _remembered;

    public static void RememberLead(string leadId, Activity? activity) => Remember("lead:" + leadId, activity);

    public static void RememberMessage(long outboxMessageId, Activity? activity) => Remember("outbox:" + outboxMessageId.ToString(CultureInfo.InvariantCulture), activity);

    /// <summary>The context of the lead's routing, once: a later event of the lead (an escalation) starts its own trace.</summary>
    public static ActivityContext TakeLead(string leadId) =>
        !Continuations.IsEmpty && Continuations.TryRemove("lead:" + leadId, out var context) ? context : default;

    /// <summary>The context of the message's dispatch, for each of its deliveries (and their retries).</summary>
    public static ActivityContext OfMessage(long outboxMessageId) =>
        !Continuations.IsEmpty && Continuations.TryGetValue("outbox:" + outboxMessageId.ToString(CultureInfo.InvariantCulture), out var context) ? context : default;

    private static void Remember(string key, Activity? activity)
    {
        if (activity is null || !activity.Recorded)
        {
            return;
        }

        if (Interlocked.Increment(ref _remembered) > MaxRemembered)
        {
            Continuations.Clear();
            Interlocked.Exchange(ref _remembered, 0);
        }

        Continuations[key] = activity.Context;
    }

    /// <summary>
    /// Marks a span failed with the exception's type only (a message may quote a recipient's address). Returns false, so
    /// an exception filter can mark the span without catching.
    /// </summary>
    public static bool MarkFailed(Activity? activity, Exception error)
    {
        activity?.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
        activity?.SetTag(OutcomeTag, "failed");
        return false;
    }
}
