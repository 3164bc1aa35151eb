using Microsoft.Data.Sqlite;

namespace LeadRouting.Web.Data.Backups;

/// <summary>
/// <c>--backup FILE</c> and <c>--restore FILE</c>: run before the app touches its database, print what they did, set
/// the exit code, and end the process without serving (README "Backup and restore").
/// </summary>
/// <remarks>
/// <c>--backup</c> runs beside a serving app on the same data folder (an online backup, <see cref="SqliteBackup"/>).
/// <c>--restore</c> refuses while anything has the database open. Both run before
/// <see cref="DatabaseInitializer"/>, so a restore never meets a database this start has migrated or seeded, and a
/// backup of a database made by another release does not migrate it.
/// </remarks>
public static class BackupCommands
{
    public const string BackupArgument = "backup";
    public const string RestoreArgument = "restore";

    /// <summary>Runs the command given, if any; true means it ran and the app should exit.</summary>
    public static async Task<bool> RunLeadRoutingBackupCommandAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        var backup = app.Configuration[BackupArgument];
        var restore = app.Configuration[RestoreArgument];
        if (backup is null && restore is null)
        {
            return false;
        }

        var storage = app.Services.GetRequiredService<LeadRoutingStorage>();
        try
        {
            if (storage.IsPostgres)
            {
                throw new BackupRefusedException("The database is PostgreSQL: back it up with pg_dump and restore with pg_restore (README \"Backup and restore\").");
            }

            if (backup is not null && restore is not null)
            {
                throw new BackupRefusedException("Give either --backup FILE or --restore FILE, not both.");
            }

            if (string.IsNullOrWhiteSpace(backup ?? restore))
            {
                throw new BackupRefusedException($"--{(backup is not null ? BackupArgument : RestoreArgument)} needs a file name.");
            }

            if (backup is not null)
            {
                var result = await SqliteBackup.BackupAsync(storage.ConnectionString, backup, cancellationToken);
                Console.WriteLine(
                    $"Backed up {result.Leads} leads into {result.File} ({result.Bytes / 1024.0 / 1024.0:0.0} MiB, last migration {result.LastMigration}) in {result.Elapsed.TotalSeconds:0.0} s.");
            }
            else
            {
                var migrations = await KnownMigrationsAsync(app, cancellationToken);
                var result = await SqliteBackup.RestoreAsync(restore!, storage.ConnectionString, migrations, app.Services.GetRequiredService<TimeProvider>().GetUtcNow(), cancellationToken);
                Console.WriteLine(
                    $"Restored {result.Leads} leads into {result.Database} (backup's last migration {result.LastMigration}); the next start applies this release's migrations.");
                Console.WriteLine(result.PreviousDatabaseKeptAt is { } kept
                    ? $"The database as it was before the restore is kept in {kept}."
                    : "There was no database before the restore.");
            }
        }
        catch (Exception ex) when (ex is BackupRefusedException or IOException or UnauthorizedAccessException or SqliteException)
        {
            await Console.Error.WriteLineAsync($"{(backup is not null ? "Backup" : "Restore")} failed: {ex.Message}");
            Environment.ExitCode = 1;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
        }

        return true;
    }

    private static async Task<IReadOnlyCollection<string>> KnownMigrationsAsync(WebApplication app, CancellationToken cancellationToken)
    {
        // Asks the model, not the database: no connection is opened.
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync(cancellationToken);
        return [.. db.Database.GetMigrations()];
    }
}
