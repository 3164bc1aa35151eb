using System.Data.Common;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using LeadRouting.Web.Notifications;
using LeadRouting.Web.Routing;
using LeadRouting.Web.Telemetry;

namespace LeadRouting.Web.Leads;

/// <summary>
/// The one writer of routed state: every change that reads and moves routing state (a lead ingested, signals added, a
/// lead accepted, declined or escalated) runs here, one after another, on one long-lived connection.
/// </summary>
/// <remarks>
/// <para><b>Group commit.</b> Work that queues up while a transaction is open goes into the next one together: each
/// item runs inside its own savepoint (so one failing item rolls back alone), and the batch commits once. An item's
/// caller hears back only after that commit, so an acknowledged lead is durable; a crash before the commit loses
/// only items nobody was told about. Under load this turns a commit per lead into a commit per batch; alone, a lead
/// is a batch of one and waits for nobody.</para>
/// <para><b>Order.</b> Items run in arrival order, and each sees what the items before it wrote (same transaction),
/// so two submissions of one person in one batch still merge, and round-robin moves one pick at a time.</para>
/// <para><b>Other writers.</b> The database still guards correctness on its own (unique externalId, conditional
/// round-robin updates); when another process won a race, the item is rolled back to its savepoint and run again
/// on fresh state (<see cref="ConcurrentRoutingException"/>, unique violations, PostgreSQL deadlocks).</para>
/// <para><b>Several instances (PostgreSQL).</b> Each instance has its own writer; a batch transaction first takes the
/// cluster's routing turn (<see cref="WriteSession.TakeRoutingTurn"/>, an advisory lock in the database), so routing
/// transactions of the cluster run one after another and every batch reads what the others committed.</para>
/// <para><b>Storage faults never stop it.</b> When the store fails (disk full, I/O error, PostgreSQL gone), the batch's
/// callers get a <see cref="StorageUnavailableException"/> (the API answers 503) and the writer carries on: while the
/// outage lasts, each batch is tried once (callers hear at once) and, without work, an empty batch every
/// <see cref="ProbeInterval"/> (on SQLite once the disk has <see cref="ProbeFreeSpaceBytes"/> free), so writes resume
/// by themselves as soon as the store takes them — no restart. The
/// first batch that commits records the outage (<see cref="StorageRecoveredAuditType"/>) in the same transaction.
/// <see cref="StorageAvailability"/> tells <c>/health</c>.</para>
/// </remarks>
public sealed class LeadWriter : BackgroundService
{
    /// <summary>The most items one transaction takes: bounds the time the first caller of a batch waits.</summary>
    public const int MaxBatch = 256;

    private const int MaxItemAttempts = 5;

    /// <summary>
    /// A batch whose transaction failed is tried again on a new connection after 0.25, 0.5, 1 and 2 s: long enough to
    /// ride out a PostgreSQL restart or fail-over without failing the callers, short enough that they hear back.
    /// </summary>
    private const int MaxBatchAttempts = 5;

    /// <summary>The audit event of the first commit after writes failed: when they failed, for how long, why.</summary>
    public const string StorageRecoveredAuditType = "StorageRecovered";

    /// <summary>How often an idle writer tries the store again while writes fail.</summary>
    public static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// On SQLite an idle writer tries the store again only once its disk has this much free: the probe writes a page or
    /// two, which the slack at the end of the write-ahead log can still hold when a lead's batch cannot, and /health
    /// would swing between Healthy and Unhealthy on a disk that is still full. Space freed by people is far more.
    /// </summary>
    public const long ProbeFreeSpaceBytes = 1024 * 1024;

    private readonly Channel<WriteItem> _queue = Channel.CreateUnbounded<WriteItem>(new UnboundedChannelOptions { SingleReader = true });
    private readonly LeadRoutingStorage _storage;
    private readonly StorageAvailability _availability;
    private readonly ConfigurationStore _configurations;
    private readonly TimeProvider _time;
    private readonly ILogger<LeadWriter> _logger;
    private DbConnection? _connection;
    private long _checkpointedAt = Environment.TickCount64;
    private WriteSession? _session;

    private readonly OutboxSignal _outbox;

    public LeadWriter(
        LeadRoutingStorage storage,
        StorageAvailability availability,
        ConfigurationStore configurations,
        OutboxSignal outbox,
        TimeProvider time,
        ILogger<LeadWriter> logger)
    {
        _storage = storage;
        _availability = availability;
        _configurations = configurations;
        _outbox = outbox;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// Runs <paramref name="work"/> in the next transaction and returns its result once that transaction committed.
    /// The work must be synchronous, touch the database only through the session, and may run more than once (it is
    /// rolled back to its savepoint and run again when another writer moved state under it).
    /// </summary>
    public Task<T> WriteAsync<T>(Func<WriteSession, T> work, CancellationToken cancellationToken)
    {
        var item = new WriteItem<T>(work, cancellationToken);
        if (!_queue.Writer.TryWrite(item))
        {
            throw new InvalidOperationException("The lead writer has stopped; the application is shutting down.");
        }

        return item.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<WriteItem>(MaxBatch);
        try
        {
            // Shutdown completes the queue instead of cancelling reads, so what was accepted is still written.
            while (await WaitForWorkAsync(stoppingToken))
            {
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
                {
                    batch.Add(item);
                }

                try
                {
                    await WriteBatchAsync(batch, stoppingToken);
                }
                catch (Exception ex)
                {
                    // Nothing may end the writer: every lead of the app waits for it. Whatever slipped through fails
                    // this batch alone.
                    _logger.LogCritical(ex, "The lead writer failed a batch of {Count} unexpectedly; it carries on.", batch.Count);
                    ResetConnection();
                    foreach (var item in batch)
                    {
                        item.Fail(ex);
                    }
                }

                batch.Clear();
            }
        }
        finally
        {
            _session?.Dispose();
            if (_connection is not null)
            {
                await _connection.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Waits for queued work (false once the queue is completed). While writes fail, an idle writer tries an empty
    /// batch every <see cref="ProbeInterval"/>, so the outage ends — and <c>/health</c> turns Healthy, which brings a
    /// load balancer's traffic back — as soon as the store takes writes, not only when the next lead happens to arrive.
    /// </summary>
    private async Task<bool> WaitForWorkAsync(CancellationToken stoppingToken)
    {
        while (_availability.Outage is not null && !stoppingToken.IsCancellationRequested)
        {
            // Infrastructure timing on the real clock, like the back-off: tests fake the app's clock, not the disk.
            using var probe = new CancellationTokenSource(ProbeInterval, TimeProvider.System);
            try
            {
                return await _queue.Reader.WaitToReadAsync(probe.Token);
            }
            catch (OperationCanceledException) when (probe.IsCancellationRequested)
            {
                if (_storage.FreeSpaceBytes() is not < ProbeFreeSpaceBytes)
                {
                    await WriteBatchAsync([], stoppingToken);
                }
            }
        }

        return await _queue.Reader.WaitToReadAsync(CancellationToken.None);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    private async Task WriteBatchAsync(List<WriteItem> batch, CancellationToken stoppingToken)
    {
        PublishedConfiguration published;
        try
        {
            published = await _configurations.CurrentAsync(stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Without a configuration nothing can be routed; this batch fails, the writer stays up for the next one.
            FailBatch(batch, ex, "Reading the published configuration");
            return;
        }

        using var activity = batch.Count > 0 ? StartBatchActivity(batch) : null;

        // The first failure is tried again for about 4 s (a PostgreSQL restart or fail-over fails nobody); once the
        // store is known to be down, one try per batch, so callers hear at once and can come back later.
        var maxAttempts = _availability.Outage is null ? MaxBatchAttempts : 1;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var started = Stopwatch.GetTimestamp();
                WriteBatch(batch, published);
                Metrics.BatchSize.Record(batch.Count);
                Metrics.BatchDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                break;
            }
            catch (Exception ex) when (attempt < maxAttempts && !stoppingToken.IsCancellationRequested)
            {
                // The transaction itself failed (begin or commit: the database is locked for too long, the disk is
                // full…). Nothing of the batch is stored; start over on a fresh connection.
                var pause = TimeSpan.FromMilliseconds(250 << (attempt - 1));
                _logger.LogWarning(ex, "Writing a batch of {Count} failed (attempt {Attempt}); retrying on a new connection in {Pause} ms.", batch.Count, attempt, pause.TotalMilliseconds);
                ResetConnection();
                // Infrastructure back-off on the real clock: tests fake the app's TimeProvider, not the database.
                await Task.Delay(pause, TimeProvider.System, CancellationToken.None);
            }
            catch (Exception ex)
            {
                LeadRoutingTracing.MarkFailed(activity, ex);
                ResetConnection();
                FailBatch(batch, ex, "Writing the batch");
                return;
            }
        }

        if (_availability.Recovered() is { } outage)
        {
            _logger.LogWarning("Writes commit again after failing since {Since:O} ({Batches} batch(es) refused): {Reason}.", outage.Since, outage.RefusedBatches, outage.Reason);
        }

        foreach (var item in batch)
        {
            item.Complete();
        }

        if (!_storage.IsPostgres && Environment.TickCount64 - _checkpointedAt > SqliteCheckpointer.WriterCheckpointInterval.TotalMilliseconds)
        {
            _checkpointedAt = Environment.TickCount64;
            try
            {
                SqliteCheckpointer.CheckpointOn(_connection!);
            }
            catch (Exception ex)
            {
                // The batch is committed (it is in the log, which SQLite replays on open); a checkpoint that cannot
                // copy it now (a full disk) loses nothing and is simply tried again later.
                _logger.LogWarning(ex, "The writer's SQLite checkpoint failed; it is tried again in {Interval}.", SqliteCheckpointer.WriterCheckpointInterval);
            }
        }

        // What the batch wrote to the outbox goes out now, not at the dispatcher's next poll.
        _outbox.Notify();
    }

    /// <summary>
    /// The batch's span: a child of the first item's caller (a lone request's trace reads HTTP → ingest → batch →
    /// routing) and linked to every item's caller, so each request's trace finds the batch that committed it.
    /// </summary>
    private static Activity? StartBatchActivity(List<WriteItem> batch)
    {
        if (!LeadRoutingTracing.Source.HasListeners())
        {
            return null;
        }

        var links = batch.Where(i => i.Caller != default).Select(i => new ActivityLink(i.Caller)).ToList();
        var activity = LeadRoutingTracing.Source.StartActivity("writer.batch", ActivityKind.Internal,
            links.Count > 0 ? links[0].Context : default, links: links);
        activity?.SetTag(LeadRoutingTracing.BatchSizeTag, batch.Count);
        return activity;
    }

    /// <summary>
    /// Nothing of the batch was stored. A storage fault starts (or continues) an outage and reaches the callers as a
    /// <see cref="StorageUnavailableException"/>; anything else reaches them as it is.
    /// </summary>
    private void FailBatch(List<WriteItem> batch, Exception error, string step)
    {
        if (LeadRoutingStorage.DescribeStorageFault(error) is { } reason)
        {
            var started = _availability.Outage is null;
            var outage = _availability.Failed(reason, refusedWork: batch.Count > 0);
            if (started)
            {
                _logger.LogError(error, "Writes fail ({Step}): {Reason}. Callers are refused (HTTP 503) until a write commits; the writer tries again every {Interval}.", step, reason, ProbeInterval);
            }
            else if (batch.Count > 0)
            {
                _logger.LogWarning("Writes still fail since {Since:O}: {Reason}; a batch of {Count} was refused.", outage.Since, reason, batch.Count);
            }
            else
            {
                _logger.LogDebug("The store still refuses writes: {Reason}.", reason);
            }

            error = error as StorageUnavailableException ?? new StorageUnavailableException(reason, error);
        }
        else
        {
            _logger.LogError(error, "{Step} failed; nothing of a batch of {Count} was stored.", step, batch.Count);
        }

        foreach (var item in batch)
        {
            item.Fail(error);
        }
    }

    private void WriteBatch(List<WriteItem> batch, PublishedConfiguration published)
    {
        _connection ??= _storage.OpenWriter();
        _session ??= new WriteSession(_connection);
        using var transaction = _connection.BeginTransaction();
        _session.Begin(transaction, published);
        if (_storage.IsPostgres)
        {
            _session.TakeRoutingTurn();
        }

        if (_availability.Outage is { } outage)
        {
            // Committed with the batch or not at all: the record of the outage is exactly as durable as its end.
            var now = _time.GetUtcNow();
            _session.InsertAuditEvent(new AuditEventEntity
            {
                At = now,
                Actor = "system",
                Type = StorageRecoveredAuditType,
                Detail = $"Writes failed from {outage.Since:O} to {now:O} ({outage.RefusedBatches} batch(es) refused): {outage.Reason}.",
            });
        }

        foreach (var item in batch)
        {
            item.Reset();
            if (item.IsCancelled)
            {
                continue;
            }

            for (var attempt = 1; ; attempt++)
            {
                _session.Savepoint();
                try
                {
                    item.Run(_session);
                    _session.ReleaseSavepoint();
                    break;
                }
                catch (Exception ex) when (attempt < MaxItemAttempts
                    && (ex is ConcurrentRoutingException || LeadRoutingStorage.IsUniqueViolation(ex) || LeadRoutingStorage.IsConcurrencyConflict(ex)))
                {
                    _session.RollbackToSavepoint();
                    _logger.LogInformation("Routing state moved under a write (attempt {Attempt}): {Reason}; running it again.", attempt, ex.Message);
                }
                catch (Exception ex) when (LeadRoutingStorage.DescribeStorageFault(ex) is not null)
                {
                    // The store failed, not the item (SQLite may already have rolled the whole transaction back):
                    // the batch fails as a whole and is tried again.
                    throw;
                }
                catch (Exception ex)
                {
                    _session.RollbackToSavepoint();
                    Metrics.FailedItems.Add(1);
                    item.Error = ex;
                    break;
                }
            }
        }

        transaction.Commit();
    }

    private void ResetConnection()
    {
        _session?.Dispose();
        _session = null;
        _connection?.Dispose();
        _connection = null;
    }

    /// <summary>The writer's instruments (meter <c>LeadRouting.Writer</c>), for <c>dotnet-counters</c> or an OpenTelemetry exporter.</summary>
    private static class Metrics
    {
        private static readonly Meter Meter = new("LeadRouting.Writer");
        public static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>("leadrouting.writer.batch.size", "{item}", "Items committed together in one transaction.");
        public static readonly Histogram<double> BatchDuration = Meter.CreateHistogram<double>("leadrouting.writer.batch.duration", "ms", "Time from BEGIN to COMMIT of one batch.");
        public static readonly Counter<long> FailedItems = Meter.CreateCounter<long>("leadrouting.writer.items.failed", "{item}", "Items rolled back to their savepoint by an error.");
    }

    /// <summary>A queued piece of work and the caller waiting for it.</summary>
    private abstract class WriteItem
    {
        public Exception? Error { get; set; }

        /// <summary>The span of whoever queued the item (its request), for the batch's trace; none while nobody traces.</summary>
        public ActivityContext Caller { get; } = Activity.Current?.Context ?? default;

        public abstract bool IsCancelled { get; }

        public abstract void Run(WriteSession session);

        /// <summary>Forget the outcome of an earlier try of the whole batch.</summary>
        public abstract void Reset();

        public abstract void Complete();

        public abstract void Fail(Exception exception);
    }

    private sealed class WriteItem<T>(Func<WriteSession, T> work, CancellationToken cancellationToken) : WriteItem
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;
        private bool _ran;

        public Task<T> Task => _completion.Task;

        public override bool IsCancelled => cancellationToken.IsCancellationRequested;

        public override void Run(WriteSession session)
        {
            _result = work(session);
            _ran = true;
        }

        public override void Reset()
        {
            _result = default;
            _ran = false;
            Error = null;
        }

        public override void Complete()
        {
            if (Error is { } error)
            {
                _completion.TrySetException(error);
            }
            else if (_ran)
            {
                _completion.TrySetResult(_result!);
            }
            else
            {
                _completion.TrySetCanceled(cancellationToken);
            }
        }

        public override void Fail(Exception exception) => _completion.TrySetException(exception);
    }
}
