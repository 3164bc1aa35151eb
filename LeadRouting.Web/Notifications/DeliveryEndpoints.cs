using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Polly;
using Polly.CircuitBreaker;

namespace LeadRouting.Web.Notifications;

/// <summary>
/// The places deliveries go, kept apart so that one which hangs or fails delays only its own deliveries: each webhook
/// subscription is an endpoint, and so is the SMTP server all email goes through
/// (<see cref="INotificationChannel.EndpointPerRecipient"/>). Each endpoint gets, on first use:
/// <list type="bullet">
/// <item>a <b>concurrency limit</b> (<see cref="NotificationOptions.MaxConcurrentPerEndpoint"/>, a
/// <see cref="ConcurrencyLimiter"/>): a hanging endpoint holds at most that many of the dispatcher's slots, and its other
/// due deliveries are not even claimed (<see cref="Busy"/>);</item>
/// <item>a <b>time limit</b> per attempt (<see cref="NotificationOptions.AttemptTimeout"/>, Polly, on the app's clock);</item>
/// <item>a <b>circuit breaker</b> (Polly): once at least <see cref="MinimumThroughput"/> attempts in the last
/// <see cref="SamplingDuration"/> were made and half of them failed, the endpoint is not called for
/// <see cref="NotificationOptions.CircuitBreakDuration"/>; then one attempt probes it, and a success closes it.</item>
/// </list>
/// State is in memory, per instance: a restarted instance starts every circuit closed.
/// </summary>
public sealed class DeliveryEndpoints(NotificationOptions options, TimeProvider time) : IDisposable
{
    /// <summary>Attempts an endpoint must have had in the window before its failure ratio can open the circuit.</summary>
    public const int MinimumThroughput = 4;

    /// <summary>Failed share of the attempts in the window that opens the circuit.</summary>
    public const double FailureRatio = 0.5;

    private readonly ConcurrentDictionary<DeliveryEndpointKey, DeliveryEndpoint> _endpoints = new();

    /// <summary>The window over which failures are counted: long enough to see attempts that time out.</summary>
    public TimeSpan SamplingDuration { get; } = options.AttemptTimeout * 2 > TimeSpan.FromMinutes(1) ? options.AttemptTimeout * 2 : TimeSpan.FromMinutes(1);

    public DeliveryEndpoint For(DeliveryEndpointKey key) => _endpoints.GetOrAdd(key, k => new DeliveryEndpoint(k, this, options, time));

    /// <summary>The endpoints with every slot taken right now: their due deliveries are left for later, unclaimed.</summary>
    public IReadOnlyList<DeliveryEndpointKey> Busy() => [.. _endpoints.Values.Where(e => e.IsBusy).Select(e => e.Key)];

    public void Dispose()
    {
        foreach (var endpoint in _endpoints.Values)
        {
            endpoint.Dispose();
        }
    }
}

/// <summary>
/// A channel and, where each recipient is an endpoint of its own, the recipient (a webhook subscription id); the whole
/// channel otherwise (the SMTP server).
/// </summary>
public readonly record struct DeliveryEndpointKey(string Channel, string? Recipient)
{
    public override string ToString() => Recipient is null ? Channel : $"{Channel} {Recipient}";
}

/// <summary>One endpoint's slots, and the pipeline (circuit breaker, then time limit) every attempt to it runs through.</summary>
public sealed class DeliveryEndpoint : IDisposable
{
    private readonly ConcurrencyLimiter _slots;
    private readonly CircuitBreakerStateProvider _circuit = new();

    internal DeliveryEndpoint(DeliveryEndpointKey key, DeliveryEndpoints endpoints, NotificationOptions options, TimeProvider time)
    {
        Key = key;
        // No queue: a delivery that finds the endpoint full stays in the table and is picked up when a slot frees.
        _slots = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = options.MaxConcurrentPerEndpoint, QueueLimit = 0 });
        Pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = DeliveryEndpoints.FailureRatio,
                MinimumThroughput = DeliveryEndpoints.MinimumThroughput,
                SamplingDuration = endpoints.SamplingDuration,
                BreakDuration = options.CircuitBreakDuration,
                StateProvider = _circuit,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(CountsAgainstEndpoint),
            })
            .AddTimeout(options.AttemptTimeout)
            .Build();
    }

    public DeliveryEndpointKey Key { get; }

    /// <summary>Breaker first, time limit inside it, so an attempt that times out counts as a failure of the endpoint.</summary>
    public ResiliencePipeline Pipeline { get; }

    public CircuitState Circuit => _circuit.CircuitState;

    public bool IsBusy => _slots.GetStatistics()?.CurrentAvailablePermits == 0;

    /// <summary>One of the endpoint's slots, held until the attempt ends; null when all are taken.</summary>
    public RateLimitLease? TryTakeSlot()
    {
        var lease = _slots.AttemptAcquire();
        if (lease.IsAcquired)
        {
            return lease;
        }

        lease.Dispose();
        return null;
    }

    public void Dispose() => _slots.Dispose();

    /// <summary>
    /// Whether a failed attempt says something about the endpoint: a receiver that answered "gone" (410) or a
    /// subscription deleted meanwhile does not, nor does the app shutting down.
    /// </summary>
    private static bool CountsAgainstEndpoint(Exception exception) =>
        exception is not OperationCanceledException and not NotificationDeliveryException { Permanent: true };
}
