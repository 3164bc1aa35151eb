using System.Data.Common;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using LeadRouting.Web.Data;
using LeadRouting.Web.Notifications;
using LeadRouting.Web.Routing;

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

    private readonly Channel<WriteItem> _queue = Channel.CreateUnbounded<WriteItem>(new UnboundedChannelOptions { SingleReader = true });
    private readonly LeadRoutingStorage _storage;
    private readonly ConfigurationStore _configurations;
    private readonly ILogger<LeadWriter> _logger;
    private DbConnection? _connection;
    private long _checkpointedAt = Environment.TickCount64;
    private WriteSession? _session;

    private readonly OutboxSignal _outbox;

    public LeadWriter(LeadRoutingStorage storage, ConfigurationStore configurations, OutboxSignal outbox, ILogger<LeadWriter> logger)
    {
        _storage = storage;
        _configurations = configurations;
        _outbox = outbox;
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
            while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
            {
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
                {
                    batch.Add(item);
                }

                await WriteBatchAsync(batch, stoppingToken);
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
            _logger.LogError(ex, "Reading the published configuration failed; a batch of {Count} was not written.", batch.Count);
            foreach (var item in batch)
            {
                item.Fail(ex);
            }

            return;
        }

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
            catch (Exception ex) when (attempt < MaxBatchAttempts && !stoppingToken.IsCancellationRequested)
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
                _logger.LogError(ex, "Writing a batch of {Count} failed; nothing of it was stored.", batch.Count);
                ResetConnection();
                foreach (var item in batch)
                {
                    item.Fail(ex);
                }

                return;
            }
        }

        foreach (var item in batch)
        {
            item.Complete();
        }

        if (!_storage.IsPostgres && Environment.TickCount64 - _checkpointedAt > SqliteCheckpointer.WriterCheckpointInterval.TotalMilliseconds)
        {
            _checkpointedAt = Environment.TickCount64;
            SqliteCheckpointer.CheckpointOn(_connection!);
        }

        // What the batch wrote to the outbox goes out now, not at the dispatcher's next poll.
        _outbox.Notify();
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
