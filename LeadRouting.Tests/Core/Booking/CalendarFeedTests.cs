using LeadRouting.Core.Booking;

namespace LeadRouting.Tests.Core.Booking;

/// <summary>Issue 20: a rep's ICS feed read into busy times within a window (rules in <see cref="CalendarFeed"/>).</summary>
public sealed class CalendarFeedTests
{
    private static readonly TimeZoneInfo Berlin = SlotFinderTests.BerlinZone;

    // Monday 30 November to Monday 14 December 2026.
    private static readonly DateTimeOffset From = new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset To = new(2026, 12, 14, 0, 0, 0, TimeSpan.Zero);

    private static string Feed(params string[] events) =>
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Tests//Feed//EN\r\n" + string.Concat(events) + "END:VCALENDAR\r\n";

    private static string Event(string uid, params string[] lines) =>
        $"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20261101T000000Z\r\n" + string.Concat(lines.Select(l => l + "\r\n")) + "END:VEVENT\r\n";

    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) =>
        new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    private static FeedBusyTimes Busy(string text, DateTimeOffset? from = null, DateTimeOffset? to = null) =>
        CalendarFeed.Parse(text).BusyBetween(from ?? From, to ?? To, Berlin);

    [Fact]
    public void A_weekly_event_is_expanded_over_the_window_only_without_its_exception_dates()
    {
        var text = Feed(Event("weekly",
            "DTSTART;TZID=Europe/Berlin:20260105T100000",
            "DTEND;TZID=Europe/Berlin:20260105T110000",
            "RRULE:FREQ=WEEKLY;BYDAY=MO",
            "EXDATE;TZID=Europe/Berlin:20261207T100000"));

        var busy = Busy(text);

        Assert.Equal([new TimeRange(Utc(11, 30, 9), Utc(11, 30, 10))], busy.Busy);
        Assert.Empty(busy.Problems);
    }

    [Fact]
    public void Changed_and_cancelled_instances_of_a_recurring_event_replace_their_occurrence()
    {
        var text = Feed(
            Event("daily", "DTSTART;TZID=Europe/Berlin:20261130T100000", "DTEND;TZID=Europe/Berlin:20261130T103000", "RRULE:FREQ=DAILY;COUNT=3"),
            Event("daily", "RECURRENCE-ID;TZID=Europe/Berlin:20261201T100000", "DTSTART;TZID=Europe/Berlin:20261201T150000", "DTEND;TZID=Europe/Berlin:20261201T153000"),
            Event("daily", "RECURRENCE-ID;TZID=Europe/Berlin:20261202T100000", "DTSTART;TZID=Europe/Berlin:20261202T100000", "DTEND;TZID=Europe/Berlin:20261202T103000", "STATUS:CANCELLED"));

        Assert.Equal([new TimeRange(Utc(11, 30, 9), Utc(11, 30, 9, 30)), new TimeRange(Utc(12, 1, 14), Utc(12, 1, 14, 30))], Busy(text).Busy);
    }

    [Fact]
    public void Zoned_times_are_read_in_their_zone_with_windows_names_and_vtimezone()
    {
        var text = Feed(
            "BEGIN:VTIMEZONE\r\nTZID:W. Europe Standard Time\r\nBEGIN:STANDARD\r\nDTSTART:16010101T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\n" +
            "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\nEND:STANDARD\r\nBEGIN:DAYLIGHT\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:+0100\r\n" +
            "TZOFFSETTO:+0200\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n",
            Event("outlook", "DTSTART;TZID=W. Europe Standard Time:20261201T090000", "DTEND;TZID=W. Europe Standard Time:20261201T100000"),
            Event("new-york", "DTSTART;TZID=America/New_York:20261202T090000", "DTEND;TZID=America/New_York:20261202T100000"),
            Event("utc", "DTSTART:20261203T090000Z", "DURATION:PT45M"));

        Assert.Equal(
            [new TimeRange(Utc(12, 1, 8), Utc(12, 1, 9)), new TimeRange(Utc(12, 2, 14), Utc(12, 2, 15)), new TimeRange(Utc(12, 3, 9), Utc(12, 3, 9, 45))],
            Busy(text).Busy);
    }

    [Fact]
    public void All_day_events_are_busy_the_whole_local_days_and_floating_times_are_read_in_the_rep_zone()
    {
        var text = Feed(
            Event("holiday", "DTSTART;VALUE=DATE:20261201", "DTEND;VALUE=DATE:20261203"),
            Event("one-day", "DTSTART;VALUE=DATE:20261208"),
            Event("floating", "DTSTART:20261210T120000", "DTEND:20261210T130000"));

        Assert.Equal(
            [
                new TimeRange(Utc(11, 30, 23), Utc(12, 2, 23)),
                new TimeRange(Utc(12, 7, 23), Utc(12, 8, 23)),
                new TimeRange(Utc(12, 10, 11), Utc(12, 10, 12)),
            ],
            Busy(text).Busy);
    }

    [Fact]
    public void Free_and_cancelled_events_are_not_busy_and_tentative_ones_are()
    {
        var text = Feed(
            Event("free", "DTSTART:20261201T090000Z", "DTEND:20261201T100000Z", "TRANSP:TRANSPARENT"),
            Event("cancelled", "DTSTART:20261202T090000Z", "DTEND:20261202T100000Z", "STATUS:CANCELLED"),
            Event("tentative", "DTSTART:20261203T090000Z", "DTEND:20261203T100000Z", "STATUS:TENTATIVE"),
            Event("point", "DTSTART:20261204T090000Z"));

        Assert.Equal([new TimeRange(Utc(12, 3, 9), Utc(12, 3, 10))], Busy(text).Busy);
    }

    [Fact]
    public void Events_reaching_over_the_window_edges_are_clipped_and_overlapping_ones_merged()
    {
        var text = Feed(
            Event("long", "DTSTART:20261129T120000Z", "DTEND:20261130T100000Z"),
            Event("a", "DTSTART:20261201T090000Z", "DTEND:20261201T110000Z"),
            Event("b", "DTSTART:20261201T100000Z", "DTEND:20261201T120000Z"),
            Event("later", "DTSTART:20261220T090000Z", "DTEND:20261220T100000Z"));

        Assert.Equal([new TimeRange(From, Utc(11, 30, 10)), new TimeRange(Utc(12, 1, 9), Utc(12, 1, 12))], Busy(text).Busy);
    }

    [Fact]
    public void An_unknown_time_zone_is_read_in_the_rep_zone_and_named()
    {
        var text = Feed(Event("custom", "DTSTART;TZID=Customized Time Zone:20261201T090000", "DTEND;TZID=Customized Time Zone:20261201T100000"));

        var busy = Busy(text);

        Assert.Equal([new TimeRange(Utc(12, 1, 8), Utc(12, 1, 9))], busy.Busy);
        Assert.Contains(busy.Problems, p => p.Contains("'custom'", StringComparison.Ordinal) && p.Contains("Customized Time Zone", StringComparison.Ordinal));
    }

    [Fact]
    public void A_runaway_rule_is_cut_off_and_named()
    {
        var text = Feed(Event("every-minute", "DTSTART:20261130T000000Z", "DURATION:PT1M", "RRULE:FREQ=MINUTELY"));

        var busy = Busy(text);

        Assert.Contains(busy.Problems, p => p.Contains("'every-minute' repeats more than", StringComparison.Ordinal));
        Assert.NotEmpty(busy.Busy);
    }

    [Theory]
    [InlineData("<!DOCTYPE html><html><body>Sign in</body></html>", "web page")]
    [InlineData("just some text", "does not start with BEGIN:VCALENDAR")]
    [InlineData("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\n", "not valid iCalendar")]
    [InlineData("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:20261201T090000Z\r\nRRULE:FREQ=SOMETIMES\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", "SOMETIMES")]
    public void Bad_input_is_refused_with_what_was_wrong(string text, string expected)
    {
        var error = Assert.Throws<CalendarFeedException>(() => CalendarFeed.Parse(text));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);

        Assert.False(CalendarFeed.TryParse(text, out var feed, out var message));
        Assert.Null(feed);
        Assert.Equal(error.Message, message);
    }

    [Fact]
    public void A_feed_over_the_size_limit_is_refused()
    {
        var text = Feed(Event("big", "DTSTART:20261201T090000Z", "DTEND:20261201T100000Z", "DESCRIPTION:" + new string('x', CalendarFeed.MaxCharacters)));

        var error = Assert.Throws<CalendarFeedException>(() => CalendarFeed.Parse(text));

        Assert.Contains("larger than 5 MB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_event_without_a_readable_start_is_left_out_and_named()
    {
        var text = Feed(Event("broken", "DTSTART:tomorrow", "DTEND:20261201T100000Z"), Event("fine", "DTSTART:20261201T090000Z", "DTEND:20261201T100000Z"));

        var busy = Busy(text);

        Assert.Equal([new TimeRange(Utc(12, 1, 9), Utc(12, 1, 10))], busy.Busy);
        Assert.Contains(busy.Problems, p => p.Contains("'broken'", StringComparison.Ordinal));
    }
}
