using System.Diagnostics;
using System.Globalization;
using LeadRouting.BenchmarkSeeding;
using LeadRouting.Core;
using LeadRouting.Core.Configuration;
using LeadRouting.Core.Replay;
using LeadRouting.ReplayBenchmark;
using LeadRouting.Web.Data;
using LeadRouting.Web.Leads;
using LeadRouting.Web.Replay;
using LeadRouting.Web.Routing;
using LeadRouting.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

// What-if replay of 100,000 leads (issue 6): the Core comparison on an in-memory history, then the whole service run
// (read the window from SQLite, route twice, compare) on a database seeded through the real write path.
//
//   dotnet run -c Release --project benchmarks/LeadRouting.ReplayBenchmark -- [--leads 100000] [--data DIR] [--runs 5]
//
// --data reuses a folder seeded by an earlier run (seeding 100,000 leads takes about a minute); without it a temporary
// folder is seeded and deleted afterwards.
var invariant = CultureInfo.InvariantCulture;
var leads = IntArg("--leads", 100_000);
var runs = IntArg("--runs", 5);
var dataArg = StringArg("--data");

Console.WriteLine($"Replay benchmark: {leads:N0} leads, {runs} timed runs each, {Environment.ProcessorCount} CPUs, .NET {Environment.Version}");

// 1. Core: ReplayEngine.Compare over an in-memory history (90 days, demo roster against a draft).
var published = DemoRoster.Configuration();
var draft = ReplayHistory.Draft(published);
var from = new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero);
var to = from.AddDays(90);
var history = ReplayHistory.Generate(leads, from, to)
    .Select((l, i) => new ReplayLead { Id = new LeadId($"L{i:D7}"), Submission = l.Submission, ClosedAt = l.ClosedAt })
    .ToList();
var start = new ReplayStartState { Accounts = DemoRoster.Accounts };
var options = new ReplayOptions { From = from, To = to };

var warm = ReplayEngine.Compare(history, published, draft, start, options);
Console.WriteLine($"Core warm-up: {warm.LeadsReplayed:N0} leads, {warm.ChangedLeadsTotal:N0} changed (owner {warm.OwnerChanged:N0}, team {warm.TeamChanged:N0}, action {warm.ActionChanged:N0})");
var coreTimes = new List<double>();
for (var i = 0; i < runs; i++)
{
    GC.Collect();
    var allocated = GC.GetTotalAllocatedBytes(precise: true);
    var watch = Stopwatch.StartNew();
    var result = ReplayEngine.Compare(history, published, draft, start, options);
    watch.Stop();
    allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
    coreTimes.Add(watch.Elapsed.TotalMilliseconds);
    Console.WriteLine($"  core run {i + 1}: {watch.Elapsed.TotalMilliseconds.ToString("N0", invariant)} ms, {allocated / 1024.0 / 1024.0:N0} MB allocated, {result.ChangedLeadsTotal:N0} changed");
}

Summarise("Core ReplayEngine.Compare", coreTimes);

// 2. The service: the same mix stored in SQLite through the real write path, replayed over the last 90 days.
var ownsData = dataArg is null;
var data = dataArg ?? Directory.CreateTempSubdirectory("replay-bench-").FullName;
try
{
    await using var app = LoadSeed.HostApp(data);
    var services = app.Services;
    var dbFactory = services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>();
    var now = DateTimeOffset.UtcNow;
    int stored;
    await using (var db = await dbFactory.CreateDbContextAsync())
    {
        stored = await db.Leads.CountAsync();
    }

    if (stored < leads)
    {
        var seedWatch = Stopwatch.StartNew();
        var ingestion = services.GetRequiredService<LeadIngestionService>();
        var inFlight = new Queue<Task<IngestResult>>();
        foreach (var (submission, _) in ReplayHistory.Generate(leads, now.AddDays(-89), now.AddMinutes(-1)))
        {
            inFlight.Enqueue(ingestion.IngestAsync(submission, "replay-benchmark", CancellationToken.None));
            if (inFlight.Count >= 1_024)
            {
                await inFlight.Dequeue();
            }
        }

        while (inFlight.Count > 0)
        {
            await inFlight.Dequeue();
        }

        LoadSeed.MarkOutboxDelivered(services);
        await using var db = await dbFactory.CreateDbContextAsync();
        stored = await db.Leads.CountAsync();
        Console.WriteLine($"Seeded {stored:N0} stored leads (merges of repeat people excluded) in {seedWatch.Elapsed.TotalSeconds:N0} s into {data}");
    }
    else
    {
        Console.WriteLine($"Reusing {stored:N0} stored leads in {data}");
    }

    var drafts = services.GetRequiredService<ConfigurationDrafts>();
    var document = await drafts.LoadAsync(CancellationToken.None);
    if (!document.IsDraft)
    {
        var saved = await drafts.SaveAsync(new ConfigurationEditor("replay-benchmark", true), document, ReplayHistory.Draft(document.Configuration), "replay benchmark draft", CancellationToken.None);
        if (!saved.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", saved.Errors));
        }
    }

    var replay = services.GetRequiredService<ReplayService>();
    var ops = new SignedInUser("bench", "Benchmark", "bench@leadrouting.demo", [LeadRoutingRoles.Ops], null);
    var loadTimes = new List<double>();
    var serviceTimes = new List<double>();
    for (var i = 0; i < runs + 1; i++)
    {
        var loadWatch = Stopwatch.StartNew();
        var loaded = await replay.LoadHistoryAsync(DateTimeOffset.UtcNow.AddDays(-90), DateTimeOffset.UtcNow, null, CancellationToken.None);
        loadWatch.Stop();

        var watch = Stopwatch.StartNew();
        var run = await replay.RunAsync(ops, 90, null, CancellationToken.None);
        watch.Stop();
        var label = i == 0 ? "service warm-up" : $"service run {i}";
        Console.WriteLine($"  {label}: read {loaded.Count:N0} leads in {loadWatch.Elapsed.TotalMilliseconds.ToString("N0", invariant)} ms; " +
            $"RunAsync(90 days) {watch.Elapsed.TotalMilliseconds.ToString("N0", invariant)} ms, {run.Result!.LeadsReplayed:N0} replayed, {run.Result.ChangedLeadsTotal:N0} changed");
        if (i > 0)
        {
            loadTimes.Add(loadWatch.Elapsed.TotalMilliseconds);
            serviceTimes.Add(watch.Elapsed.TotalMilliseconds);
        }
    }

    Summarise("Reading the window from SQLite (LoadHistoryAsync)", loadTimes);
    Summarise("Whole replay (ReplayService.RunAsync, 90 days)", serviceTimes);
}
finally
{
    if (ownsData)
    {
        Directory.Delete(data, recursive: true);
    }
}

void Summarise(string what, List<double> times)
{
    var sorted = times.Order().ToList();
    Console.WriteLine($"{what}: min {sorted[0].ToString("N0", invariant)} ms, median {sorted[sorted.Count / 2].ToString("N0", invariant)} ms, max {sorted[^1].ToString("N0", invariant)} ms");
}

int IntArg(string name, int fallback) => StringArg(name) is { } value ? int.Parse(value, invariant) : fallback;

string? StringArg(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
