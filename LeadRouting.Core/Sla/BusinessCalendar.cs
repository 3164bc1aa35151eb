using System.Collections.Concurrent;
using LeadRouting.Core.Configuration;

namespace LeadRouting.Core.Sla;

/// <summary>
/// Business-time arithmetic over one working calendar. All instants are absolute (<see cref="DateTimeOffset"/>);
/// working hours are local to the calendar's time zone and turned into absolute intervals day by day, which is
/// what keeps the arithmetic right across DST changes (a 09:00–18:00 day stays nine hours, a 00:00–24:00 day
/// has 23 or 25). Local times that do not exist (spring forward) move forward; ambiguous ones (fall back)
/// take the earlier instant.
/// </summary>
public sealed class BusinessCalendar
{
    /// <summary>
    /// How far business-time arithmetic walks: searching further for working time means the calendar has none. The
    /// configuration validator refuses calendars and SLA durations that could need more.
    /// </summary>
    public const int MaxDaysToSearch = 3 * 366;

    /// <summary>Day intervals remembered per calendar; SLA arithmetic revisits the same few weeks all day long.</summary>
    private const int MaxCachedDays = 4096;

    private static readonly TimeSpan FullDay = TimeSpan.FromDays(1);

    // Turning local working hours into instants costs several time-zone rule lookups per day; the result of a
    // date never changes, so it is computed once. Cleared wholesale when full: a cache, not a source of truth.
    private readonly ConcurrentDictionary<int, (DateTimeOffset Start, DateTimeOffset End)[]> _dayCache = new();
    private readonly string _description;

    private readonly TimeSpan[][] _dayIntervals = new TimeSpan[7][];
    private readonly HashSet<DateOnly> _holidays;

    public BusinessCalendar(CalendarDefinition definition)
    {
        Definition = definition;
        TimeZone = TimeZoneInfo.FindSystemTimeZoneById(definition.TimeZone);
        _holidays = [.. definition.Holidays];
        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            _dayIntervals[(int)day] = MergedIntervals(definition.Hours.Where(h => h.Days.Contains(day)));
        }

        _description = string.Join(", ", definition.Hours.Select(DescribeHours)) + " " + definition.TimeZone;
        TraceLabel = $", calendar {definition.Name} ({_description})";
        OutsideHoursReason = $"outside working hours ({_description})";
    }

    /// <summary>How the SLA step of a trace names the calendar: ", calendar {name} ({description})" (written once).</summary>
    internal string TraceLabel { get; }

    /// <summary>Why a rep on this calendar is passed over outside working hours, as the trace says it (written once).</summary>
    public string OutsideHoursReason { get; }

    public CalendarDefinition Definition { get; }

    public string Id => Definition.Id;

    public TimeZoneInfo TimeZone { get; }

    /// <summary>True when <paramref name="instant"/> lies in working time (start inclusive, end exclusive).</summary>
    public bool IsOpen(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, TimeZone);
        var date = DateOnly.FromDateTime(local.DateTime);
        if (_holidays.Contains(date))
        {
            return false;
        }

        var intervals = _dayIntervals[(int)local.DayOfWeek];
        var time = local.TimeOfDay;
        for (var i = 0; i < intervals.Length; i += 2)
        {
            if (time >= intervals[i] && time < intervals[i + 1])
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="instant"/> lies in working time with the end of an interval counted in.</summary>
    public bool IsWithinHoursInclusive(DateTimeOffset instant)
    {
        foreach (var (start, end) in IntervalsFrom(instant.AddDays(-1)))
        {
            if (start > instant)
            {
                return false;
            }

            if (instant <= end)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The first moment at or after <paramref name="instant"/> that is working time.</summary>
    public DateTimeOffset NextOpen(DateTimeOffset instant)
    {
        foreach (var (start, _) in IntervalsFrom(instant))
        {
            return start;
        }

        throw NoWorkingTime();
    }

    /// <summary>Adds <paramref name="duration"/> of working time to <paramref name="start"/>.</summary>
    public DateTimeOffset Add(DateTimeOffset start, TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        return WorkingTimeInto(IntervalsFrom(start), duration, out _) ?? throw NoWorkingTime();
    }

    /// <summary>
    /// Moves <paramref name="days"/> working days forward, to the same point of the working day: a lead received
    /// two business hours into Monday is due two business hours into the fifth working day after.
    /// </summary>
    public DateTimeOffset AddBusinessDays(DateTimeOffset start, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var open = NextOpen(start);
        if (days == 0)
        {
            return open;
        }

        var localDate = LocalDate(open);
        var offsetIntoDay = WorkingTimeOnDayBefore(localDate, open);

        var date = localDate;
        for (var moved = 0; moved < days;)
        {
            date = date.AddDays(1);
            if (IsWorkingDay(date))
            {
                moved++;
            }

            if (date.DayNumber - localDate.DayNumber > MaxDaysToSearch)
            {
                throw NoWorkingTime();
            }
        }

        // A shorter working day than the one the lead arrived on ends the count at its close.
        return WorkingTimeInto(DayIntervals(date), offsetIntoDay, out var close) ?? close ?? open;
    }

    /// <summary>Working time between two instants (zero when <paramref name="to"/> is not after <paramref name="from"/>).</summary>
    public TimeSpan WorkingTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        var total = TimeSpan.Zero;
        if (to <= from)
        {
            return total;
        }

        foreach (var (start, end) in IntervalsFrom(from))
        {
            if (start >= to)
            {
                break;
            }

            total += (end < to ? end : to) - start;
        }

        return total;
    }

    /// <summary>
    /// The instant <paramref name="duration"/> of working time into <paramref name="intervals"/>; null when they hold
    /// less, with <paramref name="lastEnd"/> the end of the last interval (null when there was none).
    /// </summary>
    private static DateTimeOffset? WorkingTimeInto(
        IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> intervals, TimeSpan duration, out DateTimeOffset? lastEnd)
    {
        var remaining = duration;
        lastEnd = null;
        foreach (var (start, end) in intervals)
        {
            var length = end - start;
            if (remaining <= length)
            {
                return start + remaining;
            }

            remaining -= length;
            lastEnd = end;
        }

        return null;
    }

    /// <summary>Working intervals from <paramref name="instant"/> on, the first one clipped to start at it.</summary>
    public IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> IntervalsFrom(DateTimeOffset instant)
    {
        var firstDate = LocalDate(instant);
        for (var date = firstDate; date.DayNumber - firstDate.DayNumber <= MaxDaysToSearch; date = date.AddDays(1))
        {
            foreach (var (start, end) in DayIntervals(date))
            {
                if (end <= instant)
                {
                    continue;
                }

                yield return (start < instant ? instant : start, end);
            }
        }
    }

    public bool IsWorkingDay(DateOnly date) =>
        !_holidays.Contains(date) && _dayIntervals[(int)date.DayOfWeek].Length > 0;

    /// <summary>Describes the weekly hours for people, e.g. "Mon–Fri 09:00–18:00 Europe/Berlin".</summary>
    public string Describe() => _description;

    private (DateTimeOffset Start, DateTimeOffset End)[] DayIntervals(DateOnly date)
    {
        if (_dayCache.TryGetValue(date.DayNumber, out var cached))
        {
            return cached;
        }

        var computed = ComputeDayIntervals(date);
        if (_dayCache.Count >= MaxCachedDays)
        {
            _dayCache.Clear();
        }

        _dayCache[date.DayNumber] = computed;
        return computed;
    }

    private (DateTimeOffset Start, DateTimeOffset End)[] ComputeDayIntervals(DateOnly date)
    {
        if (_holidays.Contains(date))
        {
            return [];
        }

        var intervals = _dayIntervals[(int)date.DayOfWeek];
        var midnight = date.ToDateTime(TimeOnly.MinValue);
        var result = new List<(DateTimeOffset, DateTimeOffset)>(intervals.Length / 2);
        for (var i = 0; i < intervals.Length; i += 2)
        {
            var start = TimeZone.InstantOf(midnight + intervals[i]);
            var end = TimeZone.InstantOf(midnight + intervals[i + 1]);
            if (end > start)
            {
                result.Add((start, end));
            }
        }

        return [.. result];
    }

    private static string DescribeHours(WorkingHours hours) =>
        $"{DescribeDays(hours.Days)} {hours.Start.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture)}–" +
        (hours.End == TimeOnly.MinValue ? "24:00" : hours.End.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture));

    private TimeSpan WorkingTimeOnDayBefore(DateOnly date, DateTimeOffset instant)
    {
        var total = TimeSpan.Zero;
        foreach (var (start, end) in DayIntervals(date))
        {
            if (start >= instant)
            {
                break;
            }

            total += (end < instant ? end : instant) - start;
        }

        return total;
    }

    private DateOnly LocalDate(DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, TimeZone).DateTime);

    private static TimeSpan[] MergedIntervals(IEnumerable<WorkingHours> hours)
    {
        var raw = hours
            .Select(h => (Start: h.Start.ToTimeSpan(), End: h.End == TimeOnly.MinValue ? FullDay : h.End.ToTimeSpan()))
            .Where(h => h.End > h.Start)
            .OrderBy(h => h.Start)
            .ToList();
        var merged = new List<TimeSpan>();
        foreach (var (start, end) in raw)
        {
            if (merged.Count > 0 && start <= merged[^1])
            {
                merged[^1] = end > merged[^1] ? end : merged[^1];
            }
            else
            {
                merged.Add(start);
                merged.Add(end);
            }
        }

        return [.. merged];
    }

    private static string DescribeDays(IReadOnlyList<DayOfWeek> days)
    {
        var names = days.Select(d => d.ToString()[..3]).ToList();
        var ordered = days.Select(d => ((int)d + 6) % 7).Order().ToList();
        var contiguous = ordered.Count > 2 && ordered[^1] - ordered[0] == ordered.Count - 1;
        return contiguous
            ? $"{((DayOfWeek)((ordered[0] + 1) % 7)).ToString()[..3]}–{((DayOfWeek)((ordered[^1] + 1) % 7)).ToString()[..3]}"
            : string.Join("/", names);
    }

    private InvalidOperationException NoWorkingTime() =>
        new($"Calendar '{Definition.Id}' has no working time within {MaxDaysToSearch} days.");
}
