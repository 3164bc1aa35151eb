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

    /// <summary>Reads <c>Storage:Provider</c> (<see cref="StorageOptions.Provider"/>).</summary>
    public static StorageProvider ProviderFrom(IConfiguration configuration) => StorageOptions.From(configuration).ProviderKind;

    /// <summary>A new open connection with the per-connection settings applied.</summary>
    public DbConnection Open() => OpenWith(ConnectionString);

    /// <summary>
    /// The page cache of the lead writer's SQLite connection, in KiB (<c>PRAGMA cache_size</c> takes a negative number
    /// as KiB). SQLite's default is 2 MiB; a lead row touches about a dozen index pages at scattered places (email,
    /// externalId, the analytics index by receipt time), so with 2 MiB a large database misses the cache on most of them
    /// and a long batch spills dirty pages to the log before its commit. 64 MiB keeps the hot index pages of a batch in
    /// memory (issue 16 profile); it costs memory only, never durability: what is committed is in the log as before.
    /// </summary>
    public const int WriterCacheKib = 64 * 1024;

    /// <summary>
    /// The lead writer's connection: like <see cref="Open"/>; on SQLite without automatic checkpoints, which
    /// <see cref="SqliteCheckpointer"/> runs off the write path, and with a larger page cache (<see cref="WriterCacheKib"/>).
    /// </summary>
    public DbConnection OpenWriter()
    {
        var connection = Open();
        if (!IsPostgres)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA wal_autocheckpoint = 0; PRAGMA cache_size = -{WriterCacheKib};";
            command.ExecuteNonQuery();
        }

        return connection;
    }

    /// <summary>
    /// A new open connection the database itself keeps from writing, for reads that must never change routing state
    /// (previews): SQLite opens the file read-only, PostgreSQL makes every transaction read-only. Its own connection
    /// string also keeps it in a pool of its own, so a read-only connection is never handed to a writer.
    /// </summary>
    public DbConnection OpenReadOnly() => OpenWith(_readOnlyConnectionString);

    private DbConnection OpenWith(string connectionString)
    {
        if (IsPostgres)
        {
            var postgres = new NpgsqlConnection(connectionString);
            postgres.Open();
            return postgres;
        }

        var connection = new SqliteConnection(connectionString);
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

    /// <summary>
    /// SQLite: the bytes free on the disk that holds the database file (its write-ahead log grows there); null on
    /// PostgreSQL, for an in-memory database, or when the system cannot tell.
    /// </summary>
    public long? FreeSpaceBytes()
    {
        if (IsPostgres)
        {
            return null;
        }

        try
        {
            var file = new SqliteConnectionStringBuilder(ConnectionString).DataSource;
            if (string.IsNullOrEmpty(file) || file == ":memory:" || file.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            var directory = Path.GetDirectoryName(Path.GetFullPath(file));
            return string.IsNullOrEmpty(directory) ? null : new DriveInfo(directory).AvailableFreeSpace;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
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
    /// When <paramref name="exception"/> (or its cause) says the store itself failed — the disk is full, an I/O error,
    /// the file cannot be opened or is locked by another process, PostgreSQL cannot be reached, is out of space or
    /// shutting down — a short reason for people (no host names or paths: <c>/health</c> shows it to anyone); null for
    /// anything else (a constraint, a bug). The same work can succeed once the store is back.
    /// </summary>
    public static string? DescribeStorageFault(Exception exception) => exception switch
    {
        StorageUnavailableException unavailable => unavailable.Reason,
        SqliteException sqlite => sqlite.SqliteErrorCode switch
        {
            13 => "the disk or the database is full (SQLite error 13)",
            10 => $"a disk I/O error (SQLite error {sqlite.SqliteExtendedErrorCode})",
            14 => "the database file cannot be opened (SQLite error 14)",
            8 => "the database is read-only (SQLite error 8)",
            5 or 15 => $"the database is locked by another process (SQLite error {sqlite.SqliteErrorCode})",
            11 or 26 => $"the database file is damaged (SQLite error {sqlite.SqliteErrorCode})",
            7 => "SQLite is out of memory (SQLite error 7)",
            _ => null,
        },
        PostgresException postgres => postgres.SqlState switch
        {
            PostgresErrorCodes.DiskFull => "PostgreSQL's disk is full (PostgreSQL 53100)",
            PostgresErrorCodes.ReadOnlySqlTransaction => "PostgreSQL is read-only, a standby (PostgreSQL 25006)",
            var state when state.StartsWith("08", StringComparison.Ordinal) => $"the connection to PostgreSQL failed (PostgreSQL {state})",
            var state when state.StartsWith("53", StringComparison.Ordinal) => $"PostgreSQL is out of resources (PostgreSQL {state})",
            var state when state.StartsWith("57P", StringComparison.Ordinal) => $"PostgreSQL is shutting down or starting (PostgreSQL {state})",
            var state when state.StartsWith("58", StringComparison.Ordinal) => $"a PostgreSQL system or I/O error (PostgreSQL {state})",
            _ => null,
        },
        // Not a server answer: the connection could not be made or broke (network, server gone, timeout).
        NpgsqlException => "PostgreSQL cannot be reached",
        { InnerException: { } inner } => DescribeStorageFault(inner),
        _ => null,
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
