using LeadRouting.Core.Configuration;
using LeadRouting.Core.Leads;
using LeadRouting.Core.Routing;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Demo;
using Xunit.Abstractions;

namespace LeadRouting.Tests.Demo;

/// <summary>
/// The demo history generator on its own (no database): deterministic from its seed, and its outcomes tell the story
/// <see cref="DemoOutcomeModel"/> writes down — checked on the generated leads the way an analyst would count them.
/// </summary>
public sealed class DemoHistoryTests(DemoHistoryFixture fixture, ITestOutputHelper output) : IClassFixture<DemoHistoryFixture>
{
    private static readonly DateTimeOffset Now = LeadRoutingApiFactory.Now;

    [Fact]
    public void Generate_same_seed_gives_the_same_leads_and_outcomes_and_another_seed_does_not()
    {
        var engine = new RoutingEngine(DemoRoster.Configuration());
        var first = Project(DemoHistory.Generate(engine, 7, Now, 14));
        var second = Project(DemoHistory.Generate(new RoutingEngine(DemoRoster.Configuration()), 7, Now, 14));
        var other = Project(DemoHistory.Generate(new RoutingEngine(DemoRoster.Configuration()), 8, Now, 14));

        Assert.True(first.Count > 2_500, $"{first.Count} leads in 14 days");
        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Ninety_days_make_about_twenty_thousand_leads_mostly_in_business_hours_on_weekdays()
    {
        var leads = fixture.History.Leads;
        output.WriteLine($"{leads.Count} leads; stages: {string.Join(", ", leads.GroupBy(l => l.Entity.Stage).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}"))}");
        Assert.InRange(leads.Count, 18_000, 22_000);
        var weekend = leads.Count(l => l.Entity.ReceivedAt.UtcDateTime.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday);
        Assert.True(weekend < leads.Count * 0.08, $"{weekend} of {leads.Count} on weekends");
        Assert.All(leads, l => Assert.InRange(l.Entity.ReceivedAt, Now.AddDays(-90), Now));
        Assert.Contains(leads, l => l.Entity.LastName?.Contains('\'') == true);
        Assert.Contains(leads, l => l.Entity.FirstName?.Any(c => c > 0x0370) == true);
        Assert.True(leads.Select(l => l.Entity.Source).Distinct().Count() == Enum.GetValues<SignalType>().Length);
        Assert.True(leads.Select(l => l.Entity.Country).Distinct().Count() >= 10);
    }

    [Fact]
    public void First_touches_within_5_minutes_convert_clearly_more_than_those_after_an_hour()
    {
        var closed = Closed(fixture.History).Where(l => l.Entity.Action == TreatmentAction.AeImmediate).ToList();
        var fast = Rate(closed.Where(l => Response(l) <= TimeSpan.FromMinutes(5)));
        var slow = Rate(closed.Where(l => Response(l) > TimeSpan.FromHours(1)));
        output.WriteLine($"AeImmediate: ≤5 min {fast}, >1 h {slow}");
        Assert.True(fast.Count >= 200 && slow.Count >= 200, $"samples {fast.Count}, {slow.Count}");
        Assert.True(fast.Value > slow.Value * 1.3 && fast.Value - slow.Value > 0.05, $"{fast} vs {slow}");
    }

    [Fact]
    public void Reps_of_the_wrong_level_for_the_deal_tier_convert_worse()
    {
        var closed = Closed(fixture.History).Where(l => l.Entity.Action == TreatmentAction.AeImmediate || l.Entity.Action == TreatmentAction.SdrQualify).ToList();
        var fitting = Rate(closed.Where(l => DemoOutcomeModel.LevelFits(l.Entity.Tier, l.Owner!.Rep.Level)));
        var mismatched = Rate(closed.Where(l => !DemoOutcomeModel.LevelFits(l.Entity.Tier, l.Owner!.Rep.Level)));
        output.WriteLine($"level fits tier {fitting}, mismatched {mismatched}");
        Assert.True(mismatched.Count >= 100, $"only {mismatched.Count} mismatched");
        Assert.True(fitting.Value > mismatched.Value * 1.2, $"{fitting} vs {mismatched}");
    }

    [Fact]
    public void People_contacted_twice_by_two_reps_convert_worse()
    {
        var closed = Closed(fixture.History).ToList();
        var twice = Rate(closed.Where(l => l.ContactedTwice));
        var once = Rate(closed.Where(l => !l.ContactedTwice));
        output.WriteLine($"contacted twice {twice}, once {once}");
        Assert.True(twice.Count >= 50, $"only {twice.Count} contacted twice");
        Assert.True(once.Value > twice.Value * 1.3, $"{once} vs {twice}");
    }

    [Fact]
    public void Stored_columns_keep_the_lifecycle_invariants()
    {
        var roster = DemoRoster.Configuration().Organisation.Reps.Select(r => r.Id.Value).ToHashSet();
        foreach (var lead in fixture.History.Leads)
        {
            var e = lead.Entity;
            Assert.Equal(!e.Stage.IsOpen(), lead.ClosedAt is not null);
            if (e.OwnerId is not null)
            {
                Assert.Contains(e.OwnerId, roster);
                Assert.NotNull(e.AssignedAt);
            }

            if (e.Stage is LeadStage.Assigned or LeadStage.Accepted or LeadStage.Contacted or LeadStage.Qualified or LeadStage.Converted)
            {
                Assert.NotNull(e.OwnerId);
            }

            Assert.True(e.FirstTouchAt is null || e.FirstTouchAt >= e.AssignedAt, $"{e.ExternalId}: touched before assignment");
            Assert.True(lead.ClosedAt is null || lead.ClosedAt <= Now);
            Assert.True(e.EscalateAt is null || e.EscalateAt > Now, $"{e.ExternalId}: escalation {e.EscalateAt} already due");
            Assert.True(e.FirstTouchAt is null || e.ResponseStatus != LeadRouting.Core.Sla.ResponseStatus.Pending);
        }

        // Some recent work is still open for the inbox and the board.
        Assert.Contains(fixture.History.Leads, l => l.Entity.Stage == LeadStage.Assigned);
        Assert.Contains(fixture.History.Leads, l => l.Entity.Stage == LeadStage.ManualReview);
    }

    private static List<string> Project(DemoHistory history) =>
        [.. history.Leads.Select(l => string.Join('|', l.Entity.ExternalId, l.Entity.Email, l.Entity.FirstName, l.Entity.LastName, l.Entity.Company,
            l.Entity.ReceivedAt.UtcTicks, l.Entity.Stage, l.Entity.OwnerId, l.Entity.FirstTouchAt?.UtcTicks, l.Entity.ResponseStatus, l.ClosedAt?.UtcTicks))];

    private static IEnumerable<HistoryLead> Closed(DemoHistory history) =>
        history.Leads.Where(l => l.Owner is not null && l.CloseAt <= Now && l.Entity.FirstTouchAt is not null);

    private static TimeSpan Response(HistoryLead lead) => lead.Entity.FirstTouchAt!.Value - lead.Entity.ReceivedAt;

    private static Share Rate(IEnumerable<HistoryLead> leads)
    {
        var list = leads.ToList();
        return new Share(list.Count(l => l.Entity.Stage == LeadStage.Converted), list.Count);
    }

    private sealed record Share(int Converted, int Count)
    {
        public double Value => Count == 0 ? 0 : (double)Converted / Count;

        public override string ToString() => $"{Converted}/{Count} = {Value:P1}";
    }
}

/// <summary>One 90-day history for the tests that only read it.</summary>
public sealed class DemoHistoryFixture
{
    public DemoHistory History { get; } = DemoHistory.Generate(new RoutingEngine(DemoRoster.Configuration()), DemoHistorySeeder.DefaultSeed, LeadRoutingApiFactory.Now, 90);
}
