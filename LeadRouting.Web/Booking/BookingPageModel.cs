using System.Text.RegularExpressions;
using LeadRouting.Core.Booking;
using LeadRouting.Web.Api;

namespace LeadRouting.Web.Booking;

/// <summary>
/// One offered start on the booking page: the UTC instant, its form value, its local time as shown, and the rep it is with
/// (null when unknown); the button posts <see cref="FormValue"/>, start and rep, so the booking is with the rep shown.
/// </summary>
public sealed record BookingPageSlot(DateTimeOffset Start, string Value, string Time, string? RepId = null)
{
    /// <summary>The slot button's value: "start|repId" (the start alone when the rep is unknown).</summary>
    public string FormValue => RepId is null ? Value : $"{Value}|{RepId}";
}

/// <summary>The offered starts of one local date of the buyer, with the date's heading ("Dienstag, 1. Dezember").</summary>
public sealed record BookingPageDay(DateOnly Date, string Heading, IReadOnlyList<BookingPageSlot> Slots);

/// <summary>
/// What the booking page shows, computed without HTTP (issue 20, README "Booking: the page and how a website shows it"):
/// slots grouped by the buyer's local date in the buyer's zone, dates and times in the page's culture (de-DE
/// "Dienstag, 1. Dezember" / "09:00"; en-GB "Tuesday, 1 December" / "09:00"; en-US "Tuesday, December 1" / "9:00 AM"),
/// and the zone the page uses.
/// </summary>
public static partial class BookingPageModel
{
    /// <summary>The zone when neither the buyer's choice nor the rep's calendar names one.</summary>
    public const string FallbackZone = "Europe/Berlin";

    /// <summary>The starts grouped by the buyer's local date (in order), each with its local time.</summary>
    public static IReadOnlyList<BookingPageDay> Group(IEnumerable<DateTimeOffset> starts, TimeZoneInfo zone, CultureInfo culture) =>
        Group(starts.Select(start => (start, (string?)null)), zone, culture);

    /// <summary>The slots grouped by the buyer's local date, each with its rep.</summary>
    public static IReadOnlyList<BookingPageDay> Group(IEnumerable<Slot> slots, TimeZoneInfo zone, CultureInfo culture) =>
        Group(slots.Select(s => (s.Start, (string?)s.RepId.Value)), zone, culture);

    private static IReadOnlyList<BookingPageDay> Group(IEnumerable<(DateTimeOffset Start, string? RepId)> slots, TimeZoneInfo zone, CultureInfo culture) =>
    [
        .. slots.OrderBy(s => s.Start)
            .Select(s => (s.Start, s.RepId, Local: TimeZoneInfo.ConvertTime(s.Start, zone)))
            .GroupBy(s => DateOnly.FromDateTime(s.Local.DateTime))
            .Select(day => new BookingPageDay(
                day.Key,
                DayHeading(day.First().Local, culture),
                [.. day.Select(s => new BookingPageSlot(s.Start, Value(s.Start), Time(s.Local, culture), s.RepId))])),
    ];

    /// <summary>
    /// The start and rep a slot button posted: "start|repId" (<see cref="BookingPageSlot.FormValue"/>), or a start alone;
    /// null when the start is not an ISO-8601 instant or the rep part is empty.
    /// </summary>
    public static (DateTimeOffset Start, string? RepId)? ParseSlot(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var bar = value.IndexOf('|', StringComparison.Ordinal);
        var rep = bar < 0 ? null : value[(bar + 1)..];
        if (rep is { Length: 0 or > 100 } || BookingApi.ParseInstant(bar < 0 ? value : value[..bar]) is not { } start)
        {
            return null;
        }

        return (start, rep);
    }

    /// <summary>The date without the year, as the culture writes a long date: "Dienstag, 1. Dezember", "Tuesday, 1 December".</summary>
    public static string DayHeading(DateTimeOffset local, CultureInfo culture) =>
        local.ToString(WithoutYear(culture.DateTimeFormat.LongDatePattern), culture);

    /// <summary>The local time as the culture writes it: "09:00" (de-DE, en-GB), "9:00 AM" (en-US).</summary>
    public static string Time(DateTimeOffset local, CultureInfo culture) => local.ToString(culture.DateTimeFormat.ShortTimePattern, culture);

    /// <summary>A full date (with the year) and time in the zone: "Dienstag, 1. Dezember 2026, 09:00".</summary>
    public static (string Date, string Time) When(DateTimeOffset instant, TimeZoneInfo zone, CultureInfo culture)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        return (local.ToString(culture.DateTimeFormat.LongDatePattern, culture), Time(local, culture));
    }

    /// <summary>The value a slot button posts: the UTC start, ISO-8601 with <c>Z</c> (what <see cref="BookingApi.ParseInstant"/> reads).</summary>
    public static string Value(DateTimeOffset start) => start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// The zone the page uses: the buyer's choice when it is a zone this machine knows (<see cref="BookingApi.IsTimeZone"/>),
    /// else the rep's calendar zone, else <see cref="FallbackZone"/>.
    /// </summary>
    public static TimeZoneInfo Zone(string? chosen, TimeZoneInfo? repZone)
    {
        if (chosen is not null && BookingApi.IsTimeZone(chosen) && TimeZoneInfo.TryFindSystemTimeZoneById(chosen, out var zone))
        {
            return zone;
        }

        return repZone ?? TimeZoneInfo.FindSystemTimeZoneById(FallbackZone);
    }

    /// <summary>The IANA id of a zone (Windows ids are converted), as the select lists it.</summary>
    public static string IanaId(TimeZoneInfo zone) =>
        zone.HasIanaId ? zone.Id : TimeZoneInfo.TryConvertWindowsIdToIanaId(zone.Id, out var iana) ? iana : zone.Id;

    /// <summary>The zones the select offers: the region zones (Europe/Berlin, America/New_York, …) and UTC, sorted, plus <paramref name="current"/>.</summary>
    public static IReadOnlyList<string> Zones(string current)
    {
        var zones = new SortedSet<string>(StringComparer.Ordinal) { "UTC", current };
        foreach (var zone in TimeZoneInfo.GetSystemTimeZones())
        {
            var id = IanaId(zone);
            if (RegionZone().IsMatch(id))
            {
                zones.Add(id);
            }
        }

        return [.. zones];
    }

    [GeneratedRegex(@"^(Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific)/[A-Za-z_\-/]+$", RegexOptions.CultureInvariant)]
    private static partial Regex RegionZone();

    // "dddd, d. MMMM yyyy" → "dddd, d. MMMM"; "dddd, MMMM d, yyyy" → "dddd, MMMM d"; "dddd, d MMMM yyyy" → "dddd, d MMMM".
    private static string WithoutYear(string pattern) => YearPart().Replace(pattern, "").Trim(' ', ',', '.', '/', '-');

    [GeneratedRegex(@"[\s,./-]*y+[\s,./-]*", RegexOptions.CultureInvariant)]
    private static partial Regex YearPart();
}
