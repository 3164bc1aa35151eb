using LeadRouting.Web.Data;
using LeadRouting.Web.Data.Entities;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace LeadRouting.Tests.Backups;

/// <summary>A LeadRouting SQLite database in a folder of the test's own: migrated, in WAL mode, with leads.</summary>
public sealed class BackupDatabase : IDisposable
{
    public BackupDatabase()
    {
        Folder = Directory.CreateTempSubdirectory("leadrouting-backup-").FullName;
        File = Path.Combine(Folder, "leadrouting.db");
        ConnectionString = $"Data Source={File}";
    }

    public string Folder { get; }

    public string File { get; }

    public string ConnectionString { get; }

    public LeadRoutingDbContext Context() =>
        new(new DbContextOptionsBuilder<LeadRoutingDbContext>().UseSqlite(ConnectionString).Options);

    /// <summary>Migrates to this release's model and stores <paramref name="leads"/> leads named <c>{prefix}-{i}</c>.</summary>
    public async Task CreateAsync(int leads, string prefix = "lead")
    {
        await using var db = Context();
        await db.Database.MigrateAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;");
        await AddLeadsAsync(leads, prefix);
    }

    public async Task AddLeadsAsync(int leads, string prefix)
    {
        await using var db = Context();
        for (var i = 0; i < leads; i++)
        {
            db.Leads.Add(new LeadEntity { Id = $"{prefix}-{i}", Email = $"{prefix}-{i}@example.de", ReceivedAt = DateTimeOffset.UnixEpoch });
        }

        await db.SaveChangesAsync();
    }

    public static async Task<List<string>> LeadIdsAsync(string file)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Id FROM Leads ORDER BY Id";
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
    }
}
