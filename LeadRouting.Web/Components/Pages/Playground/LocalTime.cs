using LeadRouting.Web.Localization;

namespace LeadRouting.Web.Components.Pages.Playground;

/// <summary>
/// Converts between instants and the wall-clock text of an HTML <c>datetime-local</c> input in a chosen time zone,
/// so the playground can say "Friday 17:55 in Berlin" whatever the server's own zone is.
/// </summary>
public static class LocalTime
{
    private const string InputFormat = "yyyy-MM-dd'T'HH:mm";
    private static readonly string[] InputFormats = [InputFormat, "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF"];

    public static string ToInput(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString(InputFormat, CultureInfo.InvariantCulture);

    /// <summary>
    /// Reads <paramref name="text"/> as a wall-clock time in <paramref name="zone"/>. A time skipped by a DST change
    /// moves forward by the gap; an ambiguous one takes the earlier instant (the same rules as business calendars).
    /// </summary>
    public static bool TryParse(string? text, TimeZoneInfo zone, out DateTimeOffset instant)
    {
        instant = default;
        if (string.IsNullOrWhiteSpace(text) ||
            !DateTime.TryParseExact(text.Trim(), InputFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return false;
        }

        instant = FromWallClock(local, zone);
        return true;
    }

    /// <summary>
    /// Reads a form's wall-clock field like <see cref="TryParse"/>; when it does not parse, the field gets the one message
    /// the playground gives a bad time and the answer is null.
    /// </summary>
    public static DateTimeOffset? Read(string? text, TimeZoneInfo zone, string field, FieldErrors errors)
    {
        if (TryParse(text, zone, out var instant))
        {
            return instant;
        }

        errors.Add(field, "Enter a date and time.");
        return null;
    }

    /// <summary>The instant a wall-clock time in <paramref name="zone"/> stands for (DST rules as in <see cref="TryParse"/>).</summary>
    public static DateTimeOffset FromWallClock(DateTime wallClock, TimeZoneInfo zone)
    {
        var local = DateTime.SpecifyKind(wallClock, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            local = local.AddHours(1);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }

    /// <summary>
    /// "Mon 30 Nov 2026, 10:15" / "Mo. 30. Nov. 2026, 10:15" in <paramref name="format"/>'s zone and culture: with the
    /// weekday, as the playground's times decide on working days and hours.
    /// </summary>
    public static string Format(DateTimeOffset instant, PersonFormat format)
    {
        var day = format.Culture.DateTimeFormat.GetAbbreviatedDayName(format.Local(instant).DayOfWeek);

        // German abbreviates with a full stop ("Mo."), as the trace's times do; .NET's short day names have none.
        var stop = format.Culture.TwoLetterISOLanguageName == "de" && !day.EndsWith('.') ? "." : "";
        return $"{day}{stop} {format.Date(instant)}, {format.Time(instant)}";
    }

    /// <summary>"15 min", "4 h 10 min", "3 d 2 h": how long <paramref name="span"/> lasts, rounded for reading.</summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            return "-" + Duration(span.Negate());
        }

        var minutes = (long)Math.Round(span.TotalMinutes);
        var days = minutes / (24 * 60);
        var hours = minutes / 60 % 24;
        var rest = minutes % 60;
        return (days, hours, rest) switch
        {
            (0, 0, var m) => $"{m} min",
            (0, var h, 0) => $"{h} h",
            (0, var h, var m) => $"{h} h {m} min",
            (var d, 0, _) => $"{d} d",
            (var d, var h, _) => $"{d} d {h} h",
        };
    }
}
