using LeadRouting.Core.Leads;
using LeadRouting.Core.Sla;

namespace LeadRouting.Tests.Core.Sla;

public sealed class NudgeRulesTests
{
    private static readonly TimeZoneInfo BerlinZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private readonly BusinessCalendar _office = new(TestData.Berlin);

    private static DateTimeOffset Berlin(int year, int month, int day, int hour, int minute = 0, int second = 0)
    {
        var local = new DateTime(year, month, day, hour, minute, second);
        return new DateTimeOffset(local, BerlinZone.GetUtcOffset(local));
    }

    [Fact]
    public void A_point_of_a_business_hours_window_is_counted_in_business_time()
    {
        // Friday 17:55 → Monday 09:10 is 15 business minutes: half of it is Monday 09:02:30, not Sunday night.
        var start = Berlin(2026, 12, 4, 17, 55);
        var end = Berlin(2026, 12, 7, 9, 10);

        Assert.Equal(Berlin(2026, 12, 7, 9, 2, 30), NudgeRules.PointOf(start, end, 50, _office));
        Assert.Equal(start + ((end - start) / 2), NudgeRules.PointOf(start, end, 50, calendar: null));
    }

    [Fact]
    public void Only_the_latest_point_passed_is_due_so_a_late_sweep_sends_one_reminder()
    {
        var assigned = new DateTimeOffset(2026, 11, 30, 15, 0, 0, TimeSpan.Zero);
        var clocks = new NudgeClocks
        {
            Stage = LeadStage.Assigned,
            HasOwner = true,
            AssignedAt = assigned,
            EscalateAt = assigned.AddMinutes(30),
            ResponseFrom = assigned,
            RespondBy = assigned.AddHours(4),
            HighIntent = false,
        };

        var due = NudgeRules.Due(clocks, new NudgePolicy(), calendar: null, assigned.AddMinutes(25));

        var nudge = Assert.Single(due);
        Assert.Equal((NudgeWindow.Acceptance, 80), (nudge.Window, nudge.Percent));
        Assert.Empty(NudgeRules.Due(clocks with { Stage = LeadStage.Accepted, RespondBy = assigned.AddHours(4) }, new NudgePolicy(), null, assigned.AddMinutes(25)));
        Assert.Empty(NudgeRules.Due(clocks with { FirstTouchAt = assigned.AddMinutes(1) }, new NudgePolicy(), null, assigned.AddMinutes(25)));
    }

    [Fact]
    public void A_point_that_passed_before_the_owner_was_assigned_is_not_sent_to_them()
    {
        var received = new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
        var clocks = new NudgeClocks
        {
            Stage = LeadStage.Accepted,
            HasOwner = true,
            AssignedAt = received.AddHours(3),
            ResponseFrom = received,
            RespondBy = received.AddHours(4),
            HighIntent = false,
        };

        // 50 % (11:00) passed before the assignment at 12:00; 80 % (12:12) is theirs.
        Assert.Empty(NudgeRules.Due(clocks, new NudgePolicy(), null, received.AddHours(3).AddMinutes(5)));
        Assert.Equal(80, Assert.Single(NudgeRules.Due(clocks, new NudgePolicy(), null, received.AddHours(3).AddMinutes(13))).Percent);
    }
}
