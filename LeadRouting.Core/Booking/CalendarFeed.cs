using System.Runtime.Serialization;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Evaluation;
using LeadRouting.Core.Sla;

namespace LeadRouting.Core.Booking;

/// <summary>A calendar feed that could not be read, with what was wrong in words people can act on.</summary>
public sealed class CalendarFeedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The busy times of a feed within a window, and the events that could not be used (each named).</summary>
public sealed record FeedBusyTimes(IReadOnlyList<TimeRange> Busy, IReadOnlyList<string> Problems);

/// <summary>
/// A rep's calendar feed (the "secret address" ICS of Google Calendar or Outlook), read once and asked for busy times
/// per window (issue 20). Rules: an event is busy from its start to its end; recurring events (RRULE, RDATE, EXDATE,
/// and changed or cancelled instances sent as RECURRENCE-ID events) are expanded over the window only; TZID times are
/// read in their zone (IANA or Windows names, as iCal.NET resolves them; a VTIMEZONE block is not needed); all-day
/// events are busy the whole local day(s) in the rep's zone; floating times (no zone) are read in the rep's zone;
/// TRANSP:TRANSPARENT ("show as free") and STATUS:CANCELLED events are not busy; tentative ones are. An event whose
/// TZID nobody knows is read in the rep's zone and named in the problems; an event that cannot be evaluated is left out
/// and named. The text must be at most <see cref="MaxCharacters"/>: the caller that downloads a feed stops reading
/// after <see cref="MaxBytes"/> and reports it, and <see cref="Parse"/> refuses longer text in any case.
/// Thread-safe: evaluation is serialised on the instance.
/// </summary>
public sealed class CalendarFeed
{
    /// <summary>The largest feed accepted, in bytes as downloaded (5 MB: a busy rep's year is well under 1 MB).</summary>
    public const int MaxBytes = 5 * 1024 * 1024;

    /// <summary>The largest feed text accepted, in characters (as many as <see cref="MaxBytes"/> of ASCII).</summary>
    public const int MaxCharacters = MaxBytes;

    /// <summary>More instances than this of one event within one window means a runaway rule (FREQ=MINUTELY …).</summary>
    public const int MaxOccurrencesPerEvent = 5000;

    // A rule that matches nothing (BYMONTHDAY=30;BYMONTH=2) would otherwise be searched forever.
    private static readonly EvaluationOptions Evaluation = new() { MaxUnmatchedIncrementsLimit = 2000 };

    private readonly Calendar _calendar;
    private readonly List<string> _parseProblems;
    private readonly Lock _evaluating = new();

    private CalendarFeed(Calendar calendar, List<string> parseProblems)
    {
        _calendar = calendar;
        _parseProblems = parseProblems;
    }

    /// <summary>How many events (recurring ones counted once) the feed holds.</summary>
    public int EventCount => _calendar.Events.Count;

    /// <summary>Reads an ICS text; throws <see cref="CalendarFeedException"/> naming what is wrong when it is not a usable feed.</summary>
    public static CalendarFeed Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxCharacters)
        {
            throw new CalendarFeedException($"The feed is larger than {MaxBytes / (1024 * 1024)} MB ({text.Length} characters).");
        }

        var start = text.AsSpan().TrimStart("\uFEFF \t\r\n");
        if (!start.StartsWith("BEGIN:VCALENDAR", StringComparison.OrdinalIgnoreCase))
        {
            var looksLikeHtml = start.StartsWith("<", StringComparison.Ordinal);
            throw new CalendarFeedException(looksLikeHtml
                ? "The feed is a web page, not iCalendar text: check that the address is the calendar's secret iCal (ICS) address."
                : "The feed is not iCalendar text: it does not start with BEGIN:VCALENDAR.");
        }

        Calendar? calendar;
        try
        {
            calendar = Calendar.Load(text);
        }
        catch (Exception e) when (e is SerializationException or ArgumentException or FormatException or InvalidOperationException or OverflowException)
        {
            throw new CalendarFeedException($"The feed is not valid iCalendar: {e.Message}", e);
        }

        if (calendar is null)
        {
            throw new CalendarFeedException("The feed holds no VCALENDAR.");
        }

        var problems = new List<string>();
        foreach (var calendarEvent in calendar.Events)
        {
            if (calendarEvent.DtStart is null)
            {
                problems.Add($"Event {Name(calendarEvent)} has no readable DTSTART and is left out.");
                continue;
            }

            // Outlook writes made-up TZIDs now and then ("Customized Time Zone"): read such times as the rep's local
            // times (the likeliest meaning) rather than lose the event, and say so.
            if (!IsZoneKnown(calendarEvent.DtStart))
            {
                problems.Add(UnknownZone(calendarEvent, calendarEvent.DtStart));
                calendarEvent.DtStart = Floating(calendarEvent.DtStart);
                calendarEvent.DtEnd = calendarEvent.DtEnd is { } end && !IsZoneKnown(end) ? Floating(end) : calendarEvent.DtEnd;
            }

            if (calendarEvent.RecurrenceIdentifier is { } identifier && !IsZoneKnown(identifier.StartTime))
            {
                calendarEvent.RecurrenceIdentifier = new RecurrenceIdentifier(Floating(identifier.StartTime), identifier.Range);
            }
        }

        return new CalendarFeed(calendar, problems);
    }

    /// <summary><see cref="Parse"/> without the exception: false with <paramref name="error"/> naming what is wrong.</summary>
    public static bool TryParse(string text, out CalendarFeed? feed, out string? error)
    {
        try
        {
            feed = Parse(text);
            error = null;
            return true;
        }
        catch (CalendarFeedException e)
        {
            feed = null;
            error = e.Message;
            return false;
        }
    }

    /// <summary>
    /// The busy times overlapping [<paramref name="from"/>, <paramref name="to"/>), clipped to it, sorted and merged;
    /// floating and all-day times are read in <paramref name="repZone"/>.
    /// </summary>
    public FeedBusyTimes BusyBetween(DateTimeOffset from, DateTimeOffset to, TimeZoneInfo repZone)
    {
        ArgumentNullException.ThrowIfNull(repZone);
        var problems = new List<string>(_parseProblems);
        var busy = new List<TimeRange>();
        if (to <= from)
        {
            return new FeedBusyTimes(busy, problems);
        }

        lock (_evaluating)
        {
            // Floating and all-day times are compared by iCal.NET as if they were UTC: a day either side covers every zone.
            var evaluateFrom = new CalDateTime(from.UtcDateTime.AddDays(-1), CalDateTime.UtcTzId);
            var evaluateTo = new CalDateTime(to.UtcDateTime.AddDays(1), CalDateTime.UtcTzId);
            var overrides = Overrides(repZone, problems);
            foreach (var calendarEvent in _calendar.Events)
            {
                if (calendarEvent.DtStart is null || calendarEvent.RecurrenceIdentifier is not null)
                {
                    continue;
                }

                AddOccurrences(calendarEvent, overrides, evaluateFrom, evaluateTo, from, to, repZone, busy, problems);
            }

            foreach (var instance in overrides.Values.Where(IsBusy))
            {
                var start = Instant(instance.DtStart!, repZone, instance, problems);
                Clip(busy, start, EndOf(instance, start, repZone, problems), from, to);
            }
        }

        return new FeedBusyTimes(Merge(busy), problems);
    }

    private void AddOccurrences(
        CalendarEvent calendarEvent,
        Dictionary<(string Uid, DateTimeOffset RecurrenceId), CalendarEvent> overrides,
        CalDateTime evaluateFrom,
        CalDateTime evaluateTo,
        DateTimeOffset from,
        DateTimeOffset to,
        TimeZoneInfo repZone,
        List<TimeRange> busy,
        List<string> problems)
    {
        if (!IsBusy(calendarEvent))
        {
            return;
        }

        // Most events of a feed happen once: read them directly, which costs a small part of an evaluation.
        if (calendarEvent.RecurrenceRule is null && !calendarEvent.RecurrenceDates.GetAllDates().Any()
            && !calendarEvent.RecurrenceDates.GetAllPeriods().Any())
        {
            var start = Instant(calendarEvent.DtStart!, repZone, calendarEvent, problems);
            Clip(busy, start, EndOf(calendarEvent, start, repZone, problems), from, to);
            return;
        }

        try
        {
            var count = 0;
            foreach (var occurrence in calendarEvent.GetOccurrences(evaluateFrom, Evaluation).TakeWhileBefore(evaluateTo))
            {
                if (++count > MaxOccurrencesPerEvent)
                {
                    problems.Add($"Event {Name(calendarEvent)} repeats more than {MaxOccurrencesPerEvent} times in the window; the rest is left out.");
                    break;
                }

                var start = Instant(occurrence.Period.StartTime, repZone, calendarEvent, problems);
                if (calendarEvent.Uid is { } uid && overrides.ContainsKey((uid, start)))
                {
                    continue;
                }

                var end = occurrence.Period.EffectiveEndTime is { } effectiveEnd
                    ? Instant(effectiveEnd, repZone, calendarEvent, problems)
                    : start;
                Clip(busy, start, end, from, to);
            }
        }
        catch (Exception e) when (e is EvaluationException or ArgumentException or InvalidOperationException or OverflowException)
        {
            problems.Add($"Event {Name(calendarEvent)} could not be expanded and is left out: {e.Message}");
        }
    }

    /// <summary>Changed or cancelled instances of recurring events, by the event's UID and the instance they replace.</summary>
    private Dictionary<(string Uid, DateTimeOffset RecurrenceId), CalendarEvent> Overrides(TimeZoneInfo repZone, List<string> problems)
    {
        var overrides = new Dictionary<(string, DateTimeOffset), CalendarEvent>();
        foreach (var calendarEvent in _calendar.Events)
        {
            // RANGE=THISANDFUTURE is rare in feeds; such an instance replaces only its own occurrence here.
            if (calendarEvent is { RecurrenceIdentifier: { } identifier, Uid: { } uid, DtStart: not null })
            {
                overrides[(uid, Instant(identifier.StartTime, repZone, calendarEvent, problems))] = calendarEvent;
            }
        }

        return overrides;
    }

    private static bool IsBusy(CalendarEvent calendarEvent) =>
        !string.Equals(calendarEvent.Transparency, "TRANSPARENT", StringComparison.OrdinalIgnoreCase)
        && !string.Equals(calendarEvent.Status, "CANCELLED", StringComparison.OrdinalIgnoreCase);

    private static DateTimeOffset EndOf(CalendarEvent calendarEvent, DateTimeOffset start, TimeZoneInfo repZone, List<string> problems)
    {
        if (calendarEvent.DtEnd is { } end)
        {
            return Instant(end, repZone, calendarEvent, problems);
        }

        if (calendarEvent.Duration is { } duration)
        {
            return start + duration.ToTimeSpanUnspecified();
        }

        // RFC 5545 §3.6.1: without an end, a date event lasts the day, a date-time event is a point (not busy).
        return calendarEvent.DtStart is { HasTime: false } dateOnly
            ? repZone.InstantOf(dateOnly.Date.AddDays(1).ToDateTime(TimeOnly.MinValue))
            : start;
    }

    /// <summary>The instant of an iCalendar time: dates and floating times in the rep's zone, others in their own zone.</summary>
    private static DateTimeOffset Instant(CalDateTime time, TimeZoneInfo repZone, CalendarEvent source, List<string> problems)
    {
        if (!time.HasTime)
        {
            return repZone.InstantOf(time.Date.ToDateTime(TimeOnly.MinValue));
        }

        if (time.IsFloating)
        {
            return repZone.InstantOf(time.Value);
        }

        if (!IsZoneKnown(time))
        {
            if (!problems.Contains(UnknownZone(source, time)))
            {
                problems.Add(UnknownZone(source, time));
            }

            return repZone.InstantOf(time.Value);
        }

        return new DateTimeOffset(DateTime.SpecifyKind(time.AsUtc, DateTimeKind.Utc));
    }

    private static CalDateTime Floating(CalDateTime time) => new(time.Date, time.Time, tzId: null);

    private static string UnknownZone(CalendarEvent source, CalDateTime time) =>
        $"Event {Name(source)} uses the unknown time zone '{time.TzId}'; it is read in the rep's zone.";

    private static bool IsZoneKnown(CalDateTime time)
    {
        if (time.TzId is null || time.IsUtc || time.IsFloating)
        {
            return true;
        }

        try
        {
            _ = time.AsUtc;
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void Clip(List<TimeRange> busy, DateTimeOffset start, DateTimeOffset end, DateTimeOffset from, DateTimeOffset to)
    {
        var clippedStart = start > from ? start : from;
        var clippedEnd = end < to ? end : to;
        if (clippedEnd > clippedStart)
        {
            busy.Add(new TimeRange(clippedStart.ToUniversalTime(), clippedEnd.ToUniversalTime()));
        }
    }

    private static List<TimeRange> Merge(List<TimeRange> ranges)
    {
        ranges.Sort((a, b) => a.Start.CompareTo(b.Start));
        var merged = new List<TimeRange>(ranges.Count);
        foreach (var range in ranges)
        {
            if (merged.Count > 0 && range.Start <= merged[^1].End)
            {
                if (range.End > merged[^1].End)
                {
                    merged[^1] = merged[^1] with { End = range.End };
                }
            }
            else
            {
                merged.Add(range);
            }
        }

        return merged;
    }

    private static string Name(CalendarEvent calendarEvent) =>
        calendarEvent.Uid is { Length: > 0 } uid ? $"'{Shorten(uid)}'" : $"'{Shorten(calendarEvent.Summary ?? "(no UID)")}'";

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
