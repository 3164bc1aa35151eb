using LeadRouting.Core.Configuration;
using LeadRouting.Core.Sla;

namespace LeadRouting.Tests.Core.Sla;

public class BusinessCalendarTests
{
    private static readonly TimeZoneInfo BerlinZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private readonly BusinessCalendar _office = new(TestData.Berlin);

    private static DateTimeOffset Berlin(int year, int month, int day, int hour, int minute = 0)
    {
        var local = new DateTime(year, month, day, hour, minute, 0);
        return new DateTimeOffset(local, BerlinZone.GetUtcOffset(local));
    }

    private static BusinessCalendar BerlinAllDay() => new(new CalendarDefinition
    {
        Id = "berlin-24",
        Name = "Berlin around the clock",
        TimeZone = "Europe/Berlin",
        Hours = [new WorkingHours(Enum.GetValues<DayOfWeek>(), TimeOnly.MinValue, TimeOnly.MinValue)],
    });

    [Fact]
    public void Office_hours_across_spring_forward_weekend_keep_wall_clock_times()
    {
        // DST starts Sunday 28 March 2027. Friday 17:00 CET + 4 business hours = Monday 12:00 CEST.
        var due = _office.Add(Berlin(2027, 3, 26, 17), TimeSpan.FromHours(4));
        Assert.Equal(Berlin(2027, 3, 29, 12), due);
        Assert.Equal(TimeSpan.FromHours(2), BerlinZone.GetUtcOffset(due));
        Assert.Equal(10, due.UtcDateTime.Hour);
    }

    [Fact]
    public void Office_hours_across_fall_back_weekend_keep_wall_clock_times()
    {
        // DST ends Sunday 25 October 2026.
        Assert.Equal(Berlin(2026, 10, 26, 12), _office.Add(Berlin(2026, 10, 23, 17), TimeSpan.FromHours(4)));
    }

    [Fact]
    public void Around_the_clock_calendar_counts_the_short_dst_day_as_23_hours()
    {
        var calendar = BerlinAllDay();
        var start = Berlin(2027, 3, 27, 12);
        var due = calendar.Add(start, TimeSpan.FromHours(24));
        Assert.Equal(start.AddHours(24), due);
        Assert.Equal(13, TimeZoneInfo.ConvertTime(due, BerlinZone).Hour);
        Assert.Equal(TimeSpan.FromHours(23), calendar.WorkingTimeBetween(Berlin(2027, 3, 28, 0), Berlin(2027, 3, 29, 0)));
    }

    [Fact]
    public void Around_the_clock_calendar_counts_the_long_dst_day_as_25_hours() =>
        Assert.Equal(TimeSpan.FromHours(25), BerlinAllDay().WorkingTimeBetween(Berlin(2026, 10, 25, 0), Berlin(2026, 10, 26, 0)));

    [Fact]
    public void Hours_that_straddle_the_skipped_hour_are_shorter()
    {
        var night = new BusinessCalendar(TestData.Berlin with
        {
            Id = "night",
            Hours = [new WorkingHours([DayOfWeek.Sunday], new TimeOnly(1, 0), new TimeOnly(4, 0))],
            Holidays = [],
        });
        Assert.Equal(TimeSpan.FromHours(2), night.WorkingTimeBetween(Berlin(2027, 3, 28, 0), Berlin(2027, 3, 29, 0)));
        Assert.Equal(TimeSpan.FromHours(4), night.WorkingTimeBetween(Berlin(2026, 10, 25, 0), Berlin(2026, 10, 26, 0)));
    }

    [Theory]
    [InlineData(2026, 11, 30, 9, 0, true)]
    [InlineData(2026, 11, 30, 17, 59, true)]
    [InlineData(2026, 11, 30, 18, 0, false)]
    [InlineData(2026, 11, 30, 8, 59, false)]
    [InlineData(2026, 12, 5, 12, 0, false)]
    [InlineData(2026, 12, 25, 12, 0, false)]
    public void Is_open(int y, int m, int d, int h, int min, bool open) =>
        Assert.Equal(open, _office.IsOpen(Berlin(y, m, d, h, min)));

    [Fact]
    public void Next_open_skips_weekend_and_holidays()
    {
        Assert.Equal(Berlin(2026, 12, 7, 9), _office.NextOpen(Berlin(2026, 12, 4, 18, 30)));
        Assert.Equal(Berlin(2026, 12, 28, 9), _office.NextOpen(Berlin(2026, 12, 23, 18, 0)));
        Assert.Equal(Berlin(2026, 11, 30, 11), _office.NextOpen(Berlin(2026, 11, 30, 11)));
    }

    [Fact]
    public void Adding_from_outside_hours_starts_at_the_next_opening() =>
        Assert.Equal(Berlin(2026, 12, 1, 9, 15), _office.Add(Berlin(2026, 11, 30, 20), TimeSpan.FromMinutes(15)));

    [Fact]
    public void Working_time_between_counts_only_business_hours() =>
        Assert.Equal(TimeSpan.FromMinutes(5 + 10), _office.WorkingTimeBetween(Berlin(2026, 12, 4, 17, 55), Berlin(2026, 12, 7, 9, 10)));

    [Fact]
    public void Split_shifts_are_respected()
    {
        var split = new BusinessCalendar(TestData.Berlin with
        {
            Id = "split",
            Hours =
            [
                new WorkingHours([DayOfWeek.Monday], new TimeOnly(9, 0), new TimeOnly(12, 0)),
                new WorkingHours([DayOfWeek.Monday], new TimeOnly(13, 0), new TimeOnly(17, 0)),
            ],
        });
        Assert.Equal(Berlin(2026, 11, 30, 13, 30), split.Add(Berlin(2026, 11, 30, 11), TimeSpan.FromMinutes(90)));
        Assert.False(split.IsOpen(Berlin(2026, 11, 30, 12, 30)));
    }

    [Fact]
    public void Calendar_without_any_working_time_fails_loudly()
    {
        var closed = new BusinessCalendar(TestData.Berlin with { Id = "closed", Hours = [new WorkingHours([], new TimeOnly(9, 0), new TimeOnly(17, 0))] });
        Assert.Throws<InvalidOperationException>(() => closed.Add(Berlin(2026, 11, 30, 10), TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void Describe_reads_like_a_schedule() =>
        Assert.Equal("Mon–Fri 09:00–18:00 Europe/Berlin", _office.Describe());
}
