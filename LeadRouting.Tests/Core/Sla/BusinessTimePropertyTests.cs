using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LeadRouting.Core.Configuration;
using LeadRouting.Core.Sla;

namespace LeadRouting.Tests.Core.Sla;

/// <summary>Business-time addition over calendars in several zones, across two years of DST changes and holidays.</summary>
public class BusinessTimePropertyTests
{
    private static readonly BusinessCalendar[] Calendars =
    [
        new(TestData.Berlin),
        new(new CalendarDefinition
        {
            Id = "ny",
            Name = "New York",
            TimeZone = "America/New_York",
            Hours = [new WorkingHours([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday], new TimeOnly(8, 30), new TimeOnly(17, 30))],
            Holidays = [new DateOnly(2026, 12, 25), new DateOnly(2027, 1, 1), new DateOnly(2027, 7, 5)],
        }),
        new(new CalendarDefinition
        {
            Id = "split-sydney",
            Name = "Sydney split shift",
            TimeZone = "Australia/Sydney",
            Hours =
            [
                new WorkingHours([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday], new TimeOnly(8, 0), new TimeOnly(12, 0)),
                new WorkingHours([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday], new TimeOnly(13, 0), new TimeOnly(17, 0)),
                new WorkingHours([DayOfWeek.Saturday], new TimeOnly(10, 0), new TimeOnly(14, 0)),
            ],
        }),
        new(new CalendarDefinition
        {
            Id = "berlin-night",
            Name = "Berlin nights, every day",
            TimeZone = "Europe/Berlin",
            Hours = [new WorkingHours(Enum.GetValues<DayOfWeek>(), new TimeOnly(1, 0), new TimeOnly(4, 0)), new WorkingHours(Enum.GetValues<DayOfWeek>(), new TimeOnly(22, 0), TimeOnly.MinValue)],
        }),
    ];

    private static readonly DateTimeOffset Origin = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // Minutes over two years (covers four DST changes per zone), durations up to two weeks of business time.
    private static readonly Gen<(int Calendar, int Start, int Other, int Minutes, int MoreMinutes)> Cases =
        from calendar in Gen.Choose(0, Calendars.Length - 1)
        from start in Gen.Choose(0, 2 * 365 * 24 * 60)
        from other in Gen.Choose(0, 3 * 24 * 60)
        from minutes in Gen.Choose(0, 14 * 9 * 60)
        from more in Gen.Choose(0, 600)
        select (calendar, start, other, minutes, more);

    [Property(MaxTest = 3000)]
    public Property Adding_business_time_is_monotonic_exact_and_lands_in_business_hours() =>
        Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            var calendar = Calendars[c.Calendar];
            var start = Origin.AddMinutes(c.Start);
            var duration = TimeSpan.FromMinutes(c.Minutes);
            var due = calendar.Add(start, duration);

            Assert.True(due >= start);
            Assert.True(calendar.Add(start, duration + TimeSpan.FromMinutes(c.MoreMinutes)) >= due, "monotonic in the duration");
            Assert.True(calendar.Add(start.AddMinutes(c.Other), duration) >= due, "monotonic in the start");
            Assert.Equal(duration, calendar.WorkingTimeBetween(start, due));
            if (c.Minutes > 0)
            {
                Assert.True(calendar.IsWithinHoursInclusive(due), $"{due:O} is outside {calendar.Id}'s hours");
            }
        });

    [Property(MaxTest = 1000)]
    public Property Adding_business_days_is_monotonic_and_lands_in_business_hours() =>
        Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            var calendar = Calendars[c.Calendar];
            var start = Origin.AddMinutes(c.Start);
            var days = c.Minutes % 15;
            var due = calendar.AddBusinessDays(start, days);
            var context = $"{calendar.Id} from {start:O} + {days} days = {due:O}";
            Assert.True(due >= start, context);
            Assert.True(calendar.AddBusinessDays(start, days + 1) > due, $"one more day is later: {context}");
            Assert.True(calendar.AddBusinessDays(start.AddMinutes(c.Other), days) >= due, $"later start {start.AddMinutes(c.Other):O} is not earlier: {context}");
            Assert.True(calendar.IsWithinHoursInclusive(due), $"{due:O} is outside {calendar.Id}'s hours");
        });
}
