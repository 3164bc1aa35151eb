using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LeadRouting.Core;
using LeadRouting.Core.Configuration;
using LeadRouting.Core.Routing;

namespace LeadRouting.Tests.Core.Routing;

/// <summary>Issue 19 part 2: caps per rep per hour and day, make-up policies after an absence, joiners, manual adjustments, the ledger.</summary>
public class FairShareTests
{
    private static readonly DateTimeOffset Now = TestData.Monday10Berlin;

    /// <summary>Junior AEs <c>jr0…</c> (24/7, room for everything) and a backup pool of two outside reps.</summary>
    internal static RoutingEngine Pool(params Rep[] juniors) =>
        TestData.Engine(TestData.Configuration(
            [.. juniors, TestData.Rep("bk1", RepLevel.MidAe, team: "t2", capacity: 10_000), TestData.Rep("bk2", RepLevel.MidAe, team: "t2", capacity: 10_000)]));

    internal static Rep Junior(int i, int weight = 1, int? hourlyCap = null, int? dailyCap = null) =>
        TestData.Rep($"jr{i}", RepLevel.JuniorAe, weight: weight, capacity: 10_000) with { HourlyCap = hourlyCap, DailyCap = dailyCap };

    /// <summary>A stream of distinct small-deal leads routed over one state and stored at their own instant.</summary>
    internal sealed class Stream(RoutingEngine engine, InMemoryRoutingState? state = null)
    {
        private int _next;

        public RoutingEngine Engine { get; set; } = engine;

        public InMemoryRoutingState State { get; } = state ?? new InMemoryRoutingState();

        public List<PoolPick> Picks { get; } = [];

        public RoutingDecision Route(DateTimeOffset at)
        {
            var i = _next++;
            var lead = TestData.Lead(Engine, TestData.Submission(email: $"p{i}@company{i}.io", dealSize: 1_000), at);
            var decision = Engine.Route(lead, State, at);
            State.Apply(lead, decision, at);
            if (decision.RoundRobin is { } move)
            {
                Picks.Add(new PoolPick(move.RepId, at, move.Rotation!));
            }

            return decision;
        }

        public List<string> Owners(int count, DateTimeOffset at) => [.. Enumerable.Range(0, count).Select(_ => Route(at).OwnerName!)];
    }

    private const string JuniorPoolKey = "t1:JuniorAe";

    private static string PoolKeyOf(Stream stream) => stream.Route(Now).RoundRobin!.PoolKey;

    [Fact]
    public void Hourly_cap_skips_the_rep_for_the_rest_of_the_hour_and_the_trace_says_so()
    {
        var stream = new Stream(Pool(Junior(0, hourlyCap: 2), Junior(1)));
        var owners = stream.Owners(4, Now);
        Assert.Equal(["jr0", "jr1", "jr0", "jr1"], owners);

        var overflow = stream.Route(Now.AddMinutes(30));
        Assert.Equal("jr1", overflow.OwnerName);
        Assert.Contains("[jr0: reached the hourly cap of 2]", overflow.TraceText(), StringComparison.Ordinal);

        // The next clock hour the cap starts again.
        var nextHour = stream.Route(Now.AddHours(1));
        Assert.Equal("jr0", nextHour.OwnerName);
    }

    [Fact]
    public void Daily_cap_counts_the_reps_calendar_day_and_overflows_to_the_next_rep()
    {
        var berlinJunior = Junior(0, dailyCap: 3) with { CalendarId = "berlin" };
        var stream = new Stream(Pool(berlinJunior, Junior(1)));
        // Non-immediate leads (SDR pools aside, the small tier's pool): route spread over the Berlin day.
        var morning = Now;
        var counts = Enumerable.Range(0, 10).Select(i => stream.Route(morning.AddMinutes(20 * i)).OwnerName).GroupBy(o => o).ToDictionary(g => g.Key!, g => g.Count());
        Assert.Equal(3, counts["jr0"]);
        Assert.Equal(7, counts["jr1"]);
        Assert.Contains("[jr0: reached the daily cap of 3]", stream.Route(morning.AddHours(5)).TraceText(), StringComparison.Ordinal);

        // The next morning in Berlin the cap starts again, and jr0 is next in line.
        var nextBerlinMorning = new DateTimeOffset(2026, 12, 1, 8, 30, 0, TimeSpan.Zero);
        Assert.Equal("jr0", stream.Route(nextBerlinMorning).OwnerName);
    }

    [Fact]
    public void When_every_pool_rep_is_at_a_cap_the_lead_falls_back_like_at_capacity()
    {
        var stream = new Stream(Pool(Junior(0, hourlyCap: 1), Junior(1, hourlyCap: 1)));
        stream.Owners(2, Now);
        var third = stream.Route(Now);
        Assert.Equal(DistributionMethod.BackupPool, third.Distribution);
        Assert.Contains("[jr0: reached the hourly cap of 1]", third.TraceText(), StringComparison.Ordinal);
        Assert.Contains("[jr1: reached the hourly cap of 1]", third.TraceText(), StringComparison.Ordinal);
    }

    /// <summary>
    /// jr0…jr2 share a pool; jr2 (with <paramref name="credit"/> leads of manual credit) is away for <paramref name="awayFor"/>
    /// leads and then comes back for <paramref name="after"/> more.
    /// </summary>
    private static (Dictionary<string, int> During, List<string> After) Absence(MakeUpPolicy policy, int awayFor, int after, int credit = 0)
    {
        var stream = new Stream(Pool(Junior(0), Junior(1), Junior(2)));
        stream.State.SetMakeUp(JuniorPoolKey, policy);
        stream.Owners(3, Now);
        if (credit > 0)
        {
            stream.State.AdjustShare(JuniorPoolKey, new RepId("jr2"), weight: 1, poolWeight: 3, leads: credit);
        }

        stream.State.SetRepStatus(new RepId("jr2"), new RepStatus(Availability.Away, null, 0));
        var during = stream.Owners(awayFor, Now).GroupBy(o => o).ToDictionary(g => g.Key, g => g.Count());
        stream.State.SetRepStatus(new RepId("jr2"), RepStatus.Default);
        return (during, stream.Owners(after, Now));
    }

    [Fact]
    public void The_junior_pool_key_is_the_one_these_tests_set_policies_on() =>
        Assert.Equal(JuniorPoolKey, PoolKeyOf(new Stream(Pool(Junior(0), Junior(1)))));

    [Fact]
    public void No_make_up_puts_the_returning_rep_next_in_line_without_a_backlog()
    {
        var (during, after) = Absence(MakeUpPolicy.None, awayFor: 20, after: 30);
        Assert.Equal(10, during["jr0"]);
        // Next in line (one stride behind the pool: at most one lead ahead of plain rotation), nothing of the 6.7 missed.
        Assert.Equal("jr2", after[0]);
        Assert.InRange(after.Count(o => o == "jr2"), 10, 11);
    }

    [Fact]
    public void No_make_up_keeps_a_manual_credit_across_the_absence_and_reset_drops_it()
    {
        var (_, kept) = Absence(MakeUpPolicy.None, awayFor: 20, after: 30, credit: 3);
        var (_, dropped) = Absence(MakeUpPolicy.Reset, awayFor: 20, after: 30, credit: 3);
        Assert.InRange(kept.Count(o => o == "jr2"), 13, 14);
        Assert.InRange(dropped.Count(o => o == "jr2"), 10, 11);
    }

    [Fact]
    public void Reset_lets_the_returning_rep_start_like_a_new_joiner()
    {
        var (_, after) = Absence(MakeUpPolicy.Reset, awayFor: 20, after: 30);
        Assert.InRange(after.Count(o => o == "jr2"), 10, 11);
    }

    [Fact]
    public void Catch_up_gradually_repays_the_missed_leads_at_double_rate_never_in_a_burst()
    {
        // Away for 20 leads: jr2 missed 20/3 ≈ 6.7 leads; it gets them back on top of its third of the 60 after.
        var (_, after) = Absence(MakeUpPolicy.CatchUpGradually, awayFor: 20, after: 60);
        Assert.InRange(after.Count(o => o == "jr2"), 20 + 5, 20 + 8);

        // Gradual: never more than two in a row, at most two of any three while repaying.
        for (var i = 0; i + 3 <= after.Count; i++)
        {
            Assert.True(after.Skip(i).Take(3).Count(o => o == "jr2") <= 2, $"three in a row from {i}: {string.Join(",", after)}");
        }

        // Then plain rotation again.
        Assert.Equal(10, after.Skip(30).Count(o => o == "jr2"));
    }

    [Fact]
    public void Under_catch_up_routing_owes_each_rep_exactly_what_the_ledger_says_it_is_behind()
    {
        // Weights 1, 2, 3; jr0 and jr2 away at overlapping times, jr1 away alone; the ledger computed after every lead.
        var stream = new Stream(Pool(Junior(0, 1), Junior(1, 2), Junior(2, 3)));
        stream.State.SetMakeUp(JuniorPoolKey, MakeUpPolicy.CatchUpGradually);
        var weights = new[] { 1, 2, 3 };
        void Away(int rep, bool away) => stream.State.SetRepStatus(new RepId($"jr{rep}"), away ? new RepStatus(Availability.Away, null, 0) : RepStatus.Default);
        var schedule = new Dictionary<int, Action> { [10] = () => Away(0, true), [25] = () => Away(2, true), [40] = () => Away(0, false), [70] = () => Away(2, false), [90] = () => Away(1, true), [120] = () => Away(1, false) };
        for (var i = 0; i < 400; i++)
        {
            schedule.GetValueOrDefault(i)?.Invoke();
            stream.Route(Now);
            var ledger = FairShareLedger.Compute(stream.Picks, [], MakeUpPolicy.CatchUpGradually, new Dictionary<RepId, int>()).ToDictionary(l => l.Rep);
            for (var rep = 0; rep < 3; rep++)
            {
                var id = new RepId($"jr{rep}");
                if (stream.State.GetTaken(JuniorPoolKey, id) is { } taken)
                {
                    var routingGap = (taken - (weights[rep] * stream.State.GetAccrued(JuniorPoolKey))) / (double)WeightedRoundRobin.Stride;
                    Assert.Equal(ledger[id].Gap, routingGap, 6);
                }
            }
        }

        // And after the absences everyone is within two leads of their share again (catch-up stops a lead short).
        Assert.All(FairShareLedger.Compute(stream.Picks, [], MakeUpPolicy.CatchUpGradually, new Dictionary<RepId, int>()), l => Assert.InRange(l.Gap, -2, 2));
    }

    [Fact]
    public void A_new_joiner_starts_at_the_pools_average_not_with_a_backlog()
    {
        var stream = new Stream(Pool(Junior(0), Junior(1)));
        stream.Owners(40, Now);
        stream.Engine = Pool(Junior(0), Junior(1), Junior(2));
        var after = stream.Owners(30, Now);
        Assert.Equal(10, after.Count(o => o == "jr2"));
        Assert.True(after.Take(3).Count(o => o == "jr2") == 1, string.Join(",", after));

        // The ledger agrees: the joiner's expected share counts from its first lead in rotation.
        var jr2 = FairShareLedger.Compute(stream.Picks, [], MakeUpPolicy.None, new Dictionary<RepId, int>()).Single(l => l.Rep == new RepId("jr2"));
        Assert.Equal(30, jr2.InRotation);
        Assert.InRange(jr2.Gap, -0.5, 0.5);
    }

    [Fact]
    public void A_manual_credit_of_two_leads_is_repaid_by_the_next_picks_and_the_ledger_counts_it()
    {
        var stream = new Stream(Pool(Junior(0), Junior(1)));
        stream.Owners(10, Now);
        stream.State.AdjustShare(JuniorPoolKey, new RepId("jr1"), weight: 1, poolWeight: 2, leads: 2);
        var after = stream.Owners(20, Now);
        Assert.Equal(12, after.Count(o => o == "jr1"));
        Assert.True(after.Take(3).Count(o => o == "jr1") <= 2, string.Join(",", after));
        Assert.Equal(0, stream.State.GetCredit(JuniorPoolKey, new RepId("jr1")));

        var ledger = FairShareLedger.Compute(stream.Picks, [new ShareAdjustment(new RepId("jr1"), 2)], MakeUpPolicy.None, new Dictionary<RepId, int>());
        var jr1 = ledger.Single(l => l.Rep == new RepId("jr1"));
        Assert.Equal((17, 2), (jr1.Actual, jr1.Adjusted));
        Assert.InRange(jr1.Gap, -1, 1);
    }

    [Fact]
    public void A_manual_debit_moves_the_rep_back_in_line_at_once()
    {
        var stream = new Stream(Pool(Junior(0), Junior(1)));
        stream.Owners(10, Now);
        stream.State.AdjustShare(JuniorPoolKey, new RepId("jr0"), weight: 1, poolWeight: 2, leads: -2);
        var next = stream.Owners(20, Now);
        Assert.Equal(["jr1", "jr1"], next.Take(2));
        Assert.Equal(12, next.Count(o => o == "jr1"));
    }

    [Fact]
    public void Ledger_counts_expected_share_by_weight_over_the_leads_each_rep_was_in_rotation()
    {
        PoolPick Pick(string rep, string rotation) => new(new RepId(rep), Now, rotation);
        List<PoolPick> picks =
        [
            Pick("a", "a*2;b*1"), Pick("b", "a*2;b*1"), Pick("a", "a*2;b*1"),
            Pick("a", "a*2;b*1!"), Pick("a", "a*2;b*1!"),
        ];
        var ownership = new Dictionary<RepId, int> { [new RepId("b")] = 4 };

        var none = FairShareLedger.Compute(picks, [], MakeUpPolicy.None, ownership).ToDictionary(l => l.Rep.Value);
        Assert.Equal((5, 3), (none["a"].InRotation, none["b"].InRotation));
        Assert.Equal(2.0 + 2, none["a"].Expected, 6);
        Assert.Equal(1.0, none["b"].Expected, 6);
        Assert.Equal(4, none["b"].ByOwnership);
        Assert.Equal(0, none["b"].Gap, 6);

        // Catch-up owes the absent rep its share of the leads it missed, from the lead it joined with (its first pick):
        // the first lead was a's alone.
        var catchUp = FairShareLedger.Compute(picks, [], MakeUpPolicy.CatchUpGradually, ownership).ToDictionary(l => l.Rep.Value);
        Assert.Equal(4 / 3.0, catchUp["b"].Expected, 6);
        Assert.Equal(-1 / 3.0, catchUp["b"].Gap, 6);
        Assert.Equal(0, catchUp.Values.Sum(l => l.Gap), 6);
    }

    [Fact]
    public void Pool_rotation_round_trips()
    {
        var members = PoolRotation.Decode("jr-1*3;jr*2*1!");
        Assert.Equal([new PoolMember(new RepId("jr-1"), 3, true), new PoolMember(new RepId("jr*2"), 1, false)], members);
    }
}

/// <summary>
/// Issue 19 "Property tests": whatever the roster, weights, caps, absences and make-up policy, the ledger's max − min
/// share error stays bounded. Leads arrive from several sources at once; the writer routes them one at a time (that is
/// what concurrent ingestion is to routing: any interleaving of the sources), which the random arrival order models.
/// </summary>
[Slow(SlowBecause.Volume)]
public class FairSharePropertyTests
{
    private static readonly DateTimeOffset Start = TestData.Monday10Berlin;

    internal sealed record Scenario(int Seed, int Reps, int Leads, MakeUpPolicy Policy, bool Caps, bool EqualWeights = false, bool Absences = true, bool OneAwayAtATime = false)
    {
        /// <summary>
        /// Leads of the settling phase. Unset: 150 per rep, and under catch-up then on until every rep is within a lead of
        /// its ledger share and no credit is left (<see cref="CaughtUp"/>), at most <see cref="SettleLimit"/> leads.
        /// </summary>
        public int? Settle { get; init; }
    }

    /// <summary>The hard limit of catch-up's settling phase (repaying takes at most a few thousand leads in these pools).</summary>
    internal const int SettleLimit = 20_000;

    /// <summary>
    /// Runs the scenario, then everyone back and no caps for a settling phase; the ledger over the whole run, the absences
    /// per rep and the picks. Every 1,000 leads of the settling phase the reps' open leads are cleared (they work their
    /// leads): the juniors' capacity is 10,000 open leads, and a rep at capacity is out of rotation, which catch-up owes
    /// them — the growth once seen with 20,000 settling leads (seed 16: one rep at capacity from lead 15,039 on).
    /// </summary>
    internal static (IReadOnlyList<LedgerLine> Ledger, Dictionary<RepId, int> Returns, List<PoolPick> Picks) Run(Scenario s)
    {
        var random = new Random(s.Seed);
        var weights = Enumerable.Range(0, s.Reps).Select(_ => s.EqualWeights ? 1 : random.Next(1, 4)).ToArray();
        var caps = Enumerable.Range(0, s.Reps).Select(_ => s.Caps && random.Next(3) == 0 ? random.Next(2, 6) : (int?)null).ToArray();
        var capped = FairShareTests.Pool([.. Enumerable.Range(0, s.Reps).Select(i => FairShareTests.Junior(i, weights[i], hourlyCap: caps[i]))]);
        var free = FairShareTests.Pool([.. Enumerable.Range(0, s.Reps).Select(i => FairShareTests.Junior(i, weights[i]))]);
        var stream = new FairShareTests.Stream(capped);
        stream.State.SetMakeUp(JuniorPool, s.Policy);
        var away = new bool[s.Reps];
        var at = Start;
        for (var i = 0; i < s.Leads; i++)
        {
            if (s.Absences && random.Next(20) == 0)
            {
                var rep = random.Next(s.Reps);
                if (s.OneAwayAtATime && !away[rep] && away.Any(a => a))
                {
                    rep = Array.IndexOf(away, true);
                }

                away[rep] = !away[rep];
                if (away.All(a => a))
                {
                    away[rep] = false;
                }

                stream.State.SetRepStatus(new RepId($"jr{rep}"), away[rep] ? new RepStatus(Availability.Away, null, 0) : RepStatus.Default);
            }

            at = at.AddMinutes(random.Next(0, 4));
            stream.Route(at);
        }

        for (var rep = 0; rep < s.Reps; rep++)
        {
            stream.State.SetRepStatus(new RepId($"jr{rep}"), RepStatus.Default);
        }

        stream.Engine = free;
        var settle = s.Settle ?? 150 * s.Reps;
        for (var i = 0; i < SettleLimit && (i < settle || (s.Settle is null && s.Policy == MakeUpPolicy.CatchUpGradually && !CaughtUp(stream.State, weights))); i++)
        {
            if (i % 1_000 == 999)
            {
                for (var rep = 0; rep < s.Reps; rep++)
                {
                    stream.State.SetRepStatus(new RepId($"jr{rep}"), RepStatus.Default);
                }
            }

            stream.Route(at);
        }

        return (FairShareLedger.Compute(stream.Picks, [], s.Policy, new Dictionary<RepId, int>()), Returns(stream.Picks), stream.Picks);
    }

    /// <summary>Every junior within a lead of its catch-up share (<see cref="IRoutingState.GetTaken"/>) and without credit.</summary>
    internal static bool CaughtUp(InMemoryRoutingState state, int[] weights) =>
        weights.Select((weight, i) => new RepId($"jr{i}")).All(rep =>
            state.GetCredit(JuniorPool, rep) == 0
            && (state.GetTaken(JuniorPool, rep) is not { } taken
                || weights[int.Parse(rep.Value[2..], System.Globalization.CultureInfo.InvariantCulture)] * state.GetAccrued(JuniorPool) - taken <= WeightedRoundRobin.Stride));

    private const string JuniorPool = "t1:JuniorAe";

    /// <summary>Per rep, how often it came back into rotation after being out (absent, at a cap) for at least one pick.</summary>
    internal static Dictionary<RepId, int> Returns(IEnumerable<PoolPick> picks)
    {
        var returns = new Dictionary<RepId, int>();
        var wasOut = new HashSet<RepId>();
        foreach (var pick in picks)
        {
            foreach (var member in PoolRotation.Decode(pick.Rotation))
            {
                if (!member.InRotation)
                {
                    wasOut.Add(member.Rep);
                }
                else if (wasOut.Remove(member.Rep))
                {
                    returns[member.Rep] = returns.GetValueOrDefault(member.Rep) + 1;
                }
            }
        }

        return returns;
    }

    private static Arbitrary<Scenario> Scenarios() =>
        Gen.Choose(0, int.MaxValue - 1).SelectMany(seed => Gen.Choose(2, 6).SelectMany(reps => Gen.Choose(20, 600).SelectMany(leads =>
            Gen.Elements(MakeUpPolicy.None, MakeUpPolicy.Reset).SelectMany(policy =>
                Gen.Elements(false, true).Select(caps => new Scenario(seed, reps, leads, policy, caps)))))).ToArbitrary();

    /// <summary>
    /// The bound: a rep coming back into rotation (from an absence or a cap) re-enters at the front of the pool, which
    /// is worth up to about one lead to it and as much against the others (so up to two on the spread) with equal weights,
    /// more with unequal ones (found: a weight-1 rep five returns into a pool with a weight-3 rep, 16.7 on the spread,
    /// replay (8774096768712735421,9646160495366613571)); nothing else lets the shares drift, however many leads are
    /// routed. So max − min of the gaps stays within a constant plus four per return — it does not grow with the number
    /// of leads.
    /// </summary>
    [Property(MaxTest = 300)]
    public Property Max_minus_min_share_error_stays_bounded_with_caps_absences_and_make_up() =>
        Prop.ForAll(Scenarios(), scenario =>
        {
            var (ledger, returns, _) = Run(scenario);
            var spread = ledger.Max(l => l.Gap) - ledger.Min(l => l.Gap);
            Assert.True(
                spread <= Bound + (4 * returns.Values.Sum()),
                $"{scenario}: spread {spread:F2}, gaps {string.Join(", ", ledger.Select(l => $"{l.Rep}={l.Gap:F2}"))}; returns {string.Join(", ", returns)}");
            // Every lead's expected shares add up to one: the gaps of a pool without adjustments add up to zero.
            Assert.Equal(0, ledger.Sum(l => l.Gap), 6);
        });

    [Property(MaxTest = 100)]
    public Property Without_absences_or_caps_every_rep_is_within_one_lead_of_its_share() =>
        Prop.ForAll(Scenarios(), scenario =>
        {
            var (ledger, returns, _) = Run(scenario with { Absences = false, Caps = false });
            Assert.Empty(returns);
            // Stride scheduling's own error: under one lead for equal weights, up to 1.5 for unequal ones — reached exactly
            // (a weight-3 rep of six at −1.5 in replay (11331477861923555632,3561068924710962361)), so the bound is
            // inclusive up to the floating-point error of summing shares over hundreds of leads.
            Assert.All(ledger, l => Assert.InRange(l.Gap, -1.5 - 1e-6, 1.5 + 1e-6));
        });

    private static Arbitrary<Scenario> CatchUpScenarios(bool equalWeights = false) =>
        Gen.Choose(0, int.MaxValue - 1).SelectMany(seed => Gen.Choose(2, 6).SelectMany(reps => Gen.Choose(20, 600).SelectMany(leads =>
            Gen.Elements(false, true).SelectMany(caps => Gen.Elements(false, true).Select(oneAway =>
                new Scenario(seed, reps, leads, MakeUpPolicy.CatchUpGradually, caps, equalWeights, OneAwayAtATime: oneAway)))))).ToArbitrary();

    /// <summary>
    /// Catch-up's bound: once the pool has settled — everyone back, no caps, on until every rep is within a lead of its
    /// share (<see cref="CaughtUp"/>, at most <see cref="SettleLimit"/> leads) — max − min of the gaps is within two
    /// leads per rep of the pool, however many reps were away at once, however often and for however many leads: what a
    /// rep missed is counted exactly (the pool's accrual) and repaid until it is within a lead (and it may fall up to a
    /// lead further behind before its next pick), so, unlike None and Reset, returns leave nothing behind; a rep ahead
    /// is ahead by what the others still lack.
    /// </summary>
    [Property(MaxTest = 100)]
    public Property Catch_up_gradually_repays_every_absence_so_the_share_error_stays_within_a_constant() =>
        Prop.ForAll(CatchUpScenarios(), scenario =>
        {
            var (ledger, returns, _) = Run(scenario);
            var spread = ledger.Max(l => l.Gap) - ledger.Min(l => l.Gap);
            Assert.True(
                spread <= 2.0 * scenario.Reps,
                $"{scenario}: spread {spread:F2}, gaps {string.Join(", ", ledger.Select(l => $"{l.Rep}={l.Gap:F2}"))}; returns {string.Join(", ", returns)}");
            Assert.Equal(0, ledger.Sum(l => l.Gap), 6);
        });

    /// <summary>
    /// Gradual, never a burst: in a pool of equal weights no rep takes three of the pool's leads in a row while another
    /// rep is in rotation — through absences, caps and the repayment after them.
    /// </summary>
    [Property(MaxTest = 50)]
    public Property Catch_up_gradually_never_gives_three_in_a_row_while_another_rep_is_in_rotation() =>
        Prop.ForAll(CatchUpScenarios(equalWeights: true), AssertNeverThreeInARow);

    /// <summary>
    /// Found by the property above (replay (17622053890646403028,11401525859126810077,35)): a rep held at its hourly cap
    /// for three picks came back one stride behind the virtual time with the other rep a stride ahead of it, kept its
    /// pass, and took three in a row, the third on a tie.
    /// </summary>
    [Fact]
    public void A_rep_back_from_its_cap_one_stride_behind_takes_no_third_in_a_row() =>
        AssertNeverThreeInARow(new Scenario(738100129, 3, 399, MakeUpPolicy.CatchUpGradually, Caps: true, EqualWeights: true, OneAwayAtATime: true));

    private static void AssertNeverThreeInARow(Scenario scenario)
    {
        var (_, _, picks) = Run(scenario);
        var run = 0;
        RepId? last = null;
        for (var i = 0; i < picks.Count; i++)
        {
            var rotation = PoolRotation.Decode(picks[i].Rotation);
            if (!rotation.Any(m => m.Rep.Value.StartsWith("jr", StringComparison.Ordinal)) || rotation.Count(m => m.InRotation) < 2)
            {
                (run, last) = (0, null);
                continue;
            }

            run = picks[i].Rep == last ? run + 1 : 1;
            last = picks[i].Rep;
            Assert.True(run <= 2, $"{scenario}: {last} took three in a row at pick {i}");
        }
    }

    /// <summary>
    /// The scenario the lead measured growing with the settling length (seed 16: two reps, weights 1 and 2, one absence;
    /// gaps ±3,370 after 20,000 settling leads). The cause was the test's own: a rep reached its capacity of 10,000 open
    /// leads and was out of rotation from then on, which catch-up owes them. With the open leads worked off, the shares
    /// stay even however long the pool runs.
    /// </summary>
    [Theory]
    [InlineData(3_000)]
    [InlineData(20_000)]
    public void Seed_16_stays_even_however_long_the_pool_settles(int settle)
    {
        var (ledger, returns, _) = Run(new Scenario(16, 2, 95, MakeUpPolicy.CatchUpGradually, Caps: false, OneAwayAtATime: true) { Settle = settle });
        Assert.Equal(1, returns.Values.Sum());
        Assert.All(ledger, l => Assert.InRange(l.Gap, -1.5, 1.5));
    }

    private const double Bound = 4.0;
}
