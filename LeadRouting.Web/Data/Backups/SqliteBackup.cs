using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace LeadRouting.Web.Data.Backups;

/// <summary>What a backup wrote: the file, its size, the leads in it, and how long it took.</summary>
public sealed record BackupResult(string File, long Bytes, long Leads, string? LastMigration, TimeSpan Elapsed);

/// <summary>What a restore did: the leads now in the database, and where the database as it was is kept.</summary>
public sealed record RestoreResult(string Database, long Leads, string? LastMigration, string? PreviousDatabaseKeptAt);

/// <summary>A backup or restore that cannot go ahead, with the reason in words an operator acts on.</summary>
public sealed class BackupRefusedException(string message) : Exception(message);

/// <summary>
/// Online backup and offline restore of the SQLite lead database (README "Backup and restore").
/// </summary>
/// <remarks>
/// <para>
/// A backup is <c>VACUUM INTO</c> on a connection of its own: SQLite writes a compact copy of one read snapshot, so
/// it is consistent (every transaction committed before the snapshot, none after) while the app keeps serving. In WAL
/// mode the lead writer never waits for it; the log only grows until the backup ends, because the background
/// checkpoints cannot pass its snapshot. The copy is written beside its target as <c>.partial</c>, checked
/// (<c>PRAGMA quick_check</c>) and only then renamed, so a file with the target's name is always a whole backup. It is
/// owner-only (0600) like the database, and never overwrites a file.
/// </para>
/// <para>
/// A restore replaces the database with a backup, and only when nothing else has the database open: SQLite itself
/// answers that, since leaving WAL mode needs the only connection to the file. The backup is checked first (a SQLite
/// database, intact, made by this release or an earlier one), and the database as it was is kept beside it, so a
/// restore loses nothing. The copy goes through SQLite's backup API into the database's own connection, in rollback-
/// journal mode, so a restore that stops half-way leaves the old database. The next start applies this release's
/// migrations to a backup from an earlier one (README "Upgrades").
/// </para>
/// <para>
/// Not in the backup: the Data Protection key ring (<c>keys/</c>) on purpose, so a copy of the database alone reveals
/// no webhook secret; the scheduler's <c>scheduler.db</c>, which the app rebuilds at start; the mail sink.
/// </para>
/// </remarks>
public static class SqliteBackup
{
    /// <summary>The suffix of a backup being written; a file with it is never a backup.</summary>
    public const string PartialSuffix = ".partial";

    public static async Task<BackupResult> BackupAsync(string connectionString, string file, CancellationToken cancellationToken = default)
    {
        var target = Path.GetFullPath(file);
        if (File.Exists(target))
        {
            throw new BackupRefusedException($"{target} exists; a backup never overwrites a file. Choose a new name.");
        }

        var folder = Path.GetDirectoryName(target)!;
        OwnerOnlyStorage.CreateFolder(folder);
        var partial = target + PartialSuffix;
        File.Delete(partial);
        CreateOwnerOnly(partial);

        var watch = Stopwatch.StartNew();
        try
        {
            await using (var source = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString))
            {
                await source.OpenAsync(cancellationToken);
                LeadRoutingStorage.ApplyPragmas(source);
                await using var vacuum = source.CreateCommand();
                vacuum.CommandText = "VACUUM INTO $file;";
                vacuum.Parameters.AddWithValue("$file", partial);
                // As long as the database is large: the command timeout is for waiting on locks, which a read never does.
                vacuum.CommandTimeout = 0;
                await vacuum.ExecuteNonQueryAsync(cancellationToken);
            }

            var (leads, lastMigration) = await CheckAsync(partial, cancellationToken);
            File.Move(partial, target);
            return new BackupResult(target, new FileInfo(target).Length, leads, lastMigration, watch.Elapsed);
        }
        catch
        {
            SqliteConnection.ClearAllPools();
            File.Delete(partial);
            throw;
        }
    }

    /// <summary>
    /// Replaces the database of <paramref name="connectionString"/> with <paramref name="backupFile"/>. The known
    /// migrations are this release's; a backup with any other one is from a newer release. <paramref name="now"/> names
    /// the copy of the database as it was.
    /// </summary>
    public static async Task<RestoreResult> RestoreAsync(string backupFile, string connectionString, IReadOnlyCollection<string> knownMigrations, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var source = Path.GetFullPath(backupFile);
        if (!File.Exists(source))
        {
            throw new BackupRefusedException($"{source} does not exist.");
        }

        var (_, backupMigration) = await CheckAsync(source, cancellationToken, knownMigrations);
        var database = OwnerOnlyStorage.SqliteFile(connectionString)
            ?? throw new BackupRefusedException("The database is in memory; there is nothing to restore into.");
        OwnerOnlyStorage.PrepareSqliteFile(connectionString);

        await using var target = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false, DefaultTimeout = 5 }.ConnectionString);
        await target.OpenAsync(cancellationToken);
        await ExecuteAsync(target, "PRAGMA busy_timeout = 0;", cancellationToken);
        string mode;
        try
        {
            mode = (string)(await ScalarAsync(target, "PRAGMA journal_mode = DELETE;", cancellationToken))!;
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 5 or 6)
        {
            throw InUse(database);
        }

        if (!string.Equals(mode, "delete", StringComparison.OrdinalIgnoreCase))
        {
            throw InUse(database);
        }

        string? keptAt = null;
        if (await HasTablesAsync(target, cancellationToken))
        {
            keptAt = $"{database}.before-restore-{now.UtcDateTime:yyyyMMdd-HHmmss}";
            if (File.Exists(keptAt))
            {
                throw new BackupRefusedException($"{keptAt} exists; wait a second and restore again.");
            }

            CreateOwnerOnly(keptAt);
            await using var keep = target.CreateCommand();
            keep.CommandText = "VACUUM INTO $file;";
            keep.Parameters.AddWithValue("$file", keptAt);
            keep.CommandTimeout = 0;
            await keep.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var backup = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = source, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString))
        {
            await backup.OpenAsync(cancellationToken);
            backup.BackupDatabase(target);
        }

        // WAL again (the app would set it at start anyway), so a database restored and not yet started looks like any other.
        await ExecuteAsync(target, "PRAGMA journal_mode = WAL;", cancellationToken);
        var leads = (long)(await ScalarAsync(target, "SELECT COUNT(*) FROM Leads;", cancellationToken))!;
        return new RestoreResult(database, leads, backupMigration, keptAt);
    }

    /// <summary>
    /// Opens <paramref name="file"/> read-only and checks it is an intact LeadRouting database (and, with
    /// <paramref name="knownMigrations"/>, one this release can run); answers its leads and its last migration.
    /// </summary>
    public static async Task<(long Leads, string? LastMigration)> CheckAsync(string file, CancellationToken cancellationToken, IReadOnlyCollection<string>? knownMigrations = null)
    {
        try
        {
            await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            var check = (string?)await ScalarAsync(connection, "PRAGMA quick_check;", cancellationToken);
            if (check != "ok")
            {
                throw new BackupRefusedException($"{file} is damaged: SQLite's check says \"{check}\".");
            }

            if (!await HasTableAsync(connection, "__EFMigrationsHistory", cancellationToken) || !await HasTableAsync(connection, "Leads", cancellationToken))
            {
                throw new BackupRefusedException($"{file} is a SQLite database, but not a LeadRouting one (no lead table, no migration history).");
            }

            var migrations = new List<string>();
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT MigrationId FROM __EFMigrationsHistory ORDER BY MigrationId;";
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    migrations.Add(reader.GetString(0));
                }
            }

            if (knownMigrations is not null && migrations.Except(knownMigrations, StringComparer.Ordinal).ToList() is { Count: > 0 } unknown)
            {
                throw new BackupRefusedException(
                    $"{file} was made by a newer release of LeadRouting (migrations this release does not know: {string.Join(", ", unknown)}). Restore it with that release or a later one.");
            }

            var leads = (long)(await ScalarAsync(connection, "SELECT COUNT(*) FROM Leads;", cancellationToken))!;
            return (leads, migrations.LastOrDefault());
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 26 or 11)
        {
            // SQLITE_NOTADB, SQLITE_CORRUPT.
            throw new BackupRefusedException($"{file} is not a SQLite database or is damaged ({ex.Message}).");
        }
    }

    private static BackupRefusedException InUse(string database) =>
        new($"{database} is in use: stop the app (every instance and any tool that has the database open) before restoring. A running app's leads are never overwritten under it.");

    private static void CreateOwnerOnly(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyStorage.OwnerFileMode;
        }

        using var created = new FileStream(path, options);
    }

    private static async Task<bool> HasTablesAsync(SqliteConnection connection, CancellationToken cancellationToken) =>
        (long)(await ScalarAsync(connection, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table';", cancellationToken))! > 0;

    private static async Task<bool> HasTableAsync(SqliteConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $name;";
        command.Parameters.AddWithValue("$name", table);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))! > 0;
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
