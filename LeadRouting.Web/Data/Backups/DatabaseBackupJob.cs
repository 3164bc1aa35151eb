using Quartz;

namespace LeadRouting.Web.Data.Backups;

/// <summary>
/// The scheduled backup (<see cref="BackupOptions"/>): one <see cref="SqliteBackup"/> into the backup folder, named by
/// its UTC time, then the oldest scheduled backups beyond <see cref="BackupOptions.Keep"/> are deleted. A failed backup
/// deletes nothing and is logged as an error, so the last good ones stay.
/// </summary>
[DisallowConcurrentExecution]
public sealed class DatabaseBackupJob(
    LeadRoutingStorage storage,
    Microsoft.Extensions.Options.IOptions<BackupOptions> options,
    IConfiguration configuration,
    IHostEnvironment environment,
    TimeProvider time,
    BackupHealth health,
    ILogger<DatabaseBackupJob> logger) : IJob
{
    public static readonly JobKey Key = new("database-backup", "maintenance");
    public static readonly TriggerKey TriggerKey = new("database-backup-on-schedule", "maintenance");

    /// <summary>Scheduled backups are <c>leadrouting-yyyyMMdd-HHmmss.db</c>; only these are ever pruned.</summary>
    public const string FilePrefix = "leadrouting-";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var folder = options.Value.DirectoryFor(DataServiceCollectionExtensions.DataDirectory(configuration, environment));
        try
        {
            var result = await BackupIntoAsync(folder, cancellationToken);
            health.RecordSuccess(time.GetUtcNow());
            logger.LogInformation("Backup {File} written: {Leads} leads, {Bytes} bytes, in {Seconds:0.0} s.", result.File, result.Leads, result.Bytes, result.Elapsed.TotalSeconds);
            foreach (var old in Prune(folder, options.Value.Keep))
            {
                logger.LogInformation("Backup {File} deleted: more than {Keep} backups are kept.", old, options.Value.Keep);
            }
        }
        catch (Exception ex) when (ex is BackupRefusedException or IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            health.RecordFailure(time.GetUtcNow(), ex);
            logger.LogError(ex, "Scheduled backup into {Folder} failed; the backups there are kept. {Reason}", folder, ex.Message);
        }
    }

    /// <summary>One backup into <paramref name="folder"/>, named by the clock's time.</summary>
    public Task<BackupResult> BackupIntoAsync(string folder, CancellationToken cancellationToken) =>
        SqliteBackup.BackupAsync(storage.ConnectionString, Path.Combine(folder, $"{FilePrefix}{time.GetUtcNow().UtcDateTime:yyyyMMdd-HHmmss}.db"), cancellationToken);

    /// <summary>Deletes the oldest scheduled backups in <paramref name="folder"/> beyond <paramref name="keep"/>; answers what it deleted.</summary>
    public static IReadOnlyList<string> Prune(string folder, int keep)
    {
        // The names sort by time; other files in the folder (an operator's own copies) are not ours to delete.
        var old = Directory.GetFiles(folder, FilePrefix + "*.db")
            .Where(f => Path.GetFileName(f).Length == FilePrefix.Length + "yyyyMMdd-HHmmss.db".Length)
            .OrderByDescending(f => Path.GetFileName(f), StringComparer.Ordinal)
            .Skip(keep)
            .ToList();
        foreach (var file in old)
        {
            File.Delete(file);
        }

        return old;
    }
}
