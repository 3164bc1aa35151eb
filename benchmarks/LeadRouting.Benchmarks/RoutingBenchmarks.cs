using BenchmarkDotNet.Attributes;
using LeadRouting.Benchmarks.Comparison;
using LeadRouting.Benchmarks.Scenario;
using LeadRouting.Core.Leads;
using LeadRouting.Core.Routing;

namespace LeadRouting.Benchmarks;

/// <summary>
/// Routing decisions against one read-only state snapshot. Each invocation routes all 4,096 pre-normalised leads
/// once, in order, and BenchmarkDotNet reports per decision (<c>OperationsPerInvoke</c>), so every measurement
/// covers exactly the scenario's mix of paths. Decisions are not applied: every call routes against the same
/// snapshot (as a preview or a what-if replay does); applying is measured in <see cref="RouteAndApplyBenchmarks"/>.
/// This is the headline comparison, so it gets more iterations than the other classes: RulesEngine allocates
/// ~100 KB per decision and its timings swing with the GC.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 20)]
public class RoutingBenchmarks
{
    private RoutingEngine _engine = null!;
    private InMemoryRoutingState _state = null!;
    private RulesEngineRouter _rulesEngine = null!;
    private Lead[] _leads = [];

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var scenario = new RoutingScenario();
        _engine = scenario.Engine;
        _state = scenario.State;
        _leads = [.. scenario.Leads];
        _rulesEngine = new RulesEngineRouter(scenario.Configuration);
        await _rulesEngine.WarmUpAsync(_leads[0], RoutingScenario.Now);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = RoutingScenario.LeadCount)]
    public int LeadRouting_Route()
    {
        var assigned = 0;
        foreach (var lead in _leads)
        {
            assigned += _engine.Route(lead, _state, RoutingScenario.Now).OwnerId is null ? 0 : 1;
        }

        return assigned;
    }

    /// <summary>
    /// The same decisions with every trace sentence rendered (as when a decision is stored with its trace or shown
    /// as "Why me?"). The headline <see cref="LeadRouting_Route"/> records the trace's facts; the sentences are written
    /// on first read. RulesEngine builds no trace at all.
    /// </summary>
    [Benchmark(OperationsPerInvoke = RoutingScenario.LeadCount)]
    public int LeadRouting_RouteAndRenderTrace()
    {
        var characters = 0;
        foreach (var lead in _leads)
        {
            foreach (var step in _engine.Route(lead, _state, RoutingScenario.Now).Trace)
            {
                characters += step.Input.Length + step.Outcome.Length;
            }
        }

        return characters;
    }

    [Benchmark(OperationsPerInvoke = RoutingScenario.LeadCount)]
    public async Task<int> RulesEngine_SamePolicy()
    {
        var assigned = 0;
        foreach (var lead in _leads)
        {
            assigned += (await _rulesEngine.RouteAsync(lead, _state, RoutingScenario.Now)).OwnerId is null ? 0 : 1;
        }

        return assigned;
    }
}

/// <summary>
/// Routes all 4,096 leads in order and applies each decision (round-robin pointers move, loads grow, accounts are
/// claimed) on a fresh copy of the scenario state, as ingestion does. Reported per decision; the cost of copying
/// the state (500 rep statuses, 60 accounts) is included and spread over the 4,096 decisions.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class RouteAndApplyBenchmarks
{
    private RoutingScenario _scenario = null!;
    private Lead[] _leads = [];

    [GlobalSetup]
    public void Setup()
    {
        _scenario = new RoutingScenario();
        _leads = [.. _scenario.Leads];
    }

    [Benchmark(OperationsPerInvoke = RoutingScenario.LeadCount)]
    public int LeadRouting_RouteAndApply()
    {
        var engine = _scenario.Engine;
        var state = _scenario.NewState();
        var assigned = 0;
        foreach (var lead in _leads)
        {
            var decision = engine.Route(lead, state, RoutingScenario.Now);
            state.Apply(lead, decision);
            assigned += decision.OwnerId is null ? 0 : 1;
        }

        return assigned;
    }
}
