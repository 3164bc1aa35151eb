using LeadRouting.Web.Data.Backups;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Backups;

/// <summary>The online backup and the offline restore of the SQLite database (<see cref="SqliteBackup"/>).</summary>
public sealed class SqliteBackupTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 5, 0, 0, TimeSpan.Zero);
    private readonly BackupDatabase _database = new();

    public void Dispose() => _database.Dispose();

    private async Task<IReadOnlyCollection<string>> MigrationsAsync()
    {
        await using var db = _database.Context();
        return [.. db.Database.GetMigrations()];
    }

    [Fact]
    public async Task A_backup_holds_every_committed_lead_in_an_owner_only_file_and_leaves_no_partial_file()
    {
        await _database.CreateAsync(25);
        var file = Path.Combine(_database.Folder, "copies", "first.db");

        var result = await SqliteBackup.BackupAsync(_database.ConnectionString, file);

        Assert.Equal(25, result.Leads);
        Assert.Equal(Path.GetFullPath(file), result.File);
        Assert.Equal((await MigrationsAsync()).Last(), result.LastMigration);
        Assert.Equal(await BackupDatabase.LeadIdsAsync(_database.File), await BackupDatabase.LeadIdsAsync(file));
        Assert.False(File.Exists(file + SqliteBackup.PartialSuffix));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
    }

    [Fact]
    public async Task A_backup_never_overwrites_a_file()
    {
        await _database.CreateAsync(3);
        var file = Path.Combine(_database.Folder, "taken.db");
        await File.WriteAllTextAsync(file, "an operator's own file");

        var refused = await Assert.ThrowsAsync<BackupRefusedException>(() => SqliteBackup.BackupAsync(_database.ConnectionString, file));

        Assert.Contains("never overwrites", refused.Message, StringComparison.Ordinal);
        Assert.Equal("an operator's own file", await File.ReadAllTextAsync(file));
    }

    [Fact]
    public async Task A_backup_taken_while_a_write_transaction_is_open_holds_what_was_committed_and_not_what_was_not()
    {
        await _database.CreateAsync(10, "committed");
        await using var writer = new SqliteConnection(_database.ConnectionString);
        await writer.OpenAsync();
        await using var transaction = (SqliteTransaction)await writer.BeginTransactionAsync();
        await using (var insert = writer.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = "UPDATE Leads SET Email = 'changed@example.de' WHERE Id = 'committed-0'";
            await insert.ExecuteNonQueryAsync();
        }

        // The writer keeps its transaction open while the backup runs: a backup never waits for it, nor it for the backup.
        var file = Path.Combine(_database.Folder, "during-write.db");
        var result = await SqliteBackup.BackupAsync(_database.ConnectionString, file);
        await transaction.CommitAsync();

        Assert.Equal(10, result.Leads);
        await using var copy = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        await copy.OpenAsync();
        await using var read = copy.CreateCommand();
        read.CommandText = "SELECT Email FROM Leads WHERE Id = 'committed-0'";
        Assert.Equal("committed-0@example.de", (string?)await read.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_restore_replaces_the_database_and_keeps_the_one_it_replaced()
    {
        await _database.CreateAsync(5, "before");
        var backup = Path.Combine(_database.Folder, "backup.db");
        await SqliteBackup.BackupAsync(_database.ConnectionString, backup);
        await _database.AddLeadsAsync(3, "after");
        SqliteConnection.ClearAllPools();

        var result = await SqliteBackup.RestoreAsync(backup, _database.ConnectionString, await MigrationsAsync(), Now);

        Assert.Equal(5, result.Leads);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"before-{i}"), await BackupDatabase.LeadIdsAsync(_database.File));
        Assert.Equal($"{_database.File}.before-restore-20261207-050000", result.PreviousDatabaseKeptAt);
        Assert.Equal(8, (await BackupDatabase.LeadIdsAsync(result.PreviousDatabaseKeptAt!)).Count);
        await using var connection = new SqliteConnection(_database.ConnectionString + ";Pooling=False");
        await connection.OpenAsync();
        await using var mode = connection.CreateCommand();
        mode.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)await mode.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_restore_into_an_empty_folder_creates_the_database()
    {
        await _database.CreateAsync(4);
        var backup = Path.Combine(_database.Folder, "backup.db");
        await SqliteBackup.BackupAsync(_database.ConnectionString, backup);
        var elsewhere = Path.Combine(_database.Folder, "new-machine", "leadrouting.db");
        Directory.CreateDirectory(Path.GetDirectoryName(elsewhere)!);

        var result = await SqliteBackup.RestoreAsync(backup, $"Data Source={elsewhere}", await MigrationsAsync(), Now);

        Assert.Null(result.PreviousDatabaseKeptAt);
        Assert.Equal(4, (await BackupDatabase.LeadIdsAsync(elsewhere)).Count);
    }

    [Fact]
    public async Task A_restore_is_refused_while_anything_has_the_database_open_and_changes_nothing()
    {
        await _database.CreateAsync(2, "live");
        var backup = Path.Combine(_database.Folder, "backup.db");
        await SqliteBackup.BackupAsync(_database.ConnectionString, backup);
        await _database.AddLeadsAsync(1, "newer");
        await using var app = new SqliteConnection(_database.ConnectionString + ";Pooling=False");
        await app.OpenAsync();
        await using (var read = app.CreateCommand())
        {
            read.CommandText = "SELECT COUNT(*) FROM Leads";
            await read.ExecuteScalarAsync();
        }

        var refused = await Assert.ThrowsAsync<BackupRefusedException>(async () =>
            await SqliteBackup.RestoreAsync(backup, _database.ConnectionString + ";Pooling=False", await MigrationsAsync(), Now));

        Assert.Contains("in use", refused.Message, StringComparison.Ordinal);
        Assert.Equal(3, (await BackupDatabase.LeadIdsAsync(_database.File)).Count);
        Assert.Empty(Directory.GetFiles(_database.Folder, "*.before-restore-*"));
    }

    [Fact]
    public async Task A_restore_refuses_a_file_that_is_not_a_LeadRouting_database()
    {
        await _database.CreateAsync(1);
        var text = Path.Combine(_database.Folder, "notes.db");
        await File.WriteAllTextAsync(text, "this is not a database, although its name says so");
        var other = Path.Combine(_database.Folder, "other.db");
        await using (var connection = new SqliteConnection($"Data Source={other};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var create = connection.CreateCommand();
            create.CommandText = "CREATE TABLE Customers (Id INTEGER)";
            await create.ExecuteNonQueryAsync();
        }

        var migrations = await MigrationsAsync();
        var notSqlite = await Assert.ThrowsAsync<BackupRefusedException>(() => SqliteBackup.RestoreAsync(text, _database.ConnectionString, migrations, Now));
        var notOurs = await Assert.ThrowsAsync<BackupRefusedException>(() => SqliteBackup.RestoreAsync(other, _database.ConnectionString, migrations, Now));
        var missing = await Assert.ThrowsAsync<BackupRefusedException>(() => SqliteBackup.RestoreAsync(Path.Combine(_database.Folder, "nowhere.db"), _database.ConnectionString, migrations, Now));

        Assert.Contains("not a SQLite database", notSqlite.Message, StringComparison.Ordinal);
        Assert.Contains("not a LeadRouting one", notOurs.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);
        Assert.Single(await BackupDatabase.LeadIdsAsync(_database.File));
    }

    [Fact]
    public async Task A_restore_refuses_a_backup_made_by_a_newer_release()
    {
        await _database.CreateAsync(1);
        var backup = Path.Combine(_database.Folder, "from-the-future.db");
        await SqliteBackup.BackupAsync(_database.ConnectionString, backup);
        await using (var connection = new SqliteConnection($"Data Source={backup};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var future = connection.CreateCommand();
            future.CommandText = "INSERT INTO __EFMigrationsHistory (MigrationId, ProductVersion) VALUES ('29991231000000_NextRelease', '11.0.0')";
            await future.ExecuteNonQueryAsync();
        }

        var refused = await Assert.ThrowsAsync<BackupRefusedException>(async () =>
            await SqliteBackup.RestoreAsync(backup, _database.ConnectionString, await MigrationsAsync(), Now));

        Assert.Contains("newer release", refused.Message, StringComparison.Ordinal);
        Assert.Contains("29991231000000_NextRelease", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pruning_keeps_the_newest_scheduled_backups_and_never_an_operators_own_files()
    {
        var folder = Path.Combine(_database.Folder, "backups");
        Directory.CreateDirectory(folder);
        var scheduled = Enumerable.Range(1, 5).Select(day => Path.Combine(folder, $"leadrouting-202612{day:00}-023000.db")).ToList();
        var own = new[] { "leadrouting-before-upgrade.db", "keep-me.db", "leadrouting-20261201-023000.db.partial" }.Select(f => Path.Combine(folder, f)).ToList();
        foreach (var file in scheduled.Concat(own))
        {
            await File.WriteAllTextAsync(file, "x");
        }

        var deleted = DatabaseBackupJob.Prune(folder, keep: 2);

        Assert.Equal(scheduled.Take(3).Order(), deleted.Order());
        Assert.Equal(scheduled.Skip(3).Concat(own).Order(), Directory.GetFiles(folder).Order());
    }

    [Theory]
    [InlineData("Backups:Schedule", "every night", "Backups:Schedule")]
    [InlineData("Backups:Keep", "0", "Backups:Keep")]
    public void Bad_backup_settings_stop_the_start_with_the_key_named(string key, string value, string named)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build();

        var refused = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            LeadRouting.Web.Hosting.SettingsSections.AddSettings<BackupOptions>(new ServiceCollection(), configuration));

        Assert.Contains(named, refused.Message, StringComparison.Ordinal);
    }
}
