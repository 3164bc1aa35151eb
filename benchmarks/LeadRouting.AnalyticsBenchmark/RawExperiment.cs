using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

// Issue 21 experiment (not product code): the SLA report's groups statement over the last 90 days (all leads, as
// ReportQueries.SlaGroupsAsync builds it, statuses as numbers), stepped through SQLitePCL.raw without ADO.NET, two ways:
// (1) grouped by SQLite (its GROUP BY sorts every decided lead), (2) one row per lead, summed in a C# hash table with the
// text keys mapped to small numbers without a string per row. Prints rows read, groups, leads counted (must agree), wall
// and CPU time. Usage: LeadRouting.AnalyticsBenchmark --raw DIR/leadrouting.db (a folder seeded today by this benchmark).
internal static class RawExperiment
{
    public static void Run(string file)
    {
        var today = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero);
        var now = today.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var from = today.AddDays(-90).UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly");
        connection.Open();
        var db = connection.Handle!;
        var lapse = $"(CASE WHEN \"Stage\" IN ('Unassigned', 'ManualReview') AND \"FirstTouchAt\" IS NULL AND \"RespondBy\" <= {now} THEN \"Stage\" END)";
        var cols = $"""
            "TeamId", "OwnerId", (CASE WHEN "LapsedStage" IS NOT NULL OR {lapse} IS NOT NULL THEN 2 WHEN "ResponseStatus" = 'Met' THEN 1 WHEN "ResponseStatus" = 'Missed' THEN 2 ELSE 0 END),
            ("FirstTouchAt" - "ReceivedAt") / 600000000, (CASE "ResponseStatus" WHEN 'Met' THEN 1 WHEN 'Missed' THEN 2 ELSE 0 END),
            ("FirstTouchAt" - COALESCE("ResponseClockFrom", "ReceivedAt")) / 600000000,
            (CASE WHEN "LapsedStage" IS NULL THEN {lapse} WHEN "LapsedOwnerId" IS NULL THEN "LapsedStage" END), "LapsedOwnerId"
            """;
        var where = $"""FROM "Leads" WHERE "ReceivedAt" >= {from} AND "ReceivedAt" < {now} AND ("ResponseStatus" <> 'Pending' OR "LapsedStage" IS NOT NULL OR {lapse} IS NOT NULL)""";
        var grouped = $"SELECT {cols}, COUNT(*) {where} GROUP BY 1, 2, 3, 4, 5, 6, 7, 8";
        var streamed = $"SELECT {cols} {where}";
        var self = Process.GetCurrentProcess();
        for (var round = 0; round < 4; round++)
        {
            foreach (var (name, sql, group) in new[] { ("sqlite GROUP BY", grouped, true), ("C# hash", streamed, false) })
            {
                self.Refresh();
                var cpu = self.TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                var names = new Dictionary<string, int>(StringComparer.Ordinal);
                var lookup = names.GetAlternateLookup<ReadOnlySpan<char>>();
                var list = new List<string>();
                int Name(sqlite3_stmt s, int i)
                {
                    if (raw.sqlite3_column_type(s, i) == raw.SQLITE_NULL) return -1;
                    var bytes = raw.sqlite3_column_blob(s, i);
                    Span<char> chars = stackalloc char[bytes.Length];
                    var n = Encoding.UTF8.GetChars(bytes, chars);
                    if (lookup.TryGetValue(chars[..n], out var id)) return id;
                    var text = new string(chars[..n]);
                    names[text] = list.Count;
                    list.Add(text);
                    return list.Count - 1;
                }

                static long Num(sqlite3_stmt s, int i) => raw.sqlite3_column_type(s, i) == raw.SQLITE_NULL ? long.MinValue : raw.sqlite3_column_int64(s, i);
                var tallies = new Dictionary<(int, int, int, long, int, long, int, int), long>();
                var rc = raw.sqlite3_prepare_v2(db, sql, out var stmt);
                if (rc != 0) throw new InvalidOperationException(raw.sqlite3_errmsg(db).utf8_to_string());
                long rows = 0;
                while (raw.sqlite3_step(stmt) == raw.SQLITE_ROW)
                {
                    rows++;
                    var key = (Name(stmt, 0), Name(stmt, 1), raw.sqlite3_column_int(stmt, 2), Num(stmt, 3), raw.sqlite3_column_int(stmt, 4), Num(stmt, 5), Name(stmt, 6), Name(stmt, 7));
                    CollectionsMarshal.GetValueRefOrAddDefault(tallies, key, out _) += group ? raw.sqlite3_column_int64(stmt, 8) : 1;
                }

                stmt.Dispose();
                self.Refresh();
                Console.WriteLine($"  {name,-16} rows {rows,9:N0}  groups {tallies.Count,7:N0}  leads {tallies.Values.Sum(),9:N0}  wall {clock.ElapsedMilliseconds,6:N0} ms  CPU {(self.TotalProcessorTime - cpu).TotalMilliseconds,6:N0} ms");
            }
        }
    }
}
