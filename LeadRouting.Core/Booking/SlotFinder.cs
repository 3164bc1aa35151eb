using LeadRouting.Core.Sla;

namespace LeadRouting.Core.Booking;

/// <summary>What is known about one rep's time when slots are computed.</summary>
public sealed record RepAvailability
{
    public required RepId RepId { get; init; }

    /// <summary>The rep's working calendar (the rep's own, else the team's): hours in its time zone and holidays.</summary>
    public required BusinessCalendar Calendar { get; init; }

    /// <summary>Absences: busy like any other busy time.</summary>
    public IReadOnlyList<TimeRange> OutOfOffice { get; init; } = [];

    /// <summary>Meetings already booked through LeadRouting: each keeps the policy's buffers free around it too.</summary>
    public IReadOnlyList<TimeRange> Meetings { get; init; } = [];

    /// <summary>Busy times from the rep's calendar feed (see <see cref="CalendarFeed"/>).</summary>
    public IReadOnlyList<TimeRange> Busy { get; init; } = [];
}

/// <summary>
/// Free meeting slots of reps (issue 20), pure and deterministic: every input, <c>now</c> included, is passed in.
/// <para>
/// A slot is offered when (1) it lies wholly inside one working interval of the rep's calendar (two ranges of a split
/// day are two intervals; a range that ends at midnight runs on into one that starts there), (2) it starts on the
/// step grid of the rep's local clock, (3) it starts at or after both <c>from</c> and <c>now + MinimumNotice</c>,
/// (4) the slot widened by its buffers overlaps no busy time (absence, feed event or meeting), and (5) the slot
/// itself overlaps no booked meeting widened by that meeting's buffers. The buffers may reach outside working hours:
/// a 09:00 slot is offered in a day that opens at 09:00. Two booked meetings are thus at least the larger buffer apart;
/// a feed event and a meeting at least the meeting's buffer on that side. Intervals are half-open, so touching is free.
/// </para>
/// <para>
/// The search covers the first <c>businessDays</c> working days (days with hours that are not holidays) that still
/// have working time at or after the earliest allowed start. Working hours are turned into instants day by day in the
/// calendar's zone, which keeps a 09:00–17:00 day 09:00–17:00 local on the days DST changes.
/// </para>
/// <para>
/// Cost: busy times are turned once into sorted, merged ranges of forbidden start instants; the candidate starts are
/// then swept in order with one pointer, so the work is O(busy · log busy + candidates), not their product.
/// </para>
/// </summary>
public static class SlotFinder
{
    /// <summary>The free slots of one rep, in start order, all in UTC.</summary>
    /// <param name="rep">The rep's calendar and busy times.</param>
    /// <param name="policy">Duration, buffers, notice, step and (unless <paramref name="businessDays"/> is given) horizon.</param>
    /// <param name="from">No slot starts before this.</param>
    /// <param name="now">The current instant: no slot starts before <c>now + MinimumNotice</c>.</param>
    /// <param name="businessDays">Working days to cover; the policy's horizon when null (1 to <see cref="BookingPolicy.MaxHorizonBusinessDays"/>).</param>
    public static IReadOnlyList<Slot> FreeSlots(
        RepAvailability rep, BookingPolicy policy, DateTimeOffset from, DateTimeOffset now, int? businessDays = null)
    {
        ArgumentNullException.ThrowIfNull(rep);
        ArgumentNullException.ThrowIfNull(policy);
        var days = businessDays ?? policy.HorizonBusinessDays;
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1, nameof(businessDays));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(days, BookingPolicy.MaxHorizonBusinessDays, nameof(businessDays));
        if (policy.Duration <= TimeSpan.Zero || policy.Step <= TimeSpan.Zero)
        {
            throw new ArgumentException("The booking policy needs a positive duration and step.", nameof(policy));
        }

        var earliest = Max(from, now + policy.MinimumNotice);
        var forbidden = ForbiddenStarts(rep, policy);
        var zone = rep.Calendar.TimeZone;
        var slots = new List<Slot>();
        var next = 0;
        foreach (var (windowStart, windowEnd) in WorkingWindows(rep.Calendar, earliest, days))
        {
            var start = AlignUp(Max(windowStart, earliest), zone, policy.Step);
            while (start + policy.Duration <= windowEnd)
            {
                while (next < forbidden.Count && forbidden[next].To <= start)
                {
                    next++;
                }

                if (next == forbidden.Count || forbidden[next].From >= start)
                {
                    var utc = start.ToUniversalTime();
                    slots.Add(new Slot(utc, utc + policy.Duration, rep.RepId));
                }

                start = AlignUp(start + TimeSpan.FromTicks(1), zone, policy.Step);
            }
        }

        return slots;
    }

    /// <summary>
    /// The free slots of several reps merged in start order, each tagged with its rep (round-robin booking). Slots at the
    /// same start keep the order <paramref name="reps"/> were given in, so a caller that lists reps by preference (the
    /// fair-share ledger's order) finds the preferred rep's slot first.
    /// </summary>
    public static IReadOnlyList<Slot> FreeSlots(
        IEnumerable<RepAvailability> reps, BookingPolicy policy, DateTimeOffset from, DateTimeOffset now, int? businessDays = null)
    {
        ArgumentNullException.ThrowIfNull(reps);
        // OrderBy is stable: ties keep the reps' order.
        return [.. reps.SelectMany(r => FreeSlots(r, policy, from, now, businessDays)).OrderBy(s => s.Start)];
    }

    /// <summary>
    /// The open ranges (From, To) of start instants that would collide with busy time, sorted and merged. A start s is
    /// forbidden when From &lt; s &lt; To: the slot [s, s + D) widened by the buffers overlaps a busy range [x, y) exactly
    /// when s lies in (x − D − after, y + before), and it overlaps a meeting widened by its buffers exactly when s lies in
    /// (x − before − D, y + after).
    /// </summary>
    private static List<(DateTimeOffset From, DateTimeOffset To)> ForbiddenStarts(RepAvailability rep, BookingPolicy policy)
    {
        var duration = policy.Duration;
        var before = policy.BufferBefore;
        var after = policy.BufferAfter;
        var larger = before > after ? before : after;
        var ranges = new List<(DateTimeOffset From, DateTimeOffset To)>(
            rep.OutOfOffice.Count + rep.Busy.Count + rep.Meetings.Count);
        foreach (var busy in rep.OutOfOffice.Concat(rep.Busy))
        {
            if (busy.End > busy.Start)
            {
                ranges.Add((busy.Start - duration - after, busy.End + before));
            }
        }

        foreach (var meeting in rep.Meetings)
        {
            if (meeting.End > meeting.Start)
            {
                ranges.Add((meeting.Start - duration - larger, meeting.End + larger));
            }
        }

        ranges.Sort((a, b) => a.From.CompareTo(b.From));
        var merged = new List<(DateTimeOffset From, DateTimeOffset To)>(ranges.Count);
        foreach (var range in ranges)
        {
            // Open ranges that only touch leave their shared end point free, so they stay apart.
            if (merged.Count > 0 && range.From < merged[^1].To)
            {
                if (range.To > merged[^1].To)
                {
                    merged[^1] = (merged[^1].From, range.To);
                }
            }
            else
            {
                merged.Add(range);
            }
        }

        return merged;
    }

    /// <summary>
    /// The working intervals of the first <paramref name="days"/> working days that end after <paramref name="earliest"/>,
    /// with intervals that touch (a day open until midnight and the next from midnight) joined into one.
    /// </summary>
    private static List<(DateTimeOffset Start, DateTimeOffset End)> WorkingWindows(BusinessCalendar calendar, DateTimeOffset earliest, int days)
    {
        var windows = new List<(DateTimeOffset Start, DateTimeOffset End)>();
        var counted = 0;
        DateOnly? lastDate = null;
        foreach (var (start, end) in calendar.IntervalsFrom(earliest))
        {
            var date = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(start, calendar.TimeZone).DateTime);
            if (date != lastDate)
            {
                if (++counted > days)
                {
                    break;
                }

                lastDate = date;
            }

            if (windows.Count > 0 && windows[^1].End == start)
            {
                windows[^1] = (windows[^1].Start, end);
            }
            else
            {
                windows.Add((start, end));
            }
        }

        return windows;
    }

    /// <summary>
    /// The first instant at or after <paramref name="instant"/> whose local time in <paramref name="zone"/> is a multiple
    /// of <paramref name="step"/> since local midnight (midnight itself always is, whatever the step).
    /// </summary>
    internal static DateTimeOffset AlignUp(DateTimeOffset instant, TimeZoneInfo zone, TimeSpan step)
    {
        var candidate = instant;
        // An offset change between the instant and the grid point can leave it off the grid once; a few rounds settle it.
        for (var round = 0; round < 4; round++)
        {
            var timeOfDay = TimeZoneInfo.ConvertTime(candidate, zone).TimeOfDay;
            var remainder = timeOfDay.Ticks % step.Ticks;
            if (remainder == 0)
            {
                return candidate;
            }

            var gridTicks = timeOfDay.Ticks - remainder + step.Ticks;
            if (gridTicks > TimeSpan.TicksPerDay)
            {
                gridTicks = TimeSpan.TicksPerDay;
            }

            candidate += TimeSpan.FromTicks(gridTicks - timeOfDay.Ticks);
        }

        return candidate;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
