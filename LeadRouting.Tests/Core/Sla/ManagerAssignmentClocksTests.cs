using LeadRouting.Core.Configuration;
using LeadRouting.Core.Leads;
using LeadRouting.Core.Sla;

namespace LeadRouting.Tests.Core.Sla;

/// <summary>Issue 13: the clocks a manager's assignment starts, on the Mon–Fri 09:00–18:00 Berlin calendar.</summary>
public class ManagerAssignmentClocksTests
{
    private static readonly TimeZoneInfo BerlinZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly BusinessCalendar Office = new(TestData.Berlin);

    private static readonly SlaPolicy DemoRequest = new()
    {
        Name = "DemoRequest",
        Sources = [SignalType.DemoRequest],
        ResponseTarget = new SlaDuration(15, DurationUnit.Minutes),
        EscalationTrigger = new SlaDuration(30, DurationUnit.Minutes),
    };

    private static DateTimeOffset Berlin(int year, int month, int day, int hour, int minute = 0)
    {
        var local = new DateTime(year, month, day, hour, minute, 0);
        return new DateTimeOffset(local, BerlinZone.GetUtcOffset(local));
    }

    [Fact]
    public void After_the_target_passed_in_a_queue_the_new_owner_gets_both_clocks_from_the_assignment_and_the_lapse_is_reported()
    {
        var receivedTarget = Berlin(2026, 11, 30, 16, 15);
        var clocks = ManagerAssignmentClocks.Start(DemoRequest, Office, Berlin(2027, 2, 3, 13, 33), receivedTarget, null, ResponseStatus.Pending);

        Assert.Equal(new ManagerAssignmentClocks(Berlin(2027, 2, 3, 13, 48), Berlin(2027, 2, 3, 14, 3), receivedTarget), clocks);
    }

    [Fact]
    public void Clocks_run_in_the_new_team_s_business_time_an_assignment_after_hours_counts_from_the_next_opening()
    {
        // Friday 17:55: 5 business minutes today, the rest on Monday from 09:00.
        var clocks = ManagerAssignmentClocks.Start(DemoRequest, Office, Berlin(2026, 12, 4, 17, 55), Berlin(2026, 12, 4, 18, 5), null, ResponseStatus.Pending);

        Assert.Equal((Berlin(2026, 12, 7, 9, 10), Berlin(2026, 12, 7, 9, 25), (DateTimeOffset?)null), (clocks.RespondBy, clocks.EscalateAt, clocks.LapsedAt));
    }

    [Fact]
    public void An_escalated_miss_is_a_lapse_even_before_the_target_instant()
    {
        var target = Berlin(2026, 11, 30, 16, 15);
        var clocks = ManagerAssignmentClocks.Start(DemoRequest, Office, Berlin(2026, 11, 30, 16, 10), target, null, ResponseStatus.Missed);

        Assert.Equal(target, clocks.LapsedAt);
    }

    [Fact]
    public void A_first_response_already_made_is_not_restarted()
    {
        var target = Berlin(2026, 11, 30, 16, 15);
        var clocks = ManagerAssignmentClocks.Start(DemoRequest, Office, Berlin(2026, 12, 2, 10, 0), target, Berlin(2026, 11, 30, 16, 5), ResponseStatus.Met);

        Assert.Equal(new ManagerAssignmentClocks(target, null, null), clocks);
    }
}
