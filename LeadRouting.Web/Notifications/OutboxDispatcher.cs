using System.Collections.Concurrent;
using System.Diagnostics;
using LeadRouting.Web.Live;
using LeadRouting.Web.Telemetry;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace LeadRouting.Web.Notifications;

/// <summary>
/// Turns committed outbox messages into notifications, after routing and never in its way.
/// <list type="number">
/// <item>Outbox messages in id order: in one transaction each message is marked processed by a conditional update
/// (<c>WHERE Id = @id AND ProcessedAt IS NULL</c>, rows affected checked) together with one delivery row per durable
/// channel and recipient, so with several instances on one database exactly one plans it. Then the in-app channel
/// is told at once. A message that is not a lead event is marked processed with a warning.</item>
/// <item>Due deliveries: each attempt is claimed by a conditional update
/// (<c>WHERE Id = @id AND Status = Pending AND NextAttemptAt &lt;= now AND (LockedUntil IS NULL OR LockedUntil &lt; now)</c>)
/// and runs in its own task, at most <see cref="NotificationOptions.MaxConcurrentDeliveries"/> at once and at most
/// <see cref="NotificationOptions.MaxConcurrentPerEndpoint"/> per endpoint, through the endpoint's circuit breaker and
/// time limit (<see cref="DeliveryEndpoints"/>): a hanging or failing endpoint holds a few slots of its own, its other
/// deliveries wait in the table, and every other endpoint goes on at its own pace.
/// A failure sets the next attempt time (exponential back-off, persisted, so a restart carries on); after the last
/// attempt the delivery is <see cref="DeliveryStatus.Failed"/> and a <c>NotificationFailed</c> audit event is written.
/// While an endpoint's circuit is open its due deliveries are not sent: each counts as a failed attempt ("circuit
/// open") on the same back-off, so a delivery lives as long whether its endpoint hangs, refuses or rests.</item>
/// </list>
/// Wakes on <see cref="OutboxSignal"/> and polls every <see cref="NotificationOptions.PollInterval"/>.
/// </summary>
public sealed class OutboxDispatcher : BackgroundService
{
    public const string FailedAuditType = "NotificationFailed";
    private const int OutboxBatchSize = 100;

    /// <summary>
    /// How often one round looks again for due deliveries after some of a page waited for a busy endpoint: enough to
    /// reach the deliveries of other endpoints behind them, bounded so a round always ends.
    /// </summary>
    private const int MaxQueriesPerRound = 8;
    private const int MaxErrorLength = 1000;

    private readonly IDbContextFactory<LeadRoutingDbContext> _dbFactory;
    private readonly IReadOnlyList<INotificationChannel> _channels;
    private readonly OutboxSignal _signal;
    private readonly TimeProvider _time;
    private readonly NotificationOptions _options;
    private readonly ILogger<OutboxDispatcher> _logger;
    private readonly SemaphoreSlim _slots;
    private readonly DeliveryEndpoints _endpoints;
    private readonly ConcurrentDictionary<long, Task> _inFlight = new();

    public OutboxDispatcher(
        IDbContextFactory<LeadRoutingDbContext> dbFactory,
        IEnumerable<INotificationChannel> channels,
        OutboxSignal signal,
        TimeProvider time,
        IOptions<NotificationOptions> options,
        ILogger<OutboxDispatcher> logger)
    {
        _dbFactory = dbFactory;
        _channels = [.. channels];
        _signal = signal;
        _time = time;
        _options = options.Value;
        _logger = logger;
        _slots = new SemaphoreSlim(Math.Max(1, _options.MaxConcurrentDeliveries));
        _endpoints = new DeliveryEndpoints(_options, time);
    }

    public override void Dispose()
    {
        base.Dispose();
        // An attempt still running past the host's shutdown timeout may release its slot later: a disposed limiter
        // ignores that, so only the endpoints are disposed, not the dispatcher's own semaphore.
        _endpoints.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var failing = false;
            while (!stoppingToken.IsCancellationRequested)
            {
                var wake = _signal.Next;
                try
                {
                    while (await DispatchOutboxAsync(stoppingToken) == OutboxBatchSize)
                    {
                        // A full batch: more may be waiting.
                    }

                    await StartDueDeliveriesAsync(stoppingToken);
                    if (failing)
                    {
                        failing = false;
                        _logger.LogInformation("The notification dispatcher completes rounds again.");
                    }
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // A full disk or a database away fails every round until it is back: the first failure is logged in
                    // full, the rest of the streak only at Debug, not once a second.
                    if (!failing)
                    {
                        _logger.LogError(ex, "The notification dispatcher failed a round; it carries on at the next poll (further failures are logged at Debug).");
                    }
                    else
                    {
                        _logger.LogDebug("The notification dispatcher failed a round again: {Error}", ex.Message);
                    }

                    failing = true;
                }

                await OutboxSignal.WaitAsync(wake, _options.PollInterval, _time, stoppingToken);
            }
        }
        finally
        {
            // Attempts in flight were cancelled with the stopping token; let them record that before the host goes.
            await Task.WhenAll(_inFlight.Values);
        }
    }

    /// <summary>Plans one batch of outbox messages; returns how many were looked at.</summary>
    private async Task<int> DispatchOutboxAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        var messages = await db.Outbox.AsNoTracking()
            .Where(m => m.ProcessedAt == null && (m.NextAttemptAt == null || m.NextAttemptAt <= now))
            .OrderBy(m => m.Id)
            .Take(OutboxBatchSize)
            .ToListAsync(cancellationToken);
        if (messages.Count == 0)
        {
            return 0;
        }

        var plans = new List<(OutboxMessageEntity Message, LeadEvent? Event, List<NotificationDeliveryEntity> Deliveries)>();
        foreach (var message in messages)
        {
            var read = LeadEventJson.TryReadOutbox(message.Type, message.Payload, out var leadEvent, out var problem);
            if (read == OutboxRead.FromNewerWriter)
            {
                // A rolling upgrade: an upgraded instance wrote what this one cannot read. Dropping it would notify
                // nobody; deferring leaves it to the upgraded instances (and to this one once it is upgraded).
                await DeferAsync(message, new NotSupportedException(problem), now, cancellationToken);
                continue;
            }

            if (read == OutboxRead.NotALeadEvent || leadEvent is null)
            {
                _logger.LogWarning("Outbox message {MessageId} ({Type}) is not a lead event: {Problem}. Marked processed without notifying.", message.Id, message.Type, problem);
                plans.Add((message, null, []));
                continue;
            }

            try
            {
                plans.Add((message, leadEvent, await PlanAsync(db, message, leadEvent, now, cancellationToken)));
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                await DeferAsync(message, ex, now, cancellationToken);
            }
        }

        var planned = new List<(long MessageId, LeadEvent Event, int Deliveries)>();
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            foreach (var (message, leadEvent, deliveries) in plans)
            {
                var note = leadEvent is null ? "Not a lead event; nobody notified." : null;
                var claimed = await db.Outbox
                    .Where(m => m.Id == message.Id && m.ProcessedAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.ProcessedAt, now).SetProperty(m => m.LastError, note), cancellationToken);
                if (claimed == 1 && leadEvent is not null)
                {
                    db.NotificationDeliveries.AddRange(deliveries);
                    planned.Add((message.Id, leadEvent, deliveries.Count));
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        foreach (var (messageId, leadEvent, deliveries) in planned)
        {
            // The message continues the trace of the routing that wrote it (when this process routed it).
            using var activity = LeadRoutingTracing.Source.HasListeners()
                ? LeadRoutingTracing.Source.StartActivity("outbox.dispatch", ActivityKind.Internal, LeadRoutingTracing.TakeLead(leadEvent.LeadId))
                : null;
            if (activity is { IsAllDataRequested: true })
            {
                activity.SetTag(LeadRoutingTracing.LeadIdTag, leadEvent.LeadId).SetTag(LeadRoutingTracing.EventKindTag, leadEvent.Kind.ToString())
                    .SetTag("leadrouting.deliveries.planned", deliveries);
            }

            LeadRoutingTracing.RememberMessage(messageId, activity);
            foreach (var channel in _channels.Where(c => !c.IsDurable))
            {
                await TellAtOnceAsync(channel, leadEvent, db, activity, cancellationToken);
            }
        }

        return messages.Count;
    }

    private async Task<List<NotificationDeliveryEntity>> PlanAsync(LeadRoutingDbContext db, OutboxMessageEntity message, LeadEvent leadEvent, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var deliveries = new List<NotificationDeliveryEntity>();
        foreach (var channel in _channels.Where(c => c.IsDurable))
        {
            foreach (var recipient in (await channel.RecipientsAsync(leadEvent, db, cancellationToken)).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                deliveries.Add(new NotificationDeliveryEntity
                {
                    OutboxMessageId = message.Id,
                    LeadId = leadEvent.LeadId,
                    EventKind = leadEvent.Kind,
                    Channel = channel.Name,
                    Recipient = recipient,
                    Status = DeliveryStatus.Pending,
                    CreatedAt = now,
                    NextAttemptAt = now,
                });
            }
        }

        return deliveries;
    }

    private async Task TellAtOnceAsync(INotificationChannel channel, LeadEvent leadEvent, LeadRoutingDbContext db, Activity? dispatch, CancellationToken cancellationToken)
    {
        // An in-process send (no delivery row, no retry) is an event on the dispatch span, not a span of its own.
        try
        {
            foreach (var recipient in await channel.RecipientsAsync(leadEvent, db, cancellationToken))
            {
                await channel.DeliverAsync(leadEvent, new NotificationAttempt(0, recipient, 1), cancellationToken);
                LeadRoutingMetrics.CountDelivery(channel.Name, "delivered");
            }

            LeadRoutingTracing.RecordDeliveredAtOnce(dispatch, channel.Name, "delivered");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LeadRoutingMetrics.CountDelivery(channel.Name, "failed");
            LeadRoutingTracing.RecordDeliveredAtOnce(dispatch, channel.Name, "failed", ex);
            _logger.LogError(ex, "The {Channel} channel failed on the {Kind} event of lead {LeadId}.", channel.Name, leadEvent.Kind, leadEvent.LeadId);
        }
    }

    /// <summary>Planning failed (e.g. the configuration could not be read): try the message again later, backing off.</summary>
    private async Task DeferAsync(OutboxMessageEntity message, Exception error, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var attempts = message.Attempts + 1;
        var next = now + _options.RetryDelay(attempts);
        _logger.LogError(error, "Planning notifications for outbox message {MessageId} failed (attempt {Attempt}); next try at {NextAttemptAt:O}.", message.Id, attempts, next);
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Outbox.Where(m => m.Id == message.Id && m.ProcessedAt == null)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Attempts, attempts)
                .SetProperty(m => m.NextAttemptAt, next)
                .SetProperty(m => m.LastError, Truncate(error.Message)), cancellationToken);
    }

    private async Task StartDueDeliveriesAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        for (var query = 0; query < MaxQueriesPerRound; query++)
        {
            var free = _slots.CurrentCount;
            if (free == 0)
            {
                return;
            }

            // Deliveries to an endpoint with every slot taken stay in the table, unclaimed: they hold no slot of the
            // dispatcher and do not crowd other endpoints' deliveries out of the page.
            var busy = _endpoints.Busy();
            var busyChannels = busy.Where(k => k.Recipient is null).Select(k => k.Channel).ToList();
            var busyRecipients = busy.Where(k => k.Recipient is not null).Select(k => k.Channel + "/" + k.Recipient).ToList();
            var due = await db.NotificationDeliveries.AsNoTracking()
                .Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now && (d.LockedUntil == null || d.LockedUntil < now))
                .Where(d => !busyChannels.Contains(d.Channel) && !busyRecipients.Contains(d.Channel + "/" + d.Recipient))
                .OrderBy(d => d.NextAttemptAt).ThenBy(d => d.Id)
                .Select(d => new { d.Id, d.Channel, d.Recipient })
                .Take(free)
                .ToListAsync(cancellationToken);
            var waited = false;
            foreach (var candidate in due)
            {
                var endpoint = _endpoints.For(EndpointOf(candidate.Channel, candidate.Recipient));
                if (endpoint.TryTakeSlot() is not { } endpointSlot)
                {
                    // Its endpoint filled up with earlier candidates of this page.
                    waited = true;
                    continue;
                }

                if (!_slots.Wait(0, CancellationToken.None))
                {
                    endpointSlot.Dispose();
                    return;
                }

                var claimedUntil = now + _options.ClaimDuration;
                int claimed;
                try
                {
                    claimed = await db.NotificationDeliveries
                        .Where(d => d.Id == candidate.Id && d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now && (d.LockedUntil == null || d.LockedUntil < now))
                        .ExecuteUpdateAsync(s => s.SetProperty(d => d.LockedUntil, claimedUntil).SetProperty(d => d.Attempts, d => d.Attempts + 1), cancellationToken);
                }
                catch
                {
                    // The database refused the claim (a full disk…): give the slots back, or they would be gone for good.
                    endpointSlot.Dispose();
                    _slots.Release();
                    throw;
                }

                if (claimed != 1)
                {
                    // Another instance took it first.
                    endpointSlot.Dispose();
                    _slots.Release();
                    continue;
                }

                // Registered before it starts, so its own clean-up cannot run first.
                var attempt = new Task<Task>(() => AttemptAsync(candidate.Id, claimedUntil, endpoint, endpointSlot, cancellationToken));
                _inFlight[candidate.Id] = attempt.Unwrap();
                attempt.Start(TaskScheduler.Default);
            }

            // Look again only when a full page had deliveries waiting for a busy endpoint: others may be due behind them.
            if (!waited || due.Count < free)
            {
                return;
            }
        }
    }

    private DeliveryEndpointKey EndpointOf(string channelName, string recipient) =>
        _channels.FirstOrDefault(c => c.Name == channelName) is { EndpointPerRecipient: true }
            ? new DeliveryEndpointKey(channelName, recipient)
            : new DeliveryEndpointKey(channelName, null);

    /// <summary>One claimed attempt. Never throws: every outcome is written to the delivery row.</summary>
    private async Task AttemptAsync(long id, DateTimeOffset claimedUntil, DeliveryEndpoint endpoint, IDisposable endpointSlot, CancellationToken stoppingToken)
    {
        try
        {
            await using var db = await _dbFactory.CreateDbContextAsync(stoppingToken);
            var row = await db.NotificationDeliveries.AsNoTracking()
                .Where(d => d.Id == id)
                .Join(db.Outbox, d => d.OutboxMessageId, m => m.Id, (d, m) => new { Delivery = d, m.Type, m.Payload })
                .SingleAsync(stoppingToken);
            var delivery = row.Delivery;
            var channel = _channels.FirstOrDefault(c => c.Name == delivery.Channel);
            if (channel is null || LeadEventJson.TryReadOutbox(row.Type, row.Payload, out var leadEvent, out _) != OutboxRead.Event || leadEvent is null)
            {
                await RecordFailureAsync(delivery, claimedUntil, new NotificationDeliveryException($"No channel '{delivery.Channel}' or no readable event.", permanent: true));
                return;
            }

            var attempt = new NotificationAttempt(delivery.Id, delivery.Recipient, delivery.Attempts);
            using var activity = StartDeliveryActivity(channel.Name, delivery.LeadId, LeadRoutingTracing.OfMessage(delivery.OutboxMessageId));
            activity?.SetTag("leadrouting.delivery.attempt", delivery.Attempts);
            try
            {
                await endpoint.Pipeline.ExecuteAsync(async token => await channel.DeliverAsync(leadEvent, attempt, token), stoppingToken);
                activity?.SetTag(LeadRoutingTracing.OutcomeTag, "delivered");
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // Shutting down mid-attempt: hand the delivery back now instead of when the claim runs out.
                await db.NotificationDeliveries.Where(d => d.Id == id && d.LockedUntil == claimedUntil)
                    .ExecuteUpdateAsync(s => s.SetProperty(d => d.LockedUntil, (DateTimeOffset?)null), CancellationToken.None);
                return;
            }
            catch (Exception ex) when (LeadRoutingTracing.MarkFailed(activity, ex))
            {
                // Marks the span and never catches: the handlers below record the failure.
            }
            catch (BrokenCircuitException open)
            {
                await RecordFailureAsync(delivery, claimedUntil, new NotificationDeliveryException(
                    $"Not sent: {endpoint.Key} failed repeatedly, so it is left alone for {_options.CircuitBreakDuration.TotalSeconds:0} s (circuit open)" +
                    (open.InnerException is { } last ? $"; last error: {Describe(last)}" : ".")));
                return;
            }
            catch (TimeoutRejectedException)
            {
                await RecordFailureAsync(delivery, claimedUntil, new NotificationDeliveryException($"No answer within {_options.AttemptTimeout.TotalSeconds:0} s."));
                return;
            }
            catch (Exception ex)
            {
                await RecordFailureAsync(delivery, claimedUntil, ex);
                return;
            }

            var now = _time.GetUtcNow();
            var recorded = await db.NotificationDeliveries.Where(d => d.Id == id && d.LockedUntil == claimedUntil)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(d => d.Status, DeliveryStatus.Delivered)
                    .SetProperty(d => d.DeliveredAt, now)
                    .SetProperty(d => d.LockedUntil, (DateTimeOffset?)null)
                    .SetProperty(d => d.LastError, (string?)null), CancellationToken.None);
            LeadRoutingMetrics.CountDelivery(delivery.Channel, "delivered");
            if (recorded != 1)
            {
                _logger.LogWarning("{Channel} delivery {DeliveryId} was delivered after its claim ran out; another attempt may follow.", delivery.Channel, id);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            _logger.LogDebug("Delivery {DeliveryId} was left to the next start: the host is stopping.", id);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Recording the outcome of delivery {DeliveryId} failed; its claim runs out and it is attempted again.", id);
        }
        finally
        {
            endpointSlot.Dispose();
            _inFlight.TryRemove(id, out _);
            _slots.Release();
            _signal.Notify();
        }
    }

    private async Task RecordFailureAsync(NotificationDeliveryEntity delivery, DateTimeOffset claimedUntil, Exception error)
    {
        var now = _time.GetUtcNow();
        var permanent = error is NotificationDeliveryException { Permanent: true };
        var last = permanent || delivery.Attempts >= _options.MaxAttempts;
        var message = Truncate(Describe(error));
        LeadRoutingMetrics.CountDelivery(delivery.Channel, last ? "failed" : "retry");
        await using var db = await _dbFactory.CreateDbContextAsync(CancellationToken.None);
        if (!last)
        {
            var next = now + _options.RetryDelay(delivery.Attempts);
            _logger.LogWarning("{Channel} delivery {DeliveryId} to {Recipient} failed (attempt {Attempt} of {MaxAttempts}): {Error}. Next attempt at {NextAttemptAt:O}.",
                delivery.Channel, delivery.Id, delivery.Recipient, delivery.Attempts, _options.MaxAttempts, message, next);
            await db.NotificationDeliveries.Where(d => d.Id == delivery.Id && d.LockedUntil == claimedUntil)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(d => d.NextAttemptAt, next)
                    .SetProperty(d => d.LockedUntil, (DateTimeOffset?)null)
                    .SetProperty(d => d.LastError, message), CancellationToken.None);
            return;
        }

        _logger.LogError("{Channel} delivery {DeliveryId} to {Recipient} failed for good after {Attempts} attempt(s): {Error}.",
            delivery.Channel, delivery.Id, delivery.Recipient, delivery.Attempts, message);
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        var updated = await db.NotificationDeliveries.Where(d => d.Id == delivery.Id && d.LockedUntil == claimedUntil)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DeliveryStatus.Failed)
                .SetProperty(d => d.LockedUntil, (DateTimeOffset?)null)
                .SetProperty(d => d.LastError, message), CancellationToken.None);
        if (updated == 1)
        {
            var leadExists = await db.Leads.AnyAsync(l => l.Id == delivery.LeadId, CancellationToken.None);
            db.AuditEvents.Add(new AuditEventEntity
            {
                LeadId = leadExists ? delivery.LeadId : null,
                At = now,
                Actor = "system",
                Type = FailedAuditType,
                Detail = Truncate($"{delivery.Channel} to {delivery.Recipient} ({delivery.EventKind} of lead {delivery.LeadId}, delivery {delivery.Id}) failed after {delivery.Attempts} attempt(s): {message}"),
            });
            await db.SaveChangesAsync(CancellationToken.None);
        }

        await transaction.CommitAsync(CancellationToken.None);
    }

    /// <summary>One channel send's span. Its tags never name the recipient: an email address, a webhook URL with a token.</summary>
    private static Activity? StartDeliveryActivity(string channel, string leadId, ActivityContext parent)
    {
        if (!LeadRoutingTracing.Source.HasListeners())
        {
            return null;
        }

        var activity = LeadRoutingTracing.Source.StartActivity(LeadRoutingTracing.DeliverName, ActivityKind.Producer, parent);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(LeadRoutingTracing.ChannelTag, channel).SetTag(LeadRoutingTracing.LeadIdTag, leadId);
        }

        return activity;
    }

    private static string Describe(Exception error) =>
        error is NotificationDeliveryException or HttpRequestException or TimeoutException or IOException
            ? error.Message
            : $"{error.GetType().Name}: {error.Message}";

    private static string Truncate(string text) => text.Length <= MaxErrorLength ? text : text[..(MaxErrorLength - 1)] + "…";
}
