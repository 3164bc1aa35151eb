using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using LeadRouting.Benchmarks;
using LeadRouting.Benchmarks.Comparison;
using LeadRouting.Benchmarks.Scenario;

// Usage (from the repository root):
//   dotnet run -c Release --project benchmarks/LeadRouting.Benchmarks -- --filter '*'   equivalence check, then all benchmarks
//   dotnet run -c Release --project benchmarks/LeadRouting.Benchmarks -- --verify       equivalence check only
//   dotnet run -c Release --project benchmarks/LeadRouting.Benchmarks -- --quick        equivalence check + a rough Stopwatch timing
//   dotnet run -c Release --project benchmarks/LeadRouting.Benchmarks -- --matcher-cpu  account matching, wall and CPU time per lead
//   dotnet run -c Release --project benchmarks/LeadRouting.Benchmarks -- --slots-cpu    free slots (issue 20), wall and CPU time per call
//   dotnet run -c Release --project benchmarks/LeadRouting.Benchmarks -- --trace-cost   rendering the trace, ns per step (issue 21)
// Any other arguments go to BenchmarkDotNet's switcher (--filter, --list flat, --job, ...).

if (args.Contains("--matcher-cpu"))
{
    // Account matching with wall and CPU time per lead: on a shared, loaded machine the CPU time is the fairer figure.
    var bench = new AccountMatcherBenchmarks();
    bench.Setup();
    for (var round = 0; round < 5; round++)
    {
        const int Operations = 200_000;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < Operations; i++)
        {
            bench.Match();
        }

        var wall = watch.Elapsed.TotalMicroseconds / Operations;
        var used = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / Operations;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round + 1}: {wall:F1} µs wall, {used:F1} µs CPU per lead (100,000 accounts, mixed leads)"));
    }

    return 0;
}

if (args.Contains("--slots-cpu"))
{
    // Free slots with wall and CPU time per call, for the same reason as --matcher-cpu.
    var slots = new SlotFinderBenchmarks();
    slots.Setup();
    Console.WriteLine(slots.Describe());
    foreach (var (name, run, operations) in new (string, Func<int>, int)[]
    {
        ("feed busy times already read", slots.FeedAlreadyRead, 2000),
        ("expanding the parsed feed", slots.ExpandingTheFeed, 50),
        ("parsing and expanding the feed", slots.ParsingTheFeed, 20),
    })
    {
        for (var round = 0; round < 3; round++)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < operations; i++)
            {
                run();
            }

            var wall = watch.Elapsed.TotalMilliseconds / operations;
            var used = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / operations;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}, round {round + 1}: {wall:F3} ms wall, {used:F3} ms CPU per call"));
        }
    }

    return 0;
}

if (args.Contains("--trace-cost"))
{
    // Where rendering the trace's sentences goes, step by step (issue 21).
    TraceCost.Run(new RoutingScenario());
    return 0;
}

var scenario = new RoutingScenario();
var rulesEngine = new RulesEngineRouter(scenario.Configuration);
Console.WriteLine(
    $"Scenario: seed {RoutingScenario.DefaultSeed}, {scenario.Engine.Segments.Count} segments, " +
    $"{scenario.Configuration.Organisation.Reps.Count} reps in {scenario.Configuration.Organisation.Teams.Count} teams, " +
    $"{scenario.Leads.Count} leads, now = {RoutingScenario.Now:O}");

var report = await EquivalenceCheck.RunAsync(scenario, rulesEngine);
Console.WriteLine(report);
if (!report.Equivalent)
{
    Console.Error.WriteLine("The implementations disagree on action, tier or segment: refusing to compare their speed.");
    return 1;
}

if (args.Contains("--verify"))
{
    return 0;
}

if (args.Contains("--quick"))
{
    await QuickTimingAsync(scenario, rulesEngine);
    return 0;
}

// Each class names its job (one launch, a few warm-ups, 10–20 measured iterations of ~0.5 s) so the whole run,
// builds included, stays within a few minutes on a 2-core machine.
var config = DefaultConfig.Instance
    .AddColumn(StatisticColumn.OperationsPerSecond, StatisticColumn.Median, StatisticColumn.P95)
    .WithOptions(ConfigOptions.DisableLogFile);
BenchmarkSwitcher.FromAssembly(typeof(RoutingBenchmarks).Assembly).Run(args, config);
return 0;

static async Task QuickTimingAsync(RoutingScenario scenario, RulesEngineRouter rulesEngine)
{
    const int Rounds = 5;
    var leads = scenario.Leads;
    for (var round = 0; round < Rounds; round++)
    {
        var watch = Stopwatch.StartNew();
        foreach (var lead in leads)
        {
            scenario.Engine.Route(lead, scenario.State, RoutingScenario.Now);
        }

        var native = watch.Elapsed.TotalNanoseconds / leads.Count;
        watch.Restart();
        foreach (var lead in leads)
        {
            await rulesEngine.RouteAsync(lead, scenario.State, RoutingScenario.Now);
        }

        var rules = watch.Elapsed.TotalNanoseconds / leads.Count;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"round {round + 1}: LeadRouting {native:F0} ns/decision, RulesEngine {rules:F0} ns/decision, ratio {rules / native:F1}x"));
    }
}
