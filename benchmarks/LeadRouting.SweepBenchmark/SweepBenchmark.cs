using System.Diagnostics;
using LeadRouting.BenchmarkSeeding;
using LeadRouting.Web.Leads;
using LeadRouting.Web.Routing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

// The escalation sweep at scale (issue 4): the real app in-process on a fresh SQLite file, OPEN leads ingested through
// the real write path, then (1) the cost of a sweep when nothing is due, repeated, and (2) the time until DUE leads
// that fall due together are all escalated. Release build, Quartz off (the sweep is called directly, as the job does).
//
// Usage: dotnet run -c Release --project benchmarks/LeadRouting.SweepBenchmark -- [--open 100000] [--due 10000] [--idle-runs 500]
internal static class SweepBenchmark
{
    public static async Task<int> Main(string[] args)
    {
        var open = Arg(args, "--open", 100_000);
        var due = Arg(args, "--due", 10_000);
        var idleRuns = Arg(args, "--idle-runs", 500);
        if (due > open)
        {
            Console.Error.WriteLine("--due must not exceed --open.");
            return 2;
        }

        var dataDirectory = Directory.CreateTempSubdirectory("leadrouting-sweep-").FullName;
        try
        {
            await using var app = LoadSeed.HostApp(dataDirectory);
            _ = app.Server;
            var services = app.Services;
            Console.WriteLine($"sweep benchmark {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC: {Environment.ProcessorCount} cores, .NET {Environment.Version}, open {open:N0}, due {due:N0}");

            await LoadSeed.PublishForLoadAsync(services, "sweep-benchmark");
            var clock = Stopwatch.StartNew();
            var assigned = await LoadSeed.IngestDemoRequestsAsync(services, open, "sweep-benchmark");
            Console.WriteLine($"  seeded       {open:N0} leads ({assigned:N0} assigned with a running clock) in {clock.Elapsed.TotalSeconds:N1} s through the write path");
            if (assigned < due)
            {
                throw new InvalidOperationException($"Only {assigned} leads were assigned; {due} must fall due.");
            }

            var sweep = services.GetRequiredService<EscalationSweep>();
            var now = DateTimeOffset.UtcNow;
            var storage = services.GetRequiredService<LeadRouting.Web.Data.LeadRoutingStorage>();
            using (var connection = storage.Open())
            using (var plan = (SqliteCommand)connection.CreateCommand())
            {
                plan.CommandText = "EXPLAIN QUERY PLAN SELECT Id FROM Leads WHERE EscalateAt IS NOT NULL AND EscalateAt <= $now ORDER BY EscalateAt LIMIT 5000";
                plan.Parameters.AddWithValue("$now", now.UtcTicks);
                using var reader = plan.ExecuteReader();
                while (reader.Read())
                {
                    Console.WriteLine($"  query plan   {reader.GetString(3)}");
                }
            }

            // (1) Nothing due: the cost of one sweep, many times.
            for (var i = 0; i < 20; i++)
            {
                await sweep.RunAsync(now, CancellationToken.None); // warm-up: JIT, prepared statements, EF query cache
            }

            var idle = new double[idleRuns];
            for (var i = 0; i < idleRuns; i++)
            {
                var started = Stopwatch.GetTimestamp();
                var result = await sweep.RunAsync(now, CancellationToken.None);
                idle[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (result.Total != 0)
                {
                    throw new InvalidOperationException("A lead was due in the idle phase.");
                }
            }

            Array.Sort(idle);
            Console.WriteLine($"  idle sweep   {idleRuns} sweeps with nothing due over {open:N0} open leads: p50 {Percentile(idle, 0.50):N2} ms  p99 {Percentile(idle, 0.99):N2} ms  max {idle[^1]:N2} ms");

            // (1b) The manager board's reads over the same leads (issue 5: first render under 1 s with 100,000 leads):
            // half of them get a decided first response first, so compliance has something to count.
            LoadSeed.DecideHalfTheFirstResponses(services);

            var organisation = (await services.GetRequiredService<ConfigurationStore>().CurrentAsync(CancellationToken.None)).Engine.Organisation;
            var dbFactory = services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<LeadRouting.Web.Data.LeadRoutingDbContext>>();
            var boardRuns = new double[20];
            var filter = new LeadRouting.Web.Components.Pages.Board.BoardFilter(null, null, now.AddDays(-7));
            LeadRouting.Web.Components.Pages.Board.BoardSnapshot? snapshot = null;
            var queueTotal = 0;
            for (var i = -3; i < boardRuns.Length; i++)
            {
                // What /board's first render reads: the snapshot, the queue grid's first page and the breach grid's.
                var started = Stopwatch.GetTimestamp();
                snapshot = await LeadRouting.Web.Components.Pages.Board.BoardQueries.LoadAsync(dbFactory, organisation, filter, now, CancellationToken.None);
                queueTotal = (await LeadRouting.Web.Components.Pages.Board.BoardQueries.LoadQueueAsync(
                    dbFactory, organisation, filter, 0, LeadRouting.Web.Components.Pages.Board.ManagerBoard.QueuePageSize, LeadRouting.Web.Components.Pages.Board.QueueOrder.Priority, CancellationToken.None)).Total;
                await LeadRouting.Web.Components.Pages.Board.BoardQueries.LoadBreachesAsync(
                    dbFactory, organisation, filter, 0, LeadRouting.Web.Components.Pages.Board.ManagerBoard.BreachPageSize, CancellationToken.None);
                if (i >= 0)
                {
                    boardRuns[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                }
            }

            Array.Sort(boardRuns);
            Console.WriteLine($"  board        all teams, last 7 days, over {open:N0} leads ({snapshot!.ByTeam.Sum(r => r.Decided):N0} decided first responses, {queueTotal:N0} queued): p50 {Percentile(boardRuns, 0.5):N0} ms  max {boardRuns[^1]:N0} ms (20 loads after 3 warm-up)");

            // (2) DUE leads fall due together.
            using (var connection = storage.Open())
            using (var update = (SqliteCommand)connection.CreateCommand())
            {
                update.CommandText = "UPDATE Leads SET EscalateAt = $due WHERE Id IN (SELECT Id FROM Leads WHERE Stage = 'Assigned' AND EscalateAt IS NOT NULL ORDER BY Id LIMIT $count)";
                update.Parameters.AddWithValue("$due", now.AddMinutes(-1).UtcTicks);
                update.Parameters.AddWithValue("$count", due);
                var moved = update.ExecuteNonQuery();
                if (moved != due)
                {
                    throw new InvalidOperationException($"{moved} leads were made due instead of {due}.");
                }
            }

            clock.Restart();
            int reassigned = 0, unassigned = 0, escalated = 0, sweeps = 0;
            while (true)
            {
                var result = await sweep.RunAsync(now, CancellationToken.None);
                sweeps++;
                (reassigned, unassigned, escalated) = (reassigned + result.Reassigned, unassigned + result.Unassigned, escalated + result.Escalated);
                if (!result.MoreDue)
                {
                    break;
                }
            }

            var elapsed = clock.Elapsed;
            Console.WriteLine($"  due at once  {due:N0} due leads handled in {elapsed.TotalSeconds:N2} s ({due / elapsed.TotalSeconds:N0} leads/s) by {sweeps} sweep(s): reassigned {reassigned:N0}, unassigned {unassigned:N0}, escalated {escalated:N0}");
            if (reassigned + unassigned + escalated != due)
            {
                throw new InvalidOperationException($"{reassigned + unassigned + escalated} leads were acted on instead of {due}.");
            }

            var again = await sweep.RunAsync(now, CancellationToken.None);
            Console.WriteLine($"  sweep again  acted on {again.Total} lead(s) (exactly-once: must be 0)");
            return again.Total == 0 ? 0 : 1;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    static int Arg(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out var value) && value > 0 ? value : fallback;
    }

    static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
