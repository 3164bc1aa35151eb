using BenchmarkDotNet.Attributes;
using LeadRouting.Benchmarks.Scenario;
using LeadRouting.Core.Configuration;
using LeadRouting.Core.Leads;
using LeadRouting.Core.Routing;
using LeadRouting.Core.Sla;

namespace LeadRouting.Benchmarks;

/// <summary>
/// The public building blocks of a decision, each on its own over the same leads, to see where the time of
/// <see cref="RoutingBenchmarks"/> goes: classification (intent, fit, tier), segment lookup, SLA arithmetic and
/// the calendar calls the trace and the working-hours check make.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class RoutingStageBenchmarks
{
    private const int Mask = RoutingScenario.LeadCount - 1;

    private RoutingEngine _engine = null!;
    private IntentClassifier _intent = null!;
    private FitScorer _fit = null!;
    private DealTierClassifier _tiers = null!;
    private Lead[] _leads = [];
    private (SlaPolicy Policy, BusinessCalendar Calendar, DateTimeOffset ReceivedAt)[] _slaInputs = [];
    private BusinessCalendar _office = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var scenario = new RoutingScenario();
        _engine = scenario.Engine;
        var policy = scenario.Configuration.Policy;
        _intent = new IntentClassifier(policy.Intent);
        _fit = new FitScorer(policy.Fit);
        _tiers = new DealTierClassifier(policy.Tiers);
        _leads = [.. scenario.Leads];
        _office = _engine.Organisation.FindCalendar("berlin")!;

        // The clocks the engine computes for each lead: its source's policy on the deciding team's calendar.
        _slaInputs = [.. _leads.Select(lead =>
        {
            var decision = _engine.Route(lead, scenario.State, RoutingScenario.Now);
            var team = decision.TeamId is { } id ? _engine.Organisation.FindTeam(id) : null;
            return (_engine.SlaPolicyFor(lead.Source), team?.Calendar ?? _engine.Organisation.DefaultCalendar, lead.ReceivedAt);
        })];
    }

    [Benchmark]
    public IntentResult IntentClassify() => _intent.Classify(_leads[_next++ & Mask].Signals, RoutingScenario.Now);

    [Benchmark]
    public FitResult FitScore() => _fit.Score(_leads[_next++ & Mask]);

    [Benchmark]
    public TierResult DealTierClassify() => _tiers.Classify(_leads[_next++ & Mask]);

    [Benchmark]
    public Segment? SegmentMatch() => _engine.Segments.Match(_leads[_next++ & Mask]);

    [Benchmark]
    public SlaClocks SlaDeadlines()
    {
        var (policy, calendar, receivedAt) = _slaInputs[_next++ & Mask];
        return SlaCalculator.Compute(policy, calendar, receivedAt, RoutingScenario.Now);
    }

    [Benchmark]
    public bool CalendarIsOpen() => _office.IsOpen(RoutingScenario.Now.AddMinutes(_next++ & 1023));

    [Benchmark]
    public string CalendarDescribe() => _office.Describe();
}

/// <summary>
/// <see cref="RoutingEngine.Route(Lead, IRoutingState, DateTimeOffset, RouteOptions?)"/> over only the leads that take one
/// path, to split a decision's cost: nurture and disqualification (classification and trace only, no rep, no SLA),
/// SDR round-robin, and AE immediate (working hours checked, tier pools, backup pools).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class RoutingPathBenchmarks
{
    private RoutingEngine _engine = null!;
    private InMemoryRoutingState _state = null!;
    private Lead[] _leads = [];
    private int _next;

    public enum DecisionPath
    {
        NoRep,
        Sdr,
        AeImmediate,
    }

    [Params(DecisionPath.NoRep, DecisionPath.Sdr, DecisionPath.AeImmediate)]
    public DecisionPath Path { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var scenario = new RoutingScenario();
        _engine = scenario.Engine;
        _state = scenario.State;
        _leads = [.. scenario.Leads.Where(lead =>
        {
            var decision = _engine.Route(lead, _state, RoutingScenario.Now);
            return decision.Status != LeadStage.ManualReview && Path == decision.Action switch
            {
                TreatmentAction.AeImmediate => DecisionPath.AeImmediate,
                TreatmentAction.SdrQualify or TreatmentAction.SdrFastTrack => DecisionPath.Sdr,
                _ => DecisionPath.NoRep,
            };
        })];
    }

    [Benchmark]
    public RoutingDecision LeadRouting_Route()
    {
        var lead = _leads[_next];
        _next = _next + 1 == _leads.Length ? 0 : _next + 1;
        return _engine.Route(lead, _state, RoutingScenario.Now);
    }
}

/// <summary>
/// SLA deadlines per policy on an office calendar (Berlin, Mon–Fri 09:00–18:00, holidays) and on the 24/7 calendar,
/// for a lead received now and assigned now: where the time of <see cref="SlaCalculator.Compute"/> goes.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class SlaBenchmarks
{
    private SlaPolicy _policy = null!;
    private BusinessCalendar _calendar = null!;

    [Params("DemoRequest", "HighIntentMql", "Event", "Content")]
    public string Policy { get; set; } = "";

    [Params("berlin", "always")]
    public string Calendar { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var engine = new RoutingScenario().Engine;
        _policy = engine.Configuration.Policy.SlaPolicies.Single(p => p.Name == Policy);
        _calendar = engine.Organisation.FindCalendar(Calendar)!;
    }

    [Benchmark]
    public SlaClocks SlaCalculator_Compute() => SlaCalculator.Compute(_policy, _calendar, RoutingScenario.Now, RoutingScenario.Now);
}
