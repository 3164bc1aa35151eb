using LeadRouting.Core.Configuration;
using LeadRouting.Core.Leads;
using LeadRouting.Core.Routing;
using LeadRouting.Core.Sla;

namespace LeadRouting.Tests.Core.Sla;

/// <summary>DESIGN.md "SLA clocks": one test per default policy row, on a Mon–Fri 09:00–18:00 Berlin calendar.</summary>
public class SlaPolicyTests
{
    private static readonly TimeZoneInfo BerlinZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private readonly RoutingEngine _engine = TestData.Engine(TestData.Configuration(teamCalendar: "berlin"));

    private static DateTimeOffset Berlin(int year, int month, int day, int hour, int minute) =>
        new(new DateTime(year, month, day, hour, minute, 0), BerlinZone.GetUtcOffset(new DateTime(year, month, day, hour, minute, 0)));

    private RoutingDecision Route(SignalType source, DateTimeOffset at, int employees = 500) =>
        TestData.Route(_engine, TestData.Submission(source: source, employees: employees) with { ReceivedAt = at }, at: at);

    [Fact]
    public void Demo_request_row_15_minutes_to_respond_30_to_escalate()
    {
        var decision = Route(SignalType.DemoRequest, Berlin(2026, 11, 30, 10, 0));
        Assert.Equal(("DemoRequest", Berlin(2026, 11, 30, 10, 15), Berlin(2026, 11, 30, 10, 30)), (decision.SlaPolicy, decision.RespondBy, decision.EscalateAt));
    }

    [Theory]
    [InlineData(SignalType.ContactSales)]
    [InlineData(SignalType.PricingPageVisit)]
    [InlineData(SignalType.OutboundReply)]
    public void High_intent_mql_row_4_hours_to_respond_8_to_escalate(SignalType source)
    {
        var decision = Route(source, Berlin(2026, 11, 30, 10, 0));
        // 8 business hours from 10:00 end exactly at closing time, 18:00 the same day.
        Assert.Equal(("HighIntentMql", Berlin(2026, 11, 30, 14, 0), Berlin(2026, 11, 30, 18, 0)), (decision.SlaPolicy, decision.RespondBy, decision.EscalateAt));
    }

    [Fact]
    public void Event_row_24_business_hours_to_respond_72_to_escalate()
    {
        var policy = _engine.SlaPolicyFor(SignalType.EventBadgeScan);
        var calendar = new BusinessCalendar(TestData.Berlin);
        var clocks = SlaCalculator.Compute(policy, calendar, Berlin(2026, 11, 30, 10, 0), Berlin(2026, 11, 30, 10, 0));

        // 8 h left on Monday, then 9 h a day: 24 h ends Wednesday 16:00; 72 h ends the Thursday after next, 10:00.
        Assert.Equal(("Event", Berlin(2026, 12, 2, 16, 0), Berlin(2026, 12, 10, 10, 0)), (clocks.Policy, clocks.RespondBy, clocks.EscalateAt));
    }

    [Theory]
    [InlineData(SignalType.ContentDownload)]
    [InlineData(SignalType.Webinar)]
    [InlineData(SignalType.CaseStudyView)]
    [InlineData(SignalType.NewsletterSignup)]
    public void Content_row_5_business_days_to_respond_10_to_escalate(SignalType source)
    {
        Assert.Equal("Content", _engine.SlaPolicyFor(source).Name);
        var clocks = SlaCalculator.Compute(_engine.SlaPolicyFor(source), new BusinessCalendar(TestData.Berlin), Berlin(2026, 11, 30, 10, 0), Berlin(2026, 11, 30, 10, 0));
        Assert.Equal((Berlin(2026, 12, 7, 10, 0), Berlin(2026, 12, 14, 10, 0)), (clocks.RespondBy, clocks.EscalateAt));
    }

    [Fact]
    public void Design_example_friday_17_55_demo_request_is_due_monday_09_10()
    {
        var decision = Route(SignalType.DemoRequest, Berlin(2026, 12, 4, 17, 55));
        Assert.Equal(Berlin(2026, 12, 7, 9, 10), decision.RespondBy);
        Assert.Equal(Berlin(2026, 12, 7, 9, 25), decision.EscalateAt);
    }

    [Fact]
    public void Holidays_are_skipped()
    {
        // Wednesday 23 Dec 17:50: 10 minutes that day, then 24–26 Dec are holidays and 27 Dec is a Sunday.
        var decision = Route(SignalType.ContactSales, Berlin(2026, 12, 23, 17, 50));
        Assert.Equal(Berlin(2026, 12, 28, 12, 50), decision.RespondBy);
    }

    [Fact]
    public void Business_days_skip_holidays()
    {
        var clocks = SlaCalculator.Compute(_engine.SlaPolicyFor(SignalType.NewsletterSignup), new BusinessCalendar(TestData.Berlin), Berlin(2026, 12, 21, 10, 0), null);
        Assert.Equal(Berlin(2026, 12, 30, 10, 0), clocks.RespondBy);
        Assert.Null(clocks.EscalateAt);
    }

    [Fact]
    public void Around_the_clock_policy_ignores_the_calendar()
    {
        var policy = _engine.SlaPolicyFor(SignalType.DemoRequest) with { Clock = SlaClockMode.AroundTheClock };
        var clocks = SlaCalculator.Compute(policy, new BusinessCalendar(TestData.Berlin), Berlin(2026, 12, 4, 17, 55), Berlin(2026, 12, 4, 17, 55));
        Assert.Equal((Berlin(2026, 12, 4, 18, 10), Berlin(2026, 12, 4, 18, 25)), (clocks.RespondBy, clocks.EscalateAt));
    }

    [Fact]
    public void Around_the_clock_policy_is_configurable_in_the_document()
    {
        var defaults = ConfigurationLoader.LoadDefault();
        var config = TestData.Configuration(teamCalendar: "berlin") with
        {
            Policy = defaults.Policy with
            {
                SlaPolicies = [.. defaults.Policy.SlaPolicies.Select(p => p.Name == "DemoRequest" ? p with { Clock = SlaClockMode.AroundTheClock } : p)],
            },
        };
        var roundTrip = ConfigurationLoader.Parse(ConfigurationLoader.Serialize(config));
        var engine = TestData.Engine(roundTrip);
        var saturday = Berlin(2026, 12, 5, 23, 0);
        var state = new InMemoryRoutingState();
        var decision = engine.Route(TestData.Lead(engine, TestData.Submission(dealSize: 5_000) with { ReceivedAt = saturday }, saturday), state, saturday);
        Assert.Equal(saturday.AddMinutes(15), decision.RespondBy);
    }

    [Fact]
    public void Unassigned_lead_has_a_response_clock_but_no_escalation_clock()
    {
        var state = new InMemoryRoutingState();
        foreach (var rep in TestData.StandardReps)
        {
            state.SetRepStatus(rep.Id, new RepStatus(Availability.Away, null, 0));
        }

        var decision = TestData.Route(_engine, TestData.Submission(), state);
        Assert.Equal(LeadStage.Unassigned, decision.Status);
        Assert.NotNull(decision.RespondBy);
        Assert.Null(decision.EscalateAt);
    }
}
