using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LeadRouting.Core;
using LeadRouting.Core.Booking;
using LeadRouting.Core.Configuration;
using LeadRouting.Core.Sla;

namespace LeadRouting.Tests.Core.Booking;

/// <summary>
/// Issue 20 "property": whatever the calendar (split days, around the clock, DST weeks), busy times, meetings, absences
/// and policy, every offered slot lies inside working hours, is on the grid, is at or after now + notice, keeps its
/// buffers clear of busy time and of booked meetings' buffers; and every grid time up to the last offered slot that meets
/// all of this is offered (checked by brute force over the grid).
/// </summary>
public sealed class SlotFinderPropertyTests
{
    private static readonly DayOfWeek[] Weekdays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    private static readonly BusinessCalendar[] Calendars =
    [
        SlotFinderTests.Office(),
        SlotFinderTests.Office(
            new WorkingHours(Weekdays, new TimeOnly(8, 30), new TimeOnly(12, 0)),
            new WorkingHours(Weekdays, new TimeOnly(13, 15), new TimeOnly(18, 0))),
        SlotFinderTests.Office(new WorkingHours(Enum.GetValues<DayOfWeek>(), TimeOnly.MinValue, TimeOnly.MinValue)),
        SlotFinderTests.Office(new WorkingHours(Enum.GetValues<DayOfWeek>(), new TimeOnly(1, 0), new TimeOnly(4, 0))),
    ];

    // A plain week, the spring-forward and the fall-back weekends, Christmas.
    private static readonly DateTimeOffset[] Starts =
    [
        SlotFinderTests.Berlin(2026, 11, 30, 6), SlotFinderTests.Berlin(2027, 3, 26, 15), SlotFinderTests.Berlin(2026, 10, 23, 18),
        SlotFinderTests.Berlin(2026, 12, 22, 12),
    ];

    private static readonly int[] StepMinutes = [5, 10, 15, 20, 30, 60];

    public sealed record Scenario(int Seed)
    {
        public override string ToString() => $"Scenario({Seed})";
    }

    private static Arbitrary<Scenario> Scenarios() => Gen.Choose(0, int.MaxValue - 1).Select(seed => new Scenario(seed)).ToArbitrary();

    [Property(MaxTest = 150)]
    public Property Every_slot_is_allowed_and_every_allowed_grid_time_is_a_slot() =>
        Prop.ForAll(Scenarios(), scenario =>
        {
            var random = new Random(scenario.Seed);
            var calendar = Calendars[random.Next(Calendars.Length)];
            var now = Starts[random.Next(Starts.Length)].AddMinutes(random.Next(0, 24 * 60));
            var from = random.Next(3) == 0 ? now.AddMinutes(random.Next(0, 3 * 24 * 60)) : now;
            var policy = new BookingPolicy
            {
                Duration = TimeSpan.FromMinutes(random.Next(1, 13) * 5),
                BufferBefore = TimeSpan.FromMinutes(random.Next(0, 7) * 5),
                BufferAfter = TimeSpan.FromMinutes(random.Next(0, 7) * 5),
                MinimumNotice = TimeSpan.FromMinutes(random.Next(0, 5) * 45),
                Step = TimeSpan.FromMinutes(StepMinutes[random.Next(StepMinutes.Length)]),
            };
            TimeRange RandomRange(int maxMinutes)
            {
                var start = now.AddMinutes(random.Next(-600, 6 * 24 * 60));
                return new TimeRange(start, start.AddMinutes(random.Next(1, maxMinutes)));
            }

            var rep = new RepAvailability
            {
                RepId = new RepId("r"),
                Calendar = calendar,
                Busy = [.. Enumerable.Range(0, random.Next(0, 25)).Select(_ => RandomRange(180))],
                Meetings = [.. Enumerable.Range(0, random.Next(0, 15)).Select(_ => RandomRange(90))],
                OutOfOffice = [.. Enumerable.Range(0, random.Next(0, 2)).Select(_ => RandomRange(2 * 24 * 60))],
            };
            var days = random.Next(1, 4);

            var slots = SlotFinder.FreeSlots(rep, policy, from, now, days);

            var earliest = from > now + policy.MinimumNotice ? from : now + policy.MinimumNotice;
            Assert.All(slots.Zip(slots.Skip(1)), pair => Assert.True(pair.First.Start < pair.Second.Start, $"{scenario}: not ordered"));
            foreach (var slot in slots)
            {
                Assert.True(slot.End - slot.Start == policy.Duration && slot.Start.Offset == TimeSpan.Zero, $"{scenario}: {slot}");
                Assert.True(Allowed(slot.Start, rep, policy, earliest), $"{scenario}: {slot} should not be offered");
            }

            if (slots.Count > 0)
            {
                var offered = slots.Select(s => s.Start).ToHashSet();
                for (var t = Ceiling(earliest); t <= slots[^1].Start; t = t.AddMinutes(5))
                {
                    if (Allowed(t, rep, policy, earliest) && !offered.Contains(t))
                    {
                        Assert.Fail($"{scenario}: {t:u} is free but not offered");
                    }
                }
            }
        });

    /// <summary>The rules of <see cref="SlotFinder"/>, checked one by one without any of its shortcuts.</summary>
    private static bool Allowed(DateTimeOffset start, RepAvailability rep, BookingPolicy policy, DateTimeOffset earliest)
    {
        var end = start + policy.Duration;
        var local = TimeZoneInfo.ConvertTime(start, rep.Calendar.TimeZone);
        if (start < earliest || local.TimeOfDay.Ticks % policy.Step.Ticks != 0
            || rep.Calendar.WorkingTimeBetween(start, end) != policy.Duration)
        {
            return false;
        }

        var buffered = new TimeRange(start - policy.BufferBefore, end + policy.BufferAfter);
        return !rep.Busy.Concat(rep.OutOfOffice).Concat(rep.Meetings).Any(b => b.End > b.Start && buffered.Overlaps(b))
            && !rep.Meetings.Any(m => m.End > m.Start
                && new TimeRange(start, end).Overlaps(new TimeRange(m.Start - policy.BufferBefore, m.End + policy.BufferAfter)));
    }

    private static DateTimeOffset Ceiling(DateTimeOffset instant)
    {
        var utc = instant.ToUniversalTime();
        var five = TimeSpan.FromMinutes(5).Ticks;
        var remainder = utc.Ticks % five;
        return remainder == 0 ? utc : utc.AddTicks(five - remainder);
    }
}
