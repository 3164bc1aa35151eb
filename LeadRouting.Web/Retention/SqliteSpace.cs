using LeadRouting.Web.Data;

namespace LeadRouting.Web.Retention;

/// <summary>
/// Gives the space of removed rows back to the file system on SQLite, so a database under retention stays bounded in
/// bytes on disk and not only in rows.
/// </summary>
/// <remarks>
/// SQLite keeps the pages of deleted rows in its free list and reuses them for new rows (so even without this the file
/// stops growing once retention removes as much as ingestion adds); it returns them to the file system only with
/// <c>auto_vacuum = INCREMENTAL</c> and <c>PRAGMA incremental_vacuum</c>. That mode can be chosen only before the first
/// table exists, or by a full <c>VACUUM</c>, which rewrites the whole file under an exclusive lock (minutes for a large
/// database, with every lead refused meanwhile): so a new database gets it at creation
/// (<see cref="PrepareNewDatabase"/>), and a database created before it keeps reusing its free pages until its operator
/// converts it with the app stopped (README "Retention"). PostgreSQL's own autovacuum does this job there.
/// </remarks>
public static class SqliteSpace
{
    /// <summary>Pages given back per statement: about 4 MiB at SQLite's 4 KiB pages, a few milliseconds of writing.</summary>
    public const int PagesPerStep = 1024;

    /// <summary>The value of <c>PRAGMA auto_vacuum</c> for INCREMENTAL.</summary>
    private const long Incremental = 2;

    /// <summary>
    /// On a database file without tables (first start), switches it to <c>auto_vacuum = INCREMENTAL</c>; a database
    /// with tables is left as it is. Runs before the migrations create the first table.
    /// </summary>
    public static void PrepareNewDatabase(LeadRoutingStorage storage)
    {
        if (storage.IsPostgres)
        {
            return;
        }

        using var connection = storage.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM sqlite_master";
        if (Convert.ToInt64(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) != 0)
        {
            return;
        }

        using var set = connection.CreateCommand();
        // On an empty file VACUUM writes just the header, which is where the mode is kept.
        set.CommandText = "PRAGMA auto_vacuum = INCREMENTAL; VACUUM;";
        set.ExecuteNonQuery();
    }

    /// <summary>Whether the SQLite database can give free pages back (<c>auto_vacuum = INCREMENTAL</c>).</summary>
    public static bool CanReclaim(LeadRoutingStorage storage)
    {
        if (storage.IsPostgres)
        {
            return false;
        }

        using var connection = storage.Open();
        return Scalar(connection, "PRAGMA auto_vacuum") == Incremental;
    }

    /// <summary>
    /// Gives free pages back to the file system, <see cref="PagesPerStep"/> per short transaction with a pause in between;
    /// answers how many pages it gave back. The file itself shrinks at the next checkpoint of the write-ahead log.
    /// </summary>
    public static async Task<long> ReclaimAsync(LeadRoutingStorage storage, TimeSpan pause, CancellationToken cancellationToken)
    {
        await using var connection = storage.Open();
        if (Scalar(connection, "PRAGMA auto_vacuum") != Incremental)
        {
            return 0;
        }

        var before = Scalar(connection, "PRAGMA freelist_count");
        for (var free = before; free > 0 && !cancellationToken.IsCancellationRequested; free = Scalar(connection, "PRAGMA freelist_count"))
        {
            await using (var step = connection.CreateCommand())
            {
                step.CommandText = $"PRAGMA incremental_vacuum({PagesPerStep})";
                await step.ExecuteNonQueryAsync(cancellationToken);
            }

            // Infrastructure timing on the real clock, like the writer's back-off: the writer gets the file in between.
            await Task.Delay(pause, TimeProvider.System, cancellationToken);
        }

        return before - Scalar(connection, "PRAGMA freelist_count");
    }

    private static long Scalar(System.Data.Common.DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
