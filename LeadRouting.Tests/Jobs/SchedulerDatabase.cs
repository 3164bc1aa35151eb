using Microsoft.Data.Sqlite;

namespace LeadRouting.Tests.Jobs;

/// <summary>Reads the Quartz tables straight from a SQLite file, as an operator would.</summary>
public static class SchedulerDatabase
{
    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, "scheduler.db");

    public static async Task<IReadOnlyList<string>> TablesAsync(string databasePath)
    {
        var tables = new List<string>();
        await using var connection = await OpenAsync(databasePath);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    public static async Task<T?> ScalarAsync<T>(string databasePath, string sql)
    {
        await using var connection = await OpenAsync(databasePath);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)Convert.ChangeType(value, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<SqliteConnection> OpenAsync(string databasePath)
    {
        // Pooling off: the test deletes the folder afterwards, and a pooled handle would keep the file open. Not
        // read-only: after a hard kill the write-ahead log must be recovered on open, which a read-only handle cannot.
        var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False;Default Timeout=30");
        await connection.OpenAsync();
        return connection;
    }
}
