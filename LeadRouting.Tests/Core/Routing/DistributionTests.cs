using LeadRouting.Core;
using LeadRouting.Core.Leads;
using LeadRouting.Core.Routing;

namespace LeadRouting.Tests.Core.Routing;

/// <summary>DESIGN.md §7–§8: exclusions with reasons, the fallback chain and the trace.</summary>
public class DistributionTests
{
    private static readonly DateTimeOffset Now = TestData.Monday10Berlin;

    private static RoutingDecision RouteSmall(InMemoryRoutingState state, RoutingEngine? engine = null, DateTimeOffset? at = null, RouteOptions? options = null)
    {
        engine ??= TestData.Engine();
        var lead = TestData.Lead(engine, TestData.Submission(dealSize: 5_000), at);
        return engine.Route(lead, state, at ?? Now, options);
    }

    [Fact]
    public void Trace_names_every_excluded_candidate_with_the_reason()
    {
        var reps = TestData.StandardReps.Select(r => r.Id.Value == "sdr2" ? r with { Active = false } : r).ToList();
        var engine = TestData.Engine(TestData.Configuration(reps));
        var state = new InMemoryRoutingState();
        state.SetRepStatus(new("jr1"), new RepStatus(Availability.OutOfOffice, new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero), 0));
        state.SetRepStatus(new("jr2"), new RepStatus(Availability.Available, null, 100));
        state.SetRepStatus(new("sdr1"), new RepStatus(Availability.Away, null, 0));

        var decision = RouteSmall(state, engine);
        var trace = decision.TraceText();
        Assert.Contains("[jr1: out of office until 2 Dec]", trace, StringComparison.Ordinal);
        Assert.Contains("[jr2: at capacity 100/100]", trace, StringComparison.Ordinal);
        Assert.Contains("[sdr1: away]", trace, StringComparison.Ordinal);
        Assert.Contains("[sdr2: inactive]", trace, StringComparison.Ordinal);
        Assert.Equal(DistributionMethod.BackupPool, decision.Distribution);
    }

    [Fact]
    public void Out_of_office_that_has_ended_is_available_again()
    {
        var state = new InMemoryRoutingState();
        state.SetRepStatus(new("jr1"), new RepStatus(Availability.OutOfOffice, Now.AddMinutes(-1), 0));
        Assert.Equal("jr1", RouteSmall(state).OwnerName);
    }

    [Fact]
    public void Immediate_action_skips_reps_outside_working_hours()
    {
        var engine = TestData.Engine(TestData.Configuration(teamCalendar: "berlin"));
        var saturday = new DateTimeOffset(2026, 12, 5, 11, 0, 0, TimeSpan.Zero);
        var decision = RouteSmall(new InMemoryRoutingState(), engine, saturday);

        // Team One works Mon–Fri in Berlin; the backup pool (Team Two) is on a 24/7 calendar.
        Assert.Contains("outside working hours (Mon–Fri 09:00–18:00 Europe/Berlin)", decision.TraceText(), StringComparison.Ordinal);
        Assert.Equal(DistributionMethod.BackupPool, decision.Distribution);
    }

    [Fact]
    public void Non_immediate_action_may_go_to_a_rep_outside_hours()
    {
        var engine = TestData.Engine(TestData.Configuration(teamCalendar: "berlin"));
        var saturday = new DateTimeOffset(2026, 12, 5, 11, 0, 0, TimeSpan.Zero);
        var lead = TestData.Lead(engine, TestData.Submission(source: SignalType.ContactSales, employees: 5, industry: null, techStack: []), saturday);
        var decision = engine.Route(lead, new InMemoryRoutingState(), saturday);
        Assert.Equal(TreatmentAction.SdrQualify, decision.Action);
        Assert.StartsWith("sdr", decision.OwnerName, StringComparison.Ordinal);
    }

    [Fact]
    public void Nobody_anywhere_ends_in_unassigned_with_the_manager_notified()
    {
        var state = new InMemoryRoutingState();
        foreach (var rep in TestData.StandardReps)
        {
            state.SetRepStatus(rep.Id, new RepStatus(Availability.Away, null, 0));
        }

        var decision = RouteSmall(state);
        Assert.Equal((LeadStage.Unassigned, (RepId?)null), (decision.Status, decision.OwnerId));
        var notice = Assert.Single(decision.Notices);
        Assert.Equal(("Unassigned", "Manny", "manny@example.com"), (notice.Reason, notice.ManagerName, notice.ManagerEmail));
        Assert.Contains("Unassigned queue", decision.TraceText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Declining_rep_is_excluded_when_the_lead_is_routed_again()
    {
        var state = new InMemoryRoutingState();
        var first = RouteSmall(state);
        var again = RouteSmall(state, options: new RouteOptions { ExcludedReps = new HashSet<RepId> { first.OwnerId!.Value } });
        Assert.NotEqual(first.OwnerId, again.OwnerId);
        Assert.Contains($"[{first.OwnerName}: declined this lead or let it lapse before]", again.TraceText(), StringComparison.Ordinal);
    }

    [Fact]
    public void No_segment_and_no_catch_all_is_unassigned_not_dropped()
    {
        var engine = TestData.Engine(TestData.Configuration() with
        {
            Organisation = TestData.Configuration().Organisation with { Segments = [] },
        });
        var decision = RouteSmall(new InMemoryRoutingState(), engine);
        Assert.Equal(LeadStage.Unassigned, decision.Status);
        Assert.Contains("no segment matches", decision.TraceText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Trace_covers_every_step_in_order()
    {
        var steps = RouteSmall(new InMemoryRoutingState()).Trace.Select(t => t.Step).ToList();
        Assert.Equal(["Intake", "Duplicate check", "Ownership", "Intent", "Fit", "Treatment", "Deal tier", "Segment", "Distribution", "SLA"], steps);
    }

    [Fact]
    public void Routing_does_not_touch_the_state_it_reads()
    {
        var state = new InMemoryRoutingState();
        var before = state.RoundRobinSnapshot();
        var first = RouteSmall(state);
        var second = RouteSmall(state);
        Assert.Equal(before, state.RoundRobinSnapshot());
        Assert.Equal(first.OwnerId, second.OwnerId);
        Assert.NotNull(first.RoundRobin);
    }
}
