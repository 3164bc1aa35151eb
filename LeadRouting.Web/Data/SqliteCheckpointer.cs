namespace LeadRouting.Web.Data;

/// <summary>
/// Copies the SQLite write-ahead log into the database file in the background, once a second, so the lead writer never
/// pays for it: the writer's connection has automatic checkpoints off (<see cref="LeadRoutingStorage.OpenWriter"/>), and
/// a checkpoint — copying pages and syncing the file — would otherwise run inside every thousandth page's commit.
/// </summary>
/// <remarks>
/// PASSIVE checkpoints never wait for or block the writer or readers; whatever they could not copy is copied by the
/// next one, and SQLite starts the log over once a checkpoint has caught up. Crash safety is unchanged: committed
/// transactions are in the log, which SQLite replays on open.
/// </remarks>
public sealed class SqliteCheckpointer(LeadRoutingStorage storage, ILogger<SqliteCheckpointer> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

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
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
            command.ExecuteNonQuery();
        }
        catch (Microsoft.Data.Sqlite.SqliteException ex)
        {
            // A busy or failing checkpoint loses nothing (the log keeps every commit); the next tick tries again.
            logger.LogWarning(ex, "SQLite checkpoint failed; retrying in {Interval}.", Interval);
        }
    }
}
