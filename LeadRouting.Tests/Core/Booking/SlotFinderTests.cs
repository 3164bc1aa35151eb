using LeadRouting.Core;
using LeadRouting.Core.Booking;
using LeadRouting.Core.Configuration;
using LeadRouting.Core.Sla;

namespace LeadRouting.Tests.Core.Booking;

/// <summary>Issue 20: free slots of a rep from working hours, holidays, absences, meetings, feed busy times and the policy.</summary>
public sealed class SlotFinderTests
{
    internal static readonly TimeZoneInfo BerlinZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly RepId Anna = new("anna");
    private static readonly RepId Ben = new("ben");
    private static readonly DayOfWeek[] Weekdays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    /// <summary>Mon–Fri 09:00–17:00 Berlin, Christmas Eve and Day off.</summary>
    internal static BusinessCalendar Office(params WorkingHours[] hours) => new(new CalendarDefinition
    {
        Id = "office",
        Name = "Office",
        TimeZone = "Europe/Berlin",
        Hours = hours.Length > 0 ? hours : [new WorkingHours(Weekdays, new TimeOnly(9, 0), new TimeOnly(17, 0))],
        Holidays = [new DateOnly(2026, 12, 24), new DateOnly(2026, 12, 25)],
    });

    private static BusinessCalendar EveryDay(TimeOnly start, TimeOnly end) =>
        Office(new WorkingHours(Enum.GetValues<DayOfWeek>(), start, end));

    /// <summary>A Berlin wall-clock time as an instant.</summary>
    internal static DateTimeOffset Berlin(int year, int month, int day, int hour, int minute = 0) =>
        BerlinZone.InstantOf(new DateTime(year, month, day, hour, minute, 0));

    private static RepAvailability Rep(BusinessCalendar? calendar = null, RepId? id = null) =>
        new() { RepId = id ?? Anna, Calendar = calendar ?? Office() };

    private static DateTime Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, BerlinZone).DateTime;

    private static IReadOnlyList<string> LocalStarts(IEnumerable<Slot> slots) =>
        [.. slots.Select(s => Local(s.Start).ToString("ddd HH:mm", System.Globalization.CultureInfo.InvariantCulture))];

    // Monday 30 November 2026, 07:00 in Berlin: with two hours' notice the day is open from 09:00.
    private static readonly DateTimeOffset MondayMorning = Berlin(2026, 11, 30, 7);

    private static IReadOnlyList<Slot> MondaySlots(RepAvailability rep, BookingPolicy? policy = null) =>
        SlotFinder.FreeSlots(rep, policy ?? BookingPolicy.Default, MondayMorning, MondayMorning, businessDays: 1);

    [Fact]
    public void A_free_day_offers_every_quarter_hour_from_opening_until_the_last_meeting_that_ends_at_closing()
    {
        var slots = MondaySlots(Rep());

        Assert.Equal(31, slots.Count);
        Assert.Equal((Berlin(2026, 11, 30, 9), Berlin(2026, 11, 30, 9, 30)), (slots[0].Start, slots[0].End));
        Assert.Equal(Berlin(2026, 11, 30, 16, 30), slots[^1].Start);
        Assert.All(slots, s => Assert.Equal((TimeSpan.Zero, Anna, TimeSpan.FromMinutes(30)), (s.Start.Offset, s.RepId, s.End - s.Start)));
        Assert.DoesNotContain(slots, s => s.Start == Berlin(2026, 11, 30, 16, 45));
    }

    [Fact]
    public void A_day_split_in_two_ranges_offers_no_slot_across_the_break()
    {
        var calendar = Office(
            new WorkingHours(Weekdays, new TimeOnly(9, 0), new TimeOnly(12, 0)),
            new WorkingHours(Weekdays, new TimeOnly(13, 0), new TimeOnly(17, 0)));

        var starts = LocalStarts(MondaySlots(Rep(calendar)));

        Assert.Contains("Mon 11:30", starts);
        Assert.DoesNotContain("Mon 11:45", starts);
        Assert.DoesNotContain("Mon 12:00", starts);
        Assert.DoesNotContain("Mon 12:45", starts);
        Assert.Contains("Mon 13:00", starts);
        Assert.Equal(11 + 15, starts.Count);
    }

    [Fact]
    public void Spring_forward_keeps_a_nine_to_five_day_nine_to_five_in_local_time()
    {
        // DST starts Sunday 28 March 2027 at 02:00 in Berlin; this calendar works every day.
        var from = Berlin(2027, 3, 27, 0);
        var slots = SlotFinder.FreeSlots(Rep(EveryDay(new TimeOnly(9, 0), new TimeOnly(17, 0))), BookingPolicy.Default, from, from, businessDays: 3);

        var byDay = slots.GroupBy(s => Local(s.Start).Date).ToList();
        Assert.Equal([new DateTime(2027, 3, 27), new DateTime(2027, 3, 28), new DateTime(2027, 3, 29)], byDay.Select(g => g.Key));
        Assert.All(byDay, day => Assert.Equal((31, new TimeSpan(9, 0, 0), new TimeSpan(16, 30, 0)),
            (day.Count(), Local(day.First().Start).TimeOfDay, Local(day.Last().Start).TimeOfDay)));
        Assert.Equal(new DateTimeOffset(2027, 3, 27, 8, 0, 0, TimeSpan.Zero), byDay[0].First().Start);
        Assert.Equal(new DateTimeOffset(2027, 3, 28, 7, 0, 0, TimeSpan.Zero), byDay[1].First().Start);
    }

    [Fact]
    public void Fall_back_keeps_a_nine_to_five_day_nine_to_five_in_local_time()
    {
        // DST ends Sunday 25 October 2026 at 03:00 in Berlin.
        var from = Berlin(2026, 10, 24, 0);
        var slots = SlotFinder.FreeSlots(Rep(EveryDay(new TimeOnly(9, 0), new TimeOnly(17, 0))), BookingPolicy.Default, from, from, businessDays: 2);

        Assert.Equal(new DateTimeOffset(2026, 10, 24, 7, 0, 0, TimeSpan.Zero), slots[0].Start);
        var sunday = slots.Where(s => Local(s.Start).Date == new DateTime(2026, 10, 25)).ToList();
        Assert.Equal((31, new DateTimeOffset(2026, 10, 25, 8, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 10, 25, 15, 30, 0, TimeSpan.Zero)),
            (sunday.Count, sunday[0].Start, sunday[^1].Start));
    }

    [Fact]
    public void Around_the_clock_the_grid_skips_the_missing_hour_and_offers_the_repeated_one_twice()
    {
        var calendar = EveryDay(TimeOnly.MinValue, TimeOnly.MinValue);
        var policy = BookingPolicy.Default with { BufferBefore = TimeSpan.Zero, BufferAfter = TimeSpan.Zero, MinimumNotice = TimeSpan.Zero };

        // Spring: 01:45 CET is followed by 03:00 CEST, fifteen real minutes later.
        var spring = SlotFinder.FreeSlots(Rep(calendar), policy, Berlin(2027, 3, 28, 1, 30), Berlin(2027, 3, 28, 1, 30), businessDays: 1);
        Assert.Equal(["Sun 01:30", "Sun 01:45", "Sun 03:00", "Sun 03:15"], LocalStarts(spring.Take(4)));
        Assert.Equal(TimeSpan.FromMinutes(15), spring[2].Start - spring[1].Start);

        // Autumn: 02:00–02:45 comes twice (CEST, then CET); both are on the grid.
        var autumnFrom = new DateTimeOffset(2026, 10, 25, 0, 0, 0, TimeSpan.Zero);
        var autumn = SlotFinder.FreeSlots(Rep(calendar), policy, autumnFrom, autumnFrom, businessDays: 1)
            .Where(s => s.Start < autumnFrom.AddHours(2)).ToList();
        Assert.Equal(["Sun 02:00", "Sun 02:15", "Sun 02:30", "Sun 02:45", "Sun 02:00", "Sun 02:15", "Sun 02:30", "Sun 02:45"], LocalStarts(autumn));
        Assert.All(autumn.Zip(autumn.Skip(1)), pair => Assert.Equal(TimeSpan.FromMinutes(15), pair.Second.Start - pair.First.Start));
    }

    [Fact]
    public void A_day_open_until_midnight_runs_on_into_a_day_open_from_midnight()
    {
        var calendar = EveryDay(TimeOnly.MinValue, TimeOnly.MinValue);
        var policy = BookingPolicy.Default with { Duration = TimeSpan.FromMinutes(60), MinimumNotice = TimeSpan.Zero };
        var from = Berlin(2026, 11, 30, 23, 0);

        var slots = SlotFinder.FreeSlots(Rep(calendar), policy, from, from, businessDays: 2);

        Assert.Contains(slots, s => s.Start == Berlin(2026, 11, 30, 23, 30));
    }

    [Fact]
    public void The_horizon_counts_working_days_and_skips_weekends_and_holidays()
    {
        var beforeChristmas = Berlin(2026, 12, 23, 7);
        var christmas = SlotFinder.FreeSlots(Rep(), BookingPolicy.Default, beforeChristmas, beforeChristmas, businessDays: 3);
        Assert.Equal(
            [new DateTime(2026, 12, 23), new DateTime(2026, 12, 28), new DateTime(2026, 12, 29)],
            christmas.Select(s => Local(s.Start).Date).Distinct());

        var friday = Berlin(2026, 12, 4, 7);
        var week = SlotFinder.FreeSlots(Rep(), BookingPolicy.Default, friday, friday);
        Assert.Equal(["Fri", "Mon", "Tue", "Wed", "Thu"], week.Select(s => Local(s.Start).DayOfWeek.ToString()[..3]).Distinct());
    }

    [Fact]
    public void Minimum_notice_moves_the_first_slot_to_the_grid_after_now_plus_notice()
    {
        var now = Berlin(2026, 11, 30, 10, 7);

        var slots = SlotFinder.FreeSlots(Rep(), BookingPolicy.Default, now, now, businessDays: 1);

        Assert.Equal(Berlin(2026, 11, 30, 12, 15), slots[0].Start);
    }

    [Fact]
    public void When_notice_reaches_past_closing_the_horizon_starts_with_the_next_working_day()
    {
        var fridayAfternoon = Berlin(2026, 12, 4, 16);

        var slots = SlotFinder.FreeSlots(Rep(), BookingPolicy.Default, fridayAfternoon, fridayAfternoon);

        Assert.Equal(Berlin(2026, 12, 7, 9), slots[0].Start);
        Assert.Equal(["Mon", "Tue", "Wed", "Thu", "Fri"], slots.Select(s => Local(s.Start).DayOfWeek.ToString()[..3]).Distinct());
    }

    [Fact]
    public void A_later_from_pages_forward_while_notice_still_counts_from_now()
    {
        var now = MondayMorning;

        var slots = SlotFinder.FreeSlots(Rep(), BookingPolicy.Default, Berlin(2026, 12, 2, 0), now, businessDays: 1);

        Assert.Equal(Berlin(2026, 12, 2, 9), slots[0].Start);
        Assert.All(slots, s => Assert.Equal(new DateTime(2026, 12, 2), Local(s.Start).Date));
    }

    [Fact]
    public void Out_of_office_removes_its_time_and_its_day_still_counts_toward_the_horizon()
    {
        var rep = Rep() with { OutOfOffice = [new TimeRange(Berlin(2026, 12, 1, 0), Berlin(2026, 12, 2, 0))] };

        var slots = SlotFinder.FreeSlots(rep, BookingPolicy.Default, MondayMorning, MondayMorning, businessDays: 2);

        Assert.Equal([new DateTime(2026, 11, 30)], slots.Select(s => Local(s.Start).Date).Distinct());
    }

    [Fact]
    public void A_booked_meeting_keeps_its_buffers_free()
    {
        var rep = Rep() with { Meetings = [new TimeRange(Berlin(2026, 11, 30, 10), Berlin(2026, 11, 30, 10, 30))] };

        var starts = LocalStarts(MondaySlots(rep));

        Assert.Contains("Mon 09:15", starts);   // ends 09:45, its buffer until 09:55
        Assert.DoesNotContain("Mon 09:30", starts);
        Assert.DoesNotContain("Mon 10:30", starts); // the meeting's buffer runs until 10:40
        Assert.Contains("Mon 10:45", starts);
    }

    [Fact]
    public void A_feed_busy_time_blocks_slots_whose_buffers_reach_it_and_touching_is_free_without_buffers()
    {
        var rep = Rep() with { Busy = [new TimeRange(Berlin(2026, 11, 30, 14), Berlin(2026, 11, 30, 15))] };

        var buffered = LocalStarts(MondaySlots(rep));
        Assert.Contains("Mon 13:15", buffered);
        Assert.DoesNotContain("Mon 13:30", buffered);
        Assert.DoesNotContain("Mon 15:00", buffered);
        Assert.Contains("Mon 15:15", buffered);

        var unbuffered = LocalStarts(MondaySlots(rep, BookingPolicy.Default with { BufferBefore = TimeSpan.Zero, BufferAfter = TimeSpan.Zero }));
        Assert.Contains("Mon 13:30", unbuffered);
        Assert.DoesNotContain("Mon 13:45", unbuffered);
        Assert.Contains("Mon 15:00", unbuffered);
    }

    [Fact]
    public void Uneven_buffers_keep_the_larger_one_between_two_booked_meetings_but_not_after_a_feed_event()
    {
        var policy = BookingPolicy.Default with { BufferBefore = TimeSpan.Zero, BufferAfter = TimeSpan.FromMinutes(30) };
        var meeting = new TimeRange(Berlin(2026, 11, 30, 10), Berlin(2026, 11, 30, 10, 30));

        var aroundMeeting = LocalStarts(MondaySlots(Rep() with { Meetings = [meeting] }, policy));
        Assert.Contains("Mon 09:00", aroundMeeting);
        Assert.DoesNotContain("Mon 09:15", aroundMeeting);
        Assert.DoesNotContain("Mon 10:45", aroundMeeting);
        Assert.Contains("Mon 11:00", aroundMeeting);

        var aroundFeedEvent = LocalStarts(MondaySlots(Rep() with { Busy = [meeting] }, policy));
        Assert.DoesNotContain("Mon 09:15", aroundFeedEvent);
        Assert.Contains("Mon 10:30", aroundFeedEvent);
    }

    [Fact]
    public void Slots_start_on_the_step_grid_of_the_local_clock()
    {
        var policy = BookingPolicy.Default with { Step = TimeSpan.FromMinutes(20), MinimumNotice = TimeSpan.Zero };
        var now = Berlin(2026, 11, 30, 9, 5);

        var slots = SlotFinder.FreeSlots(Rep(), policy, now, now, businessDays: 1);

        Assert.Equal(Berlin(2026, 11, 30, 9, 20), slots[0].Start);
        Assert.All(slots, s => Assert.Contains(Local(s.Start).Minute, new[] { 0, 20, 40 }));
    }

    [Fact]
    public void The_grid_follows_the_local_clock_in_a_half_hour_zone()
    {
        var calendar = new BusinessCalendar(new CalendarDefinition
        {
            Id = "kolkata",
            Name = "Kolkata",
            TimeZone = "Asia/Kolkata",
            Hours = [new WorkingHours(Weekdays, new TimeOnly(9, 0), new TimeOnly(12, 0))],
        });
        var policy = BookingPolicy.Default with { Step = TimeSpan.FromHours(1), MinimumNotice = TimeSpan.Zero };
        var from = new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);

        var slots = SlotFinder.FreeSlots(Rep(calendar), policy, from, from, businessDays: 1);

        // 09:00, 10:00, 11:00 IST (UTC+05:30).
        Assert.Equal(
            [new DateTimeOffset(2026, 11, 30, 3, 30, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 30, 4, 30, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 30, 5, 30, 0, TimeSpan.Zero)],
            slots.Select(s => s.Start));
    }

    [Fact]
    public void Several_reps_merge_in_start_order_and_ties_keep_the_given_rep_order()
    {
        var anna = Rep() with { Busy = [new TimeRange(Berlin(2026, 11, 30, 9), Berlin(2026, 11, 30, 12))] };
        var ben = Rep(id: Ben);

        var slots = SlotFinder.FreeSlots([ben, anna], BookingPolicy.Default, MondayMorning, MondayMorning, businessDays: 1);

        Assert.Equal(31 + 31 - 13, slots.Count);
        Assert.Equal(slots.OrderBy(s => s.Start).Select(s => s.Start), slots.Select(s => s.Start));
        Assert.Equal((Ben, Berlin(2026, 11, 30, 9)), (slots[0].RepId, slots[0].Start));
        var atNoonTen = slots.Where(s => s.Start == Berlin(2026, 11, 30, 12, 15)).Select(s => s.RepId);
        Assert.Equal([Ben, Anna], atNoonTen);
    }

    [Fact]
    public void A_calendar_without_working_time_offers_nothing()
    {
        var rep = Rep(new BusinessCalendar(Office().Definition with { Hours = [] }));

        Assert.Empty(SlotFinder.FreeSlots(rep, BookingPolicy.Default, MondayMorning, MondayMorning));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(BookingPolicy.MaxHorizonBusinessDays + 1)]
    public void A_horizon_outside_its_bounds_is_refused(int days) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SlotFinder.FreeSlots(Rep(), BookingPolicy.Default, MondayMorning, MondayMorning, days));
}
