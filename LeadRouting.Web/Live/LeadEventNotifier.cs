using System.Collections.Immutable;
using System.Threading.Channels;

namespace LeadRouting.Web.Live;

/// <summary>
/// The in-process source of live lead events: the outbox dispatcher publishes after commit, Blazor views and the
/// SignalR hub subscribe. Every subscriber has its own queue and its own pump, so a slow or throwing subscriber
/// delays only itself and <see cref="Publish"/> never waits.
/// </summary>
/// <remarks>
/// <para>
/// A subscriber that falls <see cref="QueueCapacity"/> events behind loses the oldest ones (logged, at most once per
/// <see cref="DropWarningInterval"/>): live views refresh from the database anyway, and nothing durable depends on
/// this queue (email and webhooks are delivered from the outbox).
/// </para>
/// <para>
/// With several instances (DESIGN.md "Architecture") each outbox message is dispatched on one instance only, so the
/// Redis relay (<see cref="RedisLeadEventRelay"/>) brings the other instances' events in through
/// <see cref="PublishFromOtherInstance"/>. Those reach only subscribers that ask for them: the hub feed must not
/// forward them, because the SignalR backplane already carries the originating instance's hub messages everywhere.
/// </para>
/// </remarks>
public sealed class LeadEventNotifier(ILogger<LeadEventNotifier> logger, TimeProvider? time = null)
{
    public const int QueueCapacity = 1_000;
    public static readonly TimeSpan DropWarningInterval = TimeSpan.FromMinutes(1);

    private readonly ILogger _logger = logger;
    private readonly WarningThrottle _dropWarnings = new(time ?? TimeProvider.System, DropWarningInterval);
    private ImmutableArray<Subscription> _subscriptions = [];

    public int SubscriberCount => _subscriptions.Length;

    /// <summary>An event that happened on this instance: every subscriber hears it.</summary>
    public void Publish(LeadEvent leadEvent)
    {
        ArgumentNullException.ThrowIfNull(leadEvent);
        // ImmutableArray is a struct over one array reference; reading it once gives a consistent snapshot.
        foreach (var subscription in _subscriptions)
        {
            subscription.Post(leadEvent);
        }
    }

    /// <summary>An event another instance published (relayed through Redis): only subscribers that include other instances hear it.</summary>
    public void PublishFromOtherInstance(LeadEvent leadEvent)
    {
        ArgumentNullException.ThrowIfNull(leadEvent);
        foreach (var subscription in _subscriptions)
        {
            if (subscription.IncludesOtherInstances)
            {
                subscription.Post(leadEvent);
            }
        }
    }

    /// <summary>
    /// Calls <paramref name="handler"/> for every event published from now on, one at a time, until disposed.
    /// Views want every instance's events (the default); what passes events on to other instances by itself (the
    /// hub feed, the relay) asks for this instance's only.
    /// </summary>
    public IDisposable Subscribe(Func<LeadEvent, Task> handler, bool includeOtherInstances = true)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var subscription = new Subscription(this, handler, includeOtherInstances);
        ImmutableInterlocked.Update(ref _subscriptions, static (list, s) => list.Add(s), subscription);
        subscription.Start();
        return subscription;
    }

    private void Remove(Subscription subscription) =>
        ImmutableInterlocked.Update(ref _subscriptions, static (list, s) => list.Remove(s), subscription);

    private void OnDropped(LeadEvent dropped)
    {
        if (_dropWarnings.ShouldLog(out var heldBack))
        {
            _logger.LogWarning("A live subscriber fell {Capacity} events behind; dropped the {Kind} event of lead {LeadId} ({HeldBack} more dropped since the last warning).",
                QueueCapacity, dropped.Kind, dropped.LeadId, heldBack);
        }
    }

    private sealed class Subscription(LeadEventNotifier owner, Func<LeadEvent, Task> handler, bool includeOtherInstances) : IDisposable
    {
        private readonly Channel<LeadEvent> _queue = Channel.CreateBounded<LeadEvent>(
            new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest },
            owner.OnDropped);

        public bool IncludesOtherInstances { get; } = includeOtherInstances;

        public void Start() => _ = Task.Run(PumpAsync);

        public void Post(LeadEvent leadEvent) => _queue.Writer.TryWrite(leadEvent);

        public void Dispose()
        {
            owner.Remove(this);
            _queue.Writer.TryComplete();
        }

        private async Task PumpAsync()
        {
            await foreach (var leadEvent in _queue.Reader.ReadAllAsync())
            {
                try
                {
                    await handler(leadEvent);
                }
                catch (Exception ex)
                {
                    // One broken view must not silence the others or stop its own later events.
                    owner._logger.LogError(ex, "A live subscriber failed on the {Kind} event of lead {LeadId}.", leadEvent.Kind, leadEvent.LeadId);
                }
            }
        }
    }
}
