using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using LeadRouting.Core;
using LeadRouting.Core.Booking;
using LeadRouting.Core.Configuration;
using LeadRouting.Core.Sla;

namespace LeadRouting.Benchmarks;

/// <summary>
/// Free slots of one rep (issue 20: under 20 ms): 30 business days (six weeks) of a Mon–Fri 08:00–18:00 Berlin
/// calendar with holidays, 200 booked meetings, an absence, and a calendar feed of 300 events (270 single events,
/// 25 weekly series, 5 daily series with an exception date each). Three cases: the feed's busy times already read (what a
/// booking page does when the feed was read on its refresh schedule), the parsed feed expanded on each call, and the
/// feed text parsed and expanded on each call. Generated deterministically (seed 20).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class SlotFinderBenchmarks
{
    public const int BusinessDays = 30;
    public const int MeetingCount = 200;
    public const int FeedEventCount = 300;

    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    /// <summary>Monday 30 November 2026, 08:00 UTC.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    private readonly BookingPolicy _policy = BookingPolicy.Default with { HorizonBusinessDays = BusinessDays };
    private BusinessCalendar _calendar = null!;
    private RepAvailability _rep = null!;
    private string _feedText = "";
    private CalendarFeed _feed = null!;
    private DateTimeOffset _windowEnd;

    [GlobalSetup]
    public void Setup()
    {
        var weekdays = new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday };
        _calendar = new BusinessCalendar(new CalendarDefinition
        {
            Id = "berlin",
            Name = "Berlin",
            TimeZone = "Europe/Berlin",
            Hours = [new WorkingHours(weekdays, new TimeOnly(8, 0), new TimeOnly(18, 0))],
            Holidays = [new DateOnly(2026, 12, 24), new DateOnly(2026, 12, 25), new DateOnly(2026, 12, 31), new DateOnly(2027, 1, 1)],
        });
        _windowEnd = Now.AddDays(45);
        var random = new Random(20);
        var meetings = new List<TimeRange>();
        for (var i = 0; i < MeetingCount; i++)
        {
            var start = WorkingTime(random);
            meetings.Add(new TimeRange(start, start.AddMinutes(30)));
        }

        _feedText = FeedText(random);
        _feed = CalendarFeed.Parse(_feedText);
        _rep = new RepAvailability
        {
            RepId = new RepId("anna"),
            Calendar = _calendar,
            Meetings = meetings,
            OutOfOffice = [new TimeRange(Local(2026, 12, 14, 0), Local(2026, 12, 16, 0))],
            Busy = _feed.BusyBetween(Now, _windowEnd, Berlin).Busy,
        };
    }

    /// <summary>How many slots and busy ranges one call sees (printed by <c>--slots-check</c>-style callers and the docs).</summary>
    public string Describe() =>
        $"{SlotFinder.FreeSlots(_rep, _policy, Now, Now).Count} slots, {_rep.Busy.Count} merged feed busy ranges, {_rep.Meetings.Count} meetings, feed {_feedText.Length / 1024} KiB";

    [Benchmark(Baseline = true, Description = "slots, feed busy times already read")]
    public int FeedAlreadyRead() => SlotFinder.FreeSlots(_rep, _policy, Now, Now).Count;

    [Benchmark(Description = "slots + expanding the parsed feed")]
    public int ExpandingTheFeed() =>
        SlotFinder.FreeSlots(_rep with { Busy = _feed.BusyBetween(Now, _windowEnd, Berlin).Busy }, _policy, Now, Now).Count;

    [Benchmark(Description = "slots + parsing and expanding the feed")]
    public int ParsingTheFeed() =>
        SlotFinder.FreeSlots(_rep with { Busy = CalendarFeed.Parse(_feedText).BusyBetween(Now, _windowEnd, Berlin).Busy }, _policy, Now, Now).Count;

    private DateTimeOffset WorkingTime(Random random)
    {
        while (true)
        {
            var local = new DateTime(2026, 11, 30).AddDays(random.Next(0, 42)).AddHours(8).AddMinutes(15 * random.Next(0, 38));
            var instant = Berlin.InstantOf(local);
            if (_calendar.IsOpen(instant))
            {
                return instant;
            }
        }
    }

    private static DateTimeOffset Local(int year, int month, int day, int hour) => Berlin.InstantOf(new DateTime(year, month, day, hour, 0, 0));

    private string FeedText(Random random)
    {
        var text = new StringBuilder("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//LeadRouting//Benchmark//EN\r\n");
        for (var i = 0; i < FeedEventCount; i++)
        {
            var start = TimeZoneInfo.ConvertTime(WorkingTime(random), Berlin).DateTime;
            var (lines, length) = i switch
            {
                < 25 => ($"RRULE:FREQ=WEEKLY;BYDAY={start.DayOfWeek.ToString()[..2].ToUpperInvariant()}\r\n", 60),
                < 30 => ($"RRULE:FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR\r\nEXDATE;TZID=Europe/Berlin:{Stamp(start.AddDays(7))}\r\n", 15),
                _ => ("", 15 * random.Next(2, 9)),
            };
            if (i < 30)
            {
                start = start.AddDays(-60); // series that began before the window
            }

            text.Append(CultureInfo.InvariantCulture, $"BEGIN:VEVENT\r\nUID:event-{i}@benchmark\r\nDTSTAMP:20261101T000000Z\r\n")
                .Append(CultureInfo.InvariantCulture, $"DTSTART;TZID=Europe/Berlin:{Stamp(start)}\r\nDTEND;TZID=Europe/Berlin:{Stamp(start.AddMinutes(length))}\r\n")
                .Append(lines)
                .Append(CultureInfo.InvariantCulture, $"SUMMARY:Busy {i}\r\nEND:VEVENT\r\n");
        }

        return text.Append("END:VCALENDAR\r\n").ToString();
    }

    private static string Stamp(DateTime local) => local.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);
}
