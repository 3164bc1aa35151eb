using LeadRouting.Core;
using LeadRouting.Core.Configuration;
using LeadRouting.Core.Leads;
using LeadRouting.Core.Routing;

namespace LeadRouting.Tests.Core.Routing;

/// <summary>
/// Issue 13 point 2, "Routing must not strand leads that a rep could take": immediate leads out of hours, the explicit
/// fallback chain (owner → owner's backup → segment pool at the lead's tier → team backup pool → Unassigned) and what
/// <c>namedAccount = false</c> means.
/// </summary>
public class FallbackChainTests
{
    private static readonly DateTimeOffset Now = TestData.Monday10Berlin;

    /// <summary>Sunday 6 Dec 2026, 14:00 in Berlin: the DACH, UK and US offices are closed, follow-the-sun is not.</summary>
    private static readonly DateTimeOffset SundayBerlin = new(2026, 12, 6, 13, 0, 0, TimeSpan.Zero);

    /// <summary>Monday 7 Dec 2026, 09:00 in Berlin, when the DACH team opens.</summary>
    private static readonly DateTimeOffset MondayOpening = new(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Sunday_demo_requests_go_to_the_backup_rep_in_hours_then_to_the_DACH_reps_with_clocks_from_Monday_morning()
    {
        var engine = new RoutingEngine(ConfigurationLoader.LoadDemo());
        var state = new InMemoryRoutingState();

        // The one follow-the-sun rep of the DACH backup pool has room for six more; the other (London) is closed on Sunday.
        state.SetRepStatus(new RepId("inbound-mid-1"), new RepStatus(Availability.Available, null, 14));
        var decisions = new List<RoutingDecision>();
        for (var i = 0; i < 40; i++)
        {
            var lead = TestData.Lead(engine, TestData.Submission(email: $"cfo{i}@fintech{i}.de", employees: 250, industry: "Fintech", country: "DE", dealSize: 5_000), SundayBerlin);
            var decision = engine.Route(lead, state, SundayBerlin);
            state.Apply(lead, decision);
            decisions.Add(decision);
        }

        Assert.All(decisions, d => Assert.Equal((TreatmentAction.AeImmediate, DealTier.Small, "DACH"), (d.Action, d.Tier, d.Segment)));
        Assert.Equal(0, decisions.Count(d => d.Status == LeadStage.Unassigned));
        Assert.Equal(6, decisions.Count(d => d.OwnerId == new RepId("inbound-mid-1")));
        var dach = decisions.Where(d => d.TeamId == new TeamId("dach")).ToList();
        Assert.Equal(34, dach.Count);

        // The segment's own pool at the lead's tier (Junior AE), not the SDRs of the fallback level: the juniors have room.
        Assert.All(dach, d => Assert.Contains(d.OwnerId!.Value.Value, new[] { "dach-jr-1", "dach-jr-2" }));
        Assert.All(dach, d => Assert.Equal(DistributionMethod.WeightedRoundRobin, d.Distribution));

        // Clocks in DACH business time: they start Monday 09:00 Berlin (15 minutes to respond, 30 to accept).
        Assert.All(dach, d => Assert.Equal((MondayOpening.AddMinutes(15), MondayOpening.AddMinutes(30)), (d.RespondBy!.Value, d.EscalateAt!.Value)));
        var trace = dach[^1].TraceText();
        Assert.Contains("the clocks start Mon 7 Dec 09:00 Europe/Berlin, when Berlin office opens", trace, StringComparison.Ordinal);

        // Every step is in the trace with whom it passed over and why.
        Assert.Contains("DACH Sales Junior AE (2 reps), in working hours => nobody qualifies; trying the fallback level [Anna Becker: outside working hours (Mon–Fri 09:00–18:00 Europe/Berlin)]", trace, StringComparison.Ordinal);
        Assert.Contains("[Jack Thompson: outside working hours (Mon–Fri 09:00–17:30 Europe/London)]", trace, StringComparison.Ordinal);
        Assert.Contains("[Yuki Tanaka: at capacity 20/20]", trace, StringComparison.Ordinal);
        Assert.Contains("DACH Sales Junior AE (2 reps), outside working hours too, as nobody in hours can take it => ", trace, StringComparison.Ordinal);
    }

    [Fact]
    public void Immediate_lead_out_of_hours_prefers_a_backup_rep_in_hours_and_follow_the_sun_clocks()
    {
        var engine = new RoutingEngine(ConfigurationLoader.LoadDemo());
        var decision = TestData.Route(engine, TestData.Submission(email: "cfo@fintech.de", employees: 250, industry: "Fintech", dealSize: 5_000), at: SundayBerlin);

        Assert.Equal(("inbound-mid-1", DistributionMethod.BackupPool), (decision.OwnerId?.Value, decision.Distribution));
        Assert.Equal(SundayBerlin.AddMinutes(15), decision.RespondBy);
        Assert.DoesNotContain("clocks start", decision.TraceText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Named_account_owner_at_capacity_and_backup_away_goes_to_the_segment_pool_at_the_lead_s_tier()
    {
        var engine = TestData.Engine();
        var state = new InMemoryRoutingState();
        state.AddAccount(new AccountRecord { Domain = "contoso.de", Name = "Contoso", OwnerId = new RepId("sr1"), IsNamedAccount = true });
        state.SetRepStatus(new RepId("sr1"), new RepStatus(Availability.Available, null, 100));
        state.SetRepStatus(new RepId("ad1"), new RepStatus(Availability.Away, null, 0));
        state.SetRepStatus(new RepId("bk1"), new RepStatus(Availability.Available, null, 100));
        state.SetRepStatus(new RepId("bk2"), new RepStatus(Availability.Away, null, 0));

        var decision = TestData.Route(engine, TestData.Submission(email: "ceo@contoso.de", dealSize: 5_000), state);

        Assert.Equal(LeadStage.Assigned, decision.Status);
        Assert.Equal((TestData.Team, DistributionMethod.WeightedRoundRobin), (decision.TeamId!.Value, decision.Distribution));
        Assert.StartsWith("jr", decision.OwnerName, StringComparison.Ordinal);
        Assert.Null(decision.AccountClaim);
        var trace = decision.TraceText();
        Assert.Contains("sr1 cannot take it; fallback chain: owner's backup → segment pool at the lead's tier → team backup pool → Unassigned [sr1: at capacity 100/100]", trace, StringComparison.Ordinal);
        Assert.Contains("sr1's backup ad1 => cannot take it [ad1: away (backup of sr1)]", trace, StringComparison.Ordinal);
        Assert.Contains("Fallback: Team One Junior AE (2 reps), in working hours => jr", trace, StringComparison.Ordinal);
    }

    [Fact]
    public void Owner_chain_ends_in_the_team_backup_pool_then_unassigned_with_every_step_in_the_trace()
    {
        var engine = TestData.Engine();
        var state = new InMemoryRoutingState();
        state.AddAccount(new AccountRecord { Domain = "contoso.de", Name = "Contoso", OwnerId = new RepId("mid1"), IsNamedAccount = true });
        foreach (var rep in TestData.StandardReps.Where(r => r.Id.Value != "bk2"))
        {
            state.SetRepStatus(rep.Id, new RepStatus(Availability.Away, null, 0));
        }

        var toPool = TestData.Route(engine, TestData.Submission(email: "ceo@contoso.de", dealSize: 20_000), state);
        Assert.Equal(("bk2", DistributionMethod.BackupPool), (toPool.OwnerName, toPool.Distribution));

        state.SetRepStatus(new RepId("bk2"), new RepStatus(Availability.Away, null, 0));
        var nobody = TestData.Route(engine, TestData.Submission(email: "ceo@contoso.de", dealSize: 20_000), state);
        Assert.Equal(LeadStage.Unassigned, nobody.Status);
        Assert.Equal(
            ["Ownership", "Distribution", "Fallback", "Fallback", "Fallback", "Fallback", "SLA"],
            nobody.Trace.Select(t => t.Step).SkipWhile(s => s != "Ownership").Where(s => s is not ("Intent" or "Fit" or "Treatment" or "Deal tier" or "Segment")));
        Assert.Contains("nobody eligible has capacity: mid1's backup → Team One pool → Team One backup pool => Unassigned queue; manager Manny notified", nobody.TraceText(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_edited_chain_changes_the_order_the_steps_are_tried_in()
    {
        var state = new InMemoryRoutingState();
        state.AddAccount(new AccountRecord { Domain = "contoso.de", Name = "Contoso", OwnerId = new RepId("sr1"), IsNamedAccount = true });
        state.SetRepStatus(new RepId("sr1"), new RepStatus(Availability.OutOfOffice, null, 0));
        var lead = TestData.Submission(email: "ceo@contoso.de", dealSize: 5_000);

        var byDefault = TestData.Route(TestData.Engine(), lead, state);
        Assert.Equal(("ad1", DistributionMethod.RepBackup), (byDefault.OwnerName, byDefault.Distribution));

        var poolFirst = WithChain("\"TeamBackupPool\", \"SegmentPool\", \"OwnerBackup\"");
        var edited = TestData.Route(poolFirst, lead, state);
        Assert.Equal(DistributionMethod.BackupPool, edited.Distribution);
        Assert.StartsWith("bk", edited.OwnerName, StringComparison.Ordinal);

        var segmentOnly = TestData.Route(WithChain("\"SegmentPool\""), lead, state);
        Assert.StartsWith("jr", segmentOnly.OwnerName, StringComparison.Ordinal);
    }

    [Fact]
    public void A_chain_without_steps_sends_an_unavailable_owner_s_lead_to_unassigned()
    {
        var state = new InMemoryRoutingState();
        state.AddAccount(new AccountRecord { Domain = "contoso.de", Name = "Contoso", OwnerId = new RepId("sr1"), IsNamedAccount = true });
        state.SetRepStatus(new RepId("sr1"), new RepStatus(Availability.Away, null, 0));

        var decision = TestData.Route(WithChain(""), TestData.Submission(email: "ceo@contoso.de"), state);

        Assert.Equal(LeadStage.Unassigned, decision.Status);
        Assert.Contains("fallback chain: Unassigned", decision.TraceText(), StringComparison.Ordinal);
        Assert.Contains("Fallback: the fallback chain has no steps => Unassigned queue", decision.TraceText(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_chain_without_the_team_backup_pool_leaves_a_full_segment_pool_unassigned()
    {
        var state = new InMemoryRoutingState();
        foreach (var rep in TestData.StandardReps.Where(r => r.Level is RepLevel.JuniorAe or RepLevel.Sdr))
        {
            state.SetRepStatus(rep.Id, new RepStatus(Availability.Away, null, 0));
        }

        Assert.Equal(DistributionMethod.BackupPool, TestData.Route(TestData.Engine(), TestData.Submission(dealSize: 5_000), state).Distribution);
        Assert.Equal(LeadStage.Unassigned, TestData.Route(WithChain("\"OwnerBackup\", \"SegmentPool\""), TestData.Submission(dealSize: 5_000), state).Status);
    }

    [Fact]
    public void Account_owner_without_named_account_protection_is_notified_and_the_lead_routes_by_segment()
    {
        var state = new InMemoryRoutingState();
        state.AddAccount(new AccountRecord { Domain = "fabrikam.de", Name = "Fabrikam", OwnerId = new RepId("ad1"), IsNamedAccount = false, IsCustomer = false });

        var decision = TestData.Route(TestData.Engine(), TestData.Submission(email: "buyer@fabrikam.de", dealSize: 5_000), state);

        Assert.Equal((LeadStage.Assigned, DistributionMethod.WeightedRoundRobin), (decision.Status, decision.Distribution));
        Assert.StartsWith("jr", decision.OwnerName, StringComparison.Ordinal);
        var notice = Assert.Single(decision.Notices);
        Assert.Equal(("ad1", (TeamId?)TestData.Team), (notice.ManagerName, notice.TeamId));
        Assert.Contains("Fabrikam", notice.Reason, StringComparison.Ordinal);
        Assert.Contains("Ownership: accounts and open leads of fabrikam.de => account 'Fabrikam' is owned by ad1 but not a named account: routed by segment; ad1 notified", decision.TraceText(), StringComparison.Ordinal);
        Assert.DoesNotContain("is named account", decision.TraceText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Unprotected_account_keeps_its_owner_when_an_enterprise_lead_is_routed_by_segment()
    {
        var state = new InMemoryRoutingState();
        state.AddAccount(new AccountRecord { Domain = "fabrikam.de", Name = "Fabrikam", OwnerId = new RepId("jr1") });

        var decision = TestData.Route(TestData.Engine(), TestData.Submission(email: "buyer@fabrikam.de", dealSize: 200_000), state);

        Assert.Contains(decision.OwnerName, new[] { "sr1", "ad1" });
        Assert.Equal(DistributionMethod.WeightedRoundRobin, decision.Distribution);
        Assert.Null(decision.AccountClaim);
    }

    [Fact]
    public void Unprotected_account_already_in_play_stays_with_the_holder_of_the_open_lead()
    {
        var engine = TestData.Engine();
        var state = new InMemoryRoutingState();
        state.AddAccount(new AccountRecord { Domain = "fabrikam.de", Name = "Fabrikam", OwnerId = new RepId("ad1") });
        var first = TestData.Lead(engine, TestData.Submission(email: "a@fabrikam.de", dealSize: 5_000));
        var firstDecision = engine.Route(first, state, Now);
        state.Apply(first, firstDecision);

        // A colleague, not the same person under another address (the test data names every lead "Pat Doe").
        var colleague = TestData.Route(engine, TestData.Submission(email: "b@fabrikam.de", dealSize: 5_000) with { FirstName = "Kim" }, state);

        Assert.Equal((firstDecision.OwnerId, DistributionMethod.AccountInPlay), (colleague.OwnerId, colleague.Distribution));
        Assert.Contains("not a named account: no ownership protection; ad1 notified; fabrikam.de is already in play", colleague.TraceText(), StringComparison.Ordinal);
        Assert.Single(colleague.Notices);
    }

    [Fact]
    public void An_account_claimed_by_an_enterprise_lead_is_protected_for_the_next_lead_of_that_company()
    {
        var engine = TestData.Engine();
        var first = TestData.Route(engine, TestData.Submission(email: "cio@initech.de", dealSize: 200_000));
        var claim = Assert.IsType<AccountClaim>(first.AccountClaim);
        Assert.True(claim.ToAccount().IsNamedAccount);

        // A fresh state with only the claimed account: no open lead keeps the company in play.
        var state = new InMemoryRoutingState();
        state.AddAccount(claim.ToAccount());
        var next = TestData.Route(engine, TestData.Submission(email: "cfo@initech.de", dealSize: 300_000), state);

        Assert.Equal((first.OwnerId, DistributionMethod.NamedAccount), (next.OwnerId, next.Distribution));
        Assert.Empty(next.Notices);
    }

    [Fact]
    public void Lapsed_acceptance_window_moves_along_the_chain_to_the_segment_pool_before_the_team_backup_pool()
    {
        Rep[] reps = [.. TestData.StandardReps, TestData.Rep("mid3", RepLevel.MidAe)];
        var engine = TestData.Engine(TestData.Configuration(reps));
        var state = new InMemoryRoutingState();
        state.SetRepStatus(new RepId("mid2"), new RepStatus(Availability.Away, null, 0));
        var lead = TestData.Lead(engine, TestData.Submission(dealSize: 20_000));

        var decision = engine.Reassign(lead, new RepId("mid1"), 0, state, Now, new RouteOptions { ExcludedReps = new HashSet<RepId> { new("mid1") } });

        Assert.Equal(("mid3", DistributionMethod.LeastLoaded), (decision.OwnerName, decision.Distribution));
        var trace = decision.TraceText();
        Assert.Contains("mid1's backup mid2 => cannot take it [mid2: away (backup of mid1)]", trace, StringComparison.Ordinal);
        Assert.Contains("[mid1: declined this lead or let it lapse before]", trace, StringComparison.Ordinal);
        Assert.Contains("a fresh acceptance window", trace, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_immediate_lead_is_not_sent_to_the_backup_pool_for_the_hour()
    {
        var engine = TestData.Engine(TestData.Configuration(teamCalendar: "berlin"));
        var saturday = new DateTimeOffset(2026, 12, 5, 11, 0, 0, TimeSpan.Zero);
        var decision = TestData.Route(engine, TestData.Submission(source: SignalType.ContactSales, employees: 5, industry: null, techStack: []), at: saturday);

        Assert.Equal((TreatmentAction.SdrQualify, DistributionMethod.WeightedRoundRobin), (decision.Action, decision.Distribution));
        Assert.Contains("outside business hours: the clocks start Mon 7 Dec 09:00 Europe/Berlin", decision.TraceText(), StringComparison.Ordinal);
    }

    private static RoutingEngine WithChain(string steps)
    {
        var json = ConfigurationLoader.Serialize(TestData.Configuration());
        var edited = System.Text.RegularExpressions.Regex.Replace(json, "\"fallback\": \\[[^\\]]*\\]", $"\"fallback\": [{steps}]");
        Assert.NotEqual(json, edited);
        return new RoutingEngine(ConfigurationLoader.Parse(edited));
    }
}
