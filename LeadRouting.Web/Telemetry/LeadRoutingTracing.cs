using System.Collections.Concurrent;
using System.Diagnostics;

namespace LeadRouting.Web.Telemetry;

/// <summary>
/// The app's spans (activity source <c>LeadRouting</c>): the ingestion's tags on the request's own HTTP server span
/// (<see cref="StartIngest"/>; a <c>lead.ingest</c> span only where there is no request: imports, demo traffic),
/// <c>writer.batch</c> on the writer, <c>routing.decide</c> inside it, then <c>outbox.dispatch</c> and one
/// <c>notification.deliver</c> span per durable delivery attempt (email, webhook); a send of an in-process channel (the
/// in-app push) is a <c>notification.deliver</c> event on the dispatch span (<see cref="RecordDeliveredAtOnce"/>).
/// Tags name a lead by its id, an action, a team, a channel, an outcome — <b>never</b> an email, a name or a
/// recipient: spans leave the app (OTLP) and are kept by other systems, out of reach of erasure.
/// </summary>
/// <remarks>
/// Fewer spans per lead is what telemetry's cost per lead is made of (docs/BENCHMARKS.md, issue 18): each span is an
/// <see cref="Activity"/> allocated, started, stopped, queued and serialised for OTLP. Tags are set only on a span that
/// records (<see cref="Activity.IsAllDataRequested"/>), so a sampled-out lead costs no tag work.
/// </remarks>
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

    /// <summary>The activity source of ASP.NET Core's HTTP server spans.</summary>
    public const string AspNetCoreSourceName = "Microsoft.AspNetCore";

    /// <summary>The name of a channel send, as a span (durable deliveries) or as an event on <c>outbox.dispatch</c> (in-process sends).</summary>
    public const string DeliverName = "notification.deliver";

    /// <summary>
    /// The span that carries one ingestion's tags. A submission of the API arrives on its own HTTP request, whose server
    /// span (ASP.NET Core's) then gets the tags itself: a child span would only repeat its start and end. A CSV row, a
    /// demo lead or anything else without a request of its own starts a <c>lead.ingest</c> span. Null when nothing
    /// records (no listener, or sampled out).
    /// </summary>
    /// <param name="ownRequest">False for an import row: the import runs many rows under one request or none.</param>
    public static IngestSpan StartIngest(bool ownRequest)
    {
        if (!Source.HasListeners())
        {
            // Nobody traces (ASP.NET Core may still keep an activity of its own for its log scopes): nothing to tag.
            return default;
        }

        if (ownRequest && Activity.Current is { Kind: ActivityKind.Server } request && request.Source.Name == AspNetCoreSourceName)
        {
            return new IngestSpan(request.IsAllDataRequested ? request : null, owned: false);
        }

        var own = Source.StartActivity("lead.ingest");
        return new IngestSpan(own is { IsAllDataRequested: true } ? own : null, owned: true, own);
    }

    /// <summary>
    /// A send of an in-process channel (the in-app push: no delivery row, no retry), recorded as a
    /// <c>notification.deliver</c> event on the dispatch span rather than a span of its own.
    /// </summary>
    public static void RecordDeliveredAtOnce(Activity? dispatch, string channel, string outcome, Exception? error = null)
    {
        if (dispatch is not { IsAllDataRequested: true })
        {
            return;
        }

        var tags = new ActivityTagsCollection { [ChannelTag] = channel, [OutcomeTag] = outcome };
        if (error is not null)
        {
            // The type only: a message may quote a recipient's address.
            tags["error.type"] = error.GetType().Name;
        }

        dispatch.AddEvent(new ActivityEvent(DeliverName, tags: tags));
    }

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
    /// The span of one ingestion (<see cref="StartIngest"/>): <see cref="Activity"/> is where its tags go (null while
    /// nothing records); disposing ends the span only when the ingestion started it, never the request's.
    /// </summary>
    public readonly struct IngestSpan : IDisposable
    {
        private readonly Activity? _started;

        internal IngestSpan(Activity? activity, bool owned, Activity? started = null)
        {
            Activity = activity;
            _started = owned ? started : null;
        }

        public Activity? Activity { get; }

        public void Dispose() => _started?.Dispose();
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
