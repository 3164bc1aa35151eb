using System.Collections.Immutable;
using System.Threading.Channels;

namespace LeadRouting.Web.Live;

/// <summary>
/// The in-process source of live lead events: the outbox dispatcher publishes after commit, Blazor views and the
/// SignalR hub subscribe. Every subscriber has its own queue and its own pump, so a slow or throwing subscriber
/// delays only itself and <see cref="Publish"/> never waits.
/// </summary>
/// <remarks>
/// A subscriber that falls <see cref="QueueCapacity"/> events behind loses the oldest ones (logged): live views
/// refresh from the database anyway, and nothing durable depends on this queue (email and webhooks are delivered
/// from the outbox).
/// </remarks>
public sealed class LeadEventNotifier(ILogger<LeadEventNotifier> logger)
{
    public const int QueueCapacity = 1_000;

    private readonly ILogger _logger = logger;
    private ImmutableArray<Subscription> _subscriptions = [];

    public int SubscriberCount => _subscriptions.Length;

    public void Publish(LeadEvent leadEvent)
    {
        ArgumentNullException.ThrowIfNull(leadEvent);
        // ImmutableArray is a struct over one array reference; reading it once gives a consistent snapshot.
        foreach (var subscription in _subscriptions)
        {
            subscription.Post(leadEvent);
        }
    }

    /// <summary>Calls <paramref name="handler"/> for every event published from now on, one at a time, until disposed.</summary>
    public IDisposable Subscribe(Func<LeadEvent, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var subscription = new Subscription(this, handler);
        ImmutableInterlocked.Update(ref _subscriptions, static (list, s) => list.Add(s), subscription);
        subscription.Start();
        return subscription;
    }

    private void Remove(Subscription subscription) =>
        ImmutableInterlocked.Update(ref _subscriptions, static (list, s) => list.Remove(s), subscription);

    private sealed class Subscription(LeadEventNotifier owner, Func<LeadEvent, Task> handler) : IDisposable
    {
        private readonly Channel<LeadEvent> _queue = Channel.CreateBounded<LeadEvent>(
            new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest },
            dropped => owner._logger.LogWarning("A live subscriber fell {Capacity} events behind; dropped the {Kind} event of lead {LeadId}.", QueueCapacity, dropped.Kind, dropped.LeadId));

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
