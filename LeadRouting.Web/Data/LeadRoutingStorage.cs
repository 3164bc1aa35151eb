using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace LeadRouting.Web.Data;

/// <summary>The database engines LeadRouting runs on (<c>Storage:Provider</c>).</summary>
public enum StorageProvider
{
    /// <summary>One file, zero set-up, one instance: the default.</summary>
    Sqlite,

    /// <summary>The scale-out store: several instances share it, and Quartz runs clustered in it.</summary>
    Postgres,
}

/// <summary>
/// The store chosen by configuration: which provider and which connection string. EF Core gets its options from here,
/// and so does the lead writer, which talks ADO.NET on a long-lived connection of its own.
/// </summary>
public sealed class LeadRoutingStorage(StorageProvider provider, string connectionString)
{
    /// <summary>
    /// Per connection: wait for a busy writer instead of failing at once, WAL-friendly durability (synchronous=NORMAL
    /// loses no committed transaction on a process crash, only on power loss), enforced foreign keys, and a log file
    /// cut back to 64 MiB whenever SQLite starts it over.
    /// WAL itself is a property of the database file, set once when the database is created.
    /// </summary>
    public const string SqlitePragmas =
        "PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA journal_size_limit = 67108864;";

    /// <summary>
    /// The key of the PostgreSQL advisory lock that one routing transaction at a time holds across all instances
    /// (<see cref="Leads.LeadWriter"/>); any constant works as long as every instance uses the same.
    /// </summary>
    public const long RoutingWriteLockKey = 0x4C52_5752; // "LRWR"

    /// <summary>The key of the advisory lock held while one instance migrates and seeds the database at start.</summary>
    public const long InitializationLockKey = 0x4C52_494E; // "LRIN"

    public StorageProvider Provider { get; } = provider;
    public string ConnectionString { get; } = connectionString;

    public bool IsPostgres => Provider == StorageProvider.Postgres;

    private readonly string _readOnlyConnectionString = ReadOnly(provider, connectionString);

    /// <summary>Reads <c>Storage:Provider</c>: <c>Sqlite</c> (default) or <c>Postgres</c> (also <c>PostgreSQL</c>, <c>Npgsql</c>).</summary>
    public static StorageProvider ProviderFrom(IConfiguration configuration) => (configuration["Storage:Provider"] ?? "Sqlite").Trim().ToLowerInvariant() switch
    {
        "sqlite" => StorageProvider.Sqlite,
        "postgres" or "postgresql" or "npgsql" => StorageProvider.Postgres,
        var other => throw new InvalidOperationException($"Storage:Provider '{other}' is not supported; use 'Sqlite' (default) or 'Postgres'."),
    };

    /// <summary>A new open connection with the per-connection settings applied.</summary>
    public DbConnection Open()
    {
        if (IsPostgres)
        {
            var postgres = new NpgsqlConnection(ConnectionString);
            postgres.Open();
            return postgres;
        }

        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        ApplyPragmas(connection);
        return connection;
    }

    /// <summary>
    /// The lead writer's connection: like <see cref="Open"/>; on SQLite without automatic checkpoints, which
    /// <see cref="SqliteCheckpointer"/> runs off the write path.
    /// </summary>
    public DbConnection OpenWriter()
    {
        var connection = Open();
        if (!IsPostgres)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_autocheckpoint = 0;";
            command.ExecuteNonQuery();
        }

        return connection;
    }

    /// <summary>
    /// A new open connection the database itself keeps from writing, for reads that must never change routing state
    /// (previews): SQLite opens the file read-only, PostgreSQL makes every transaction read-only. Its own connection
    /// string also keeps it in a pool of its own, so a read-only connection is never handed to a writer.
    /// </summary>
    public DbConnection OpenReadOnly()
    {
        if (IsPostgres)
        {
            var postgres = new NpgsqlConnection(_readOnlyConnectionString);
            postgres.Open();
            return postgres;
        }

        var connection = new SqliteConnection(_readOnlyConnectionString);
        connection.Open();
        ApplyPragmas(connection);
        return connection;
    }

    private static string ReadOnly(StorageProvider provider, string connectionString)
    {
        if (provider == StorageProvider.Postgres)
        {
            var postgres = new NpgsqlConnectionStringBuilder(connectionString);
            postgres.Options = string.Join(' ', new[] { postgres.Options, "-c default_transaction_read_only=on" }.Where(o => !string.IsNullOrWhiteSpace(o)));
            return postgres.ConnectionString;
        }

        return new SqliteConnectionStringBuilder(connectionString) { Mode = SqliteOpenMode.ReadOnly }.ConnectionString;
    }

    public static void ApplyPragmas(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = SqlitePragmas;
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// The connection string as LeadRouting uses it on PostgreSQL: the writer runs the same few statements for every lead,
    /// so Npgsql prepares them on the server after their second use (unless the string says otherwise).
    /// </summary>
    public static string WithPostgresDefaults(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 64;
        }

        return builder.ConnectionString;
    }

    /// <summary>True when <paramref name="exception"/> (or its cause) is a unique-constraint violation.</summary>
    public static bool IsUniqueViolation(Exception exception) => exception switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        { InnerException: { } inner } => IsUniqueViolation(inner),
        _ => false,
    };

    /// <summary>
    /// True when the database gave up on a statement only because of another transaction (PostgreSQL: deadlock or
    /// serialization failure), so running the same work again can succeed.
    /// </summary>
    public static bool IsConcurrencyConflict(Exception exception) => exception switch
    {
        PostgresException postgres => postgres.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure,
        { InnerException: { } inner } => IsConcurrencyConflict(inner),
        _ => false,
    };
}
