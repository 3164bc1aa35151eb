using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace LeadRouting.Web.Data;

/// <summary>
/// The store chosen by configuration: which provider and which connection string. EF Core gets its options from here,
/// and so does the lead writer, which talks ADO.NET on a long-lived connection of its own.
/// </summary>
public sealed class LeadRoutingStorage(string provider, string connectionString)
{
    /// <summary>
    /// Per connection: wait for a busy writer instead of failing at once, WAL-friendly durability (synchronous=NORMAL
    /// loses no committed transaction on a process crash, only on power loss), enforced foreign keys, and a log file
    /// cut back to 64 MiB whenever SQLite starts it over.
    /// WAL itself is a property of the database file, set once when the database is created.
    /// </summary>
    public const string SqlitePragmas =
        "PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA journal_size_limit = 67108864;";

    public string Provider { get; } = provider;
    public string ConnectionString { get; } = connectionString;

    /// <summary>A new open connection with the per-connection settings applied.</summary>
    public DbConnection Open()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        ApplyPragmas(connection);
        return connection;
    }

    /// <summary>
    /// The lead writer's connection: like <see cref="Open"/>, but without automatic checkpoints, which
    /// <see cref="SqliteCheckpointer"/> runs off the write path.
    /// </summary>
    public DbConnection OpenWriter()
    {
        var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_autocheckpoint = 0;";
        command.ExecuteNonQuery();
        return connection;
    }

    public static void ApplyPragmas(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = SqlitePragmas;
        command.ExecuteNonQuery();
    }

    /// <summary>True when <paramref name="exception"/> (or its cause) is a unique-constraint violation.</summary>
    public static bool IsUniqueViolation(Exception exception) => exception switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        { InnerException: { } inner } => IsUniqueViolation(inner),
        _ => false,
    };
}
