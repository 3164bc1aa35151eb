using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LeadRouting.Core;
using LeadRouting.Core.Configuration;
using LeadRouting.Core.Leads;
using LeadRouting.Core.Routing;

namespace LeadRouting.Tests.Core.Routing;

/// <summary>Properties that must hold for any roster and any stream of leads (issue 2, "Must show").</summary>
[Slow(SlowBecause.Volume)]
public class RoutingPropertyTests
{
    private static readonly DateTimeOffset Now = TestData.Monday10Berlin;

    /// <summary>A pool of <paramref name="weights"/>.Length junior AEs on a 24/7 calendar with room for everything.</summary>
    private static RoutingEngine JuniorPool(IReadOnlyList<int> weights) =>
        TestData.Engine(TestData.Configuration(
            [.. weights.Select((w, i) => TestData.Rep($"jr{i}", RepLevel.JuniorAe, weight: w, capacity: 10_000)),
             TestData.Rep("bk1", RepLevel.MidAe, team: "t2"), TestData.Rep("bk2", RepLevel.MidAe, team: "t2")]));

    /// <summary>Routes <paramref name="count"/> distinct small-deal leads, storing each, optionally "restarting" (a new engine over the same state) part-way.</summary>
    private static Dictionary<RepId, int> Distribute(IReadOnlyList<int> weights, int count, int restartAt = -1)
    {
        var engine = JuniorPool(weights);
        var state = new InMemoryRoutingState();
        var counts = new Dictionary<RepId, int>();
        for (var i = 0; i < count; i++)
        {
            if (i == restartAt)
            {
                engine = JuniorPool(weights);
            }

            var lead = TestData.Lead(engine, TestData.Submission(email: $"p{i}@company{i}.io", dealSize: 1_000));
            var decision = engine.Route(lead, state, Now);
            state.Apply(lead, decision);
            counts[decision.OwnerId!.Value] = counts.GetValueOrDefault(decision.OwnerId!.Value) + 1;
        }

        return counts;
    }

    [Property(MaxTest = 200)]
    public Property Equal_weights_keep_max_minus_min_at_most_one() =>
        Prop.ForAll(
            Gen.Choose(2, 12).SelectMany(reps => Gen.Choose(1, 1500).SelectMany(leads => Gen.Choose(0, leads).Select(restart => (reps, leads, restart)))).ToArbitrary(),
            ((int Reps, int Leads, int Restart) p) =>
            {
                var counts = Distribute(Enumerable.Repeat(1, p.Reps).ToList(), p.Leads, p.Restart);
                var all = Enumerable.Range(0, p.Reps).Select(i => counts.GetValueOrDefault(new RepId($"jr{i}"))).ToList();
                Assert.True(all.Max() - all.Min() <= 1, $"counts {string.Join(",", all)}");
                Assert.Equal(p.Leads, all.Sum());
            });

    [Fact]
    public void Weights_1_2_3_get_shares_within_2_percent_over_6000_leads()
    {
        var counts = Distribute([1, 2, 3], 6_000, restartAt: 2_500);
        for (var i = 0; i < 3; i++)
        {
            var share = counts[new RepId($"jr{i}")] / 6_000.0;
            Assert.InRange(share, ((i + 1) / 6.0) - 0.02, ((i + 1) / 6.0) + 0.02);
        }
    }

    /// <summary>
    /// Stride scheduling is a divisor method of apportionment: a rep's count can deviate from its exact share by less
    /// than one lead per other rep in the pool, and never by more; with two reps that is within one lead.
    /// </summary>
    [Property(MaxTest = 200)]
    public Property Any_weights_track_their_share_within_the_divisor_method_bound() =>
        Prop.ForAll(
            Gen.Choose(1, 10).ArrayOf().Where(w => w.Length is >= 2 and <= 8).SelectMany(w => Gen.Choose(1, 2000).Select(n => (w, n))).ToArbitrary(),
            ((int[] Weights, int Leads) p) =>
            {
                var counts = Distribute(p.Weights, p.Leads);
                var total = p.Weights.Sum();
                for (var i = 0; i < p.Weights.Length; i++)
                {
                    var expected = p.Leads * (double)p.Weights[i] / total;
                    var actual = counts.GetValueOrDefault(new RepId($"jr{i}"));
                    var bound = Math.Max(1, p.Weights.Length - 1);
                    Assert.True(Math.Abs(actual - expected) <= bound, $"rep {i} weight {p.Weights[i]}: {actual} vs {expected:F2}");
                }
            });

    private sealed record RepSpec(RepLevel Level, int Weight, int Capacity, int Open, Availability Availability, int OooDays, bool Active, bool OfficeHours);

    private sealed record LeadSpec(SignalType Source, int? Employees, string? Country, string? Industry, int? DealSize, bool Tech, int Company, Referral Referral, int MinutesLater);

    private static readonly Gen<RepSpec> RepGen =
        from level in Gen.Elements(Enum.GetValues<RepLevel>())
        from weight in Gen.Choose(1, 5)
        from capacity in Gen.Choose(0, 6)
        from open in Gen.Choose(0, 6)
        from availability in Gen.Frequency((6, Gen.Constant(Availability.Available)), (1, Gen.Constant(Availability.Away)), (2, Gen.Constant(Availability.OutOfOffice)))
        from oooDays in Gen.Choose(-3, 5)
        from active in Gen.Frequency((9, Gen.Constant(true)), (1, Gen.Constant(false)))
        from officeHours in Gen.Elements(true, false)
        select new RepSpec(level, weight, capacity, open, availability, oooDays, active, officeHours);

    private static readonly Gen<LeadSpec> LeadGen =
        from source in Gen.Elements(Enum.GetValues<SignalType>())
        from employees in Gen.Elements<int?>(null, 5, 49, 50, 199, 200, 999, 1000, 20_000)
        from country in Gen.Elements<string?>(null, "DE", "AT", "GB", "US", "BR", "JP")
        from industry in Gen.Elements<string?>(null, "Software", "Fintech", "Agriculture", "Retail")
        from deal in Gen.Elements<int?>(null, 0, 9_999, 10_000, 50_000, 50_001, 250_000)
        from tech in Gen.Elements(true, false)
        from company in Gen.Choose(0, 30)
        from referral in Gen.Frequency((12, Gen.Constant(Referral.None)), (1, Gen.Constant(Referral.Vip)), (1, Gen.Constant(Referral.ExecutiveIntro)))
        from minutes in Gen.Choose(0, 600)
        select new LeadSpec(source, employees, country, industry, deal, tech, company, referral, minutes);

    private static (RoutingEngine Engine, InMemoryRoutingState State) Roster(RepSpec[] specs)
    {
        var reps = specs.Select((s, i) => TestData.Rep($"r{i}", s.Level, s.Weight, s.Capacity, backup: specs.Length > 1 ? $"r{(i + 1) % specs.Length}" : null, calendar: s.OfficeHours ? "berlin" : null) with { Active = s.Active }).ToList();
        var config = TestData.Configuration(reps) with
        {
            Organisation = TestData.Configuration(reps).Organisation with
            {
                Teams =
                [
                    new Team { Id = TestData.Team, Name = "Team One", Region = "DACH", CalendarId = "always", BackupPool = [.. reps.Take(2).Select(r => r.Id)] },
                    new Team { Id = new TeamId("t2"), Name = "Team Two", Region = "DACH", CalendarId = "always" },
                ],
            },
        };
        var state = new InMemoryRoutingState();
        for (var i = 0; i < specs.Length; i++)
        {
            var s = specs[i];
            state.SetRepStatus(reps[i].Id, new RepStatus(s.Availability, s.Availability == Availability.OutOfOffice ? Now.AddDays(s.OooDays) : null, s.Open));
        }

        for (var c = 0; c < 30; c += 7)
        {
            state.AddAccount(new AccountRecord { Domain = $"company{c}.io", Name = $"Company {c}", OwnerId = reps[c % reps.Count].Id, IsNamedAccount = true });
        }

        return (TestData.Engine(config), state);
    }

    private static LeadSubmission Submission(LeadSpec s, int i) => TestData.Submission(
        source: s.Source,
        email: $"p{i}@company{s.Company}.io",
        employees: s.Employees,
        industry: s.Industry,
        country: s.Country,
        techStack: s.Tech ? ["Salesforce"] : [],
        dealSize: s.DealSize,
        referral: s.Referral);

    [Property(MaxTest = 300)]
    public Property Unavailable_inactive_or_full_reps_are_never_chosen_and_every_decision_has_a_trace() =>
        Prop.ForAll(
            Gen.Zip(RepGen.ArrayOf().Where(r => r.Length is >= 1 and <= 12), LeadGen.ArrayOf().Where(l => l.Length <= 60)).ToArbitrary(),
            ((RepSpec[] Reps, LeadSpec[] Leads) p) =>
            {
                var (engine, state) = Roster(p.Reps);
                var at = Now;
                for (var i = 0; i < p.Leads.Length; i++)
                {
                    at = at.AddMinutes(p.Leads[i].MinutesLater);
                    var lead = TestData.Lead(engine, Submission(p.Leads[i], i), at);
                    var decision = engine.Route(lead, state, at);

                    Assert.NotEmpty(decision.Trace);
                    Assert.All(decision.Trace, t => Assert.False(string.IsNullOrWhiteSpace(t.Outcome)));
                    Assert.Equal(decision.OwnerId is not null, decision.Status is LeadStage.Assigned || (decision.DuplicateOf is not null && decision.OwnerId is not null));
                    if (decision.OwnerId is { } owner && decision.Distribution != DistributionMethod.ExistingLead)
                    {
                        var rep = engine.Organisation.FindRep(owner)!;
                        var status = state.GetRepStatus(owner);
                        Assert.True(rep.Rep.Active, $"{owner} is inactive");
                        Assert.NotEqual(Availability.Away, status.Availability);
                        Assert.False(status.Availability == Availability.OutOfOffice && status.OutOfOfficeUntil > at, $"{owner} is out of office");
                        Assert.True(status.OpenLeads < rep.Rep.Capacity, $"{owner} is at capacity {status.OpenLeads}/{rep.Rep.Capacity}");
                        if (decision.Action == TreatmentAction.AeImmediate && !rep.Calendar.IsOpen(at)
                            && (decision.Distribution is DistributionMethod.WeightedRoundRobin or DistributionMethod.LeastLoaded or DistributionMethod.BackupPool || decision.AccountClaim is not null))
                        {
                            // Immediate leads prefer reps in working hours: a pool pick outside hours means nobody of the
                            // tier pool (with its fallback level) or the backup pool could take it in hours.
                            var team = engine.Organisation.FindTeam(TestData.Team)!;
                            var (primary, fallback) = team.TierPools[engine.Configuration.Policy.Tiers.ToList().FindIndex(t => t.Tier == decision.Tier)];
                            var inHours = primary.Reps.Concat(fallback?.Reps ?? []).Concat(team.BackupPool.Reps)
                                .Where(r => RepEligibility.Exclusion(r, state.GetRepStatus(r.Id), at, checkHours: true) is null)
                                .Select(r => r.Id.Value)
                                .ToList();
                            Assert.True(inHours.Count == 0, $"{owner} is outside working hours while {string.Join(", ", inHours)} could take it in hours");
                        }
                    }

                    state.Apply(lead, decision);
                }
            });

    [Property(MaxTest = 300)]
    public Property Routing_without_applying_never_moves_round_robin_state() =>
        Prop.ForAll(
            LeadGen.ArrayOf().Where(l => l.Length is >= 1 and <= 40).ToArbitrary(),
            (LeadSpec[] leads) =>
            {
                var engine = new RoutingEngine(DemoRoster.Configuration());
                var state = DemoRoster.State(Now);

                // Some real history first, so pointers are not all zero.
                for (var i = 0; i < 20; i++)
                {
                    var seed = TestData.Lead(engine, TestData.Submission(email: $"seed{i}@seed{i}.io", dealSize: 5_000));
                    state.Apply(seed, engine.Route(seed, state, Now));
                }

                var before = state.RoundRobinSnapshot();
                var owners = leads.Select((s, i) => engine.Route(TestData.Lead(engine, Submission(s, i)), state, Now).OwnerId).ToList();
                Assert.Equal(before, state.RoundRobinSnapshot());
                var again = leads.Select((s, i) => engine.Route(TestData.Lead(engine, Submission(s, i)), state, Now).OwnerId).ToList();
                Assert.Equal(owners, again);
            });
}
