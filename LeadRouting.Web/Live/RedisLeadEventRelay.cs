using System.Text.Json;
using StackExchange.Redis;

namespace LeadRouting.Web.Live;

/// <summary>
/// Carries lead events between instances for the Blazor views (DESIGN.md "Architecture": several instances, one
/// database). Each outbox message is dispatched on one instance only, so every event this instance publishes goes out
/// on the Redis channel <see cref="ChannelName"/>, tagged with this instance's id, and every event another instance
/// sent comes in through <see cref="LeadEventNotifier.PublishFromOtherInstance"/>.
/// </summary>
/// <remarks>
/// The hub feed is not fed from here: the SignalR backplane already takes the originating instance's hub messages to
/// every instance, and a second path would deliver them twice. Sending never holds up routing or the outbox
/// dispatcher: the relay is an ordinary notifier subscriber with its own bounded queue, so when Redis is slow or down
/// the oldest events wait there or are dropped (logged, rate-limited). Pub/sub keeps nothing for an instance that is
/// away; views reload from the database, so a missed event costs only a late refresh.
/// </remarks>
public sealed class RedisLeadEventRelay(
    RedisLiveConnection connection,
    LeadEventNotifier notifier,
    TimeProvider time,
    ILogger<RedisLeadEventRelay> logger) : BackgroundService
{
    /// <summary>The channel, after the connection's channel prefix (<see cref="RedisLiveConnection.DefaultChannelPrefix"/>).</summary>
    public const string ChannelName = "lead-events";

    public static readonly TimeSpan WarningInterval = TimeSpan.FromMinutes(1);

    private static readonly RedisChannel Channel = RedisChannel.Literal(ChannelName);

    private readonly WarningThrottle _sendWarnings = new(time, WarningInterval);
    private readonly WarningThrottle _receiveWarnings = new(time, WarningInterval);
    private ChannelMessageQueue? _incoming;
    private IDisposable? _outgoing;

    /// <summary>Tells this instance's messages from the others' on the shared channel.</summary>
    public string InstanceId { get; } = $"{Environment.MachineName}:{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var redis = await connection.GetAsync().WaitAsync(stoppingToken);
        var subscriber = redis.GetSubscriber();

        // Fire-and-forget: the subscription is registered at once and StackExchange.Redis sends it to the server when
        // it can, and again after every reconnect, so an instance that starts while Redis is down needs no retry loop.
        _incoming = subscriber.Subscribe(Channel, CommandFlags.FireAndForget);
        _incoming.OnMessage(Receive);
        _outgoing = notifier.Subscribe(leadEvent => SendAsync(subscriber, leadEvent), includeOtherInstances: false);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _outgoing?.Dispose();
        if (_incoming is { } incoming)
        {
            try
            {
                await incoming.UnsubscribeAsync(CommandFlags.FireAndForget);
            }
            catch (RedisException ex)
            {
                // The server forgets the subscription with the connection anyway.
                logger.LogDebug(ex, "Unsubscribing from the lead event channel failed.");
            }
        }

        await base.StopAsync(cancellationToken);
    }

    private async Task SendAsync(ISubscriber subscriber, LeadEvent leadEvent)
    {
        try
        {
            var message = JsonSerializer.SerializeToUtf8Bytes(new RelayedLeadEvent { Origin = InstanceId, Event = leadEvent }, LeadEventJson.Options);
            await subscriber.PublishAsync(Channel, message);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            if (_sendWarnings.ShouldLog(out var heldBack))
            {
                logger.LogWarning(ex, "Could not relay the {Kind} event of lead {LeadId} to the other instances through Redis ({HeldBack} more not relayed since the last warning).",
                    leadEvent.Kind, leadEvent.LeadId, heldBack);
            }
        }
    }

    private void Receive(ChannelMessage message)
    {
        RelayedLeadEvent? relayed;
        try
        {
            relayed = JsonSerializer.Deserialize<RelayedLeadEvent>((byte[])message.Message!, LeadEventJson.Options);
        }
        catch (JsonException ex)
        {
            relayed = null;
            if (_receiveWarnings.ShouldLog(out var heldBack))
            {
                logger.LogWarning(ex, "Ignored a message on the lead event channel that is not a relayed lead event ({HeldBack} more since the last warning).", heldBack);
            }
        }

        // Redis sends every message back to its publisher too; this instance's own events are already out.
        if (relayed is { Event: { } leadEvent } && relayed.Origin != InstanceId)
        {
            notifier.PublishFromOtherInstance(leadEvent);
        }
    }

    /// <summary>What goes over the channel: the event as the hub sends it, and who sent it.</summary>
    private sealed record RelayedLeadEvent
    {
        public required string Origin { get; init; }
        public required LeadEvent Event { get; init; }
    }
}
