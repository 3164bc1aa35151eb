namespace LeadRouting.Web.Data;

/// <summary>
/// Copies the SQLite write-ahead log into the database file in the background, once a second, so the lead writer never
/// pays for it: the writer's connection has automatic checkpoints off (<see cref="LeadRoutingStorage.OpenWriter"/>), and
/// a checkpoint — copying pages and syncing the file — would otherwise run inside every thousandth page's commit.
/// </summary>
/// <remarks>
/// PASSIVE checkpoints never wait for or block the writer or readers; whatever they could not copy is copied by the
/// next one. SQLite starts the log over only when a checkpoint has copied all of it, which under sustained load a
/// checkpoint on another connection never quite does (the writer appends while it copies), so the writer itself
/// finishes the job every <see cref="WriterCheckpointInterval"/>: by then nearly everything is copied and its own
/// PASSIVE checkpoint costs little (<see cref="Leads.LeadWriter"/>). Crash safety is unchanged: committed transactions
/// are in the log, which SQLite replays on open.
/// </remarks>
public sealed class SqliteCheckpointer(LeadRoutingStorage storage, ILogger<SqliteCheckpointer> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>How often the writer checkpoints what is left, so the log starts over.</summary>
    public static readonly TimeSpan WriterCheckpointInterval = TimeSpan.FromSeconds(2);

    private bool _failing;

    /// <summary>Runs a PASSIVE checkpoint on <paramref name="connection"/> (outside any transaction).</summary>
    public static void CheckpointOn(System.Data.Common.DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        command.ExecuteNonQuery();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Infrastructure timing, not business time: the real clock even when tests fake the app's TimeProvider.
        using var timer = new PeriodicTimer(Interval, TimeProvider.System);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Checkpoint();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down; the log is checkpointed on the next start at the latest.
        }
    }

    private void Checkpoint()
    {
        try
        {
            using var connection = storage.Open();
            CheckpointOn(connection);
            if (_failing)
            {
                _failing = false;
                logger.LogInformation("SQLite checkpoints work again.");
            }
        }
        catch (Exception ex)
        {
            // A busy or failing checkpoint (a full disk) loses nothing: the log keeps every commit, and the next tick
            // tries again. Only the first failure of a streak is logged in full, not one a second.
            if (!_failing)
            {
                logger.LogWarning(ex, "SQLite checkpoint failed; retrying every {Interval} (further failures are logged at Debug).", Interval);
            }
            else
            {
                logger.LogDebug("SQLite checkpoint failed again: {Error}", ex.Message);
            }

            _failing = true;
        }
    }
}
