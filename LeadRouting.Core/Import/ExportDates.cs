using System.Globalization;
using System.Text.RegularExpressions;
using LeadRouting.Core.Leads;
using LeadRouting.Core.Sla;

namespace LeadRouting.Core.Import;

/// <summary>
/// Reads a date or date-time cell of a CRM export as an instant. Rules:
/// <list type="bullet">
/// <item><b>ISO 8601</b> is read in every mode: <c>2016-10-25</c>, <c>2016-10-25T09:30:00Z</c>,
/// <c>2016-10-25 09:30</c>, <c>2016-10-25T09:30:00+02:00</c>, and with a 12-hour clock as HubSpot writes it,
/// <c>2016-10-25 9:30 AM</c>. A date that starts with a four-digit year is always year-month-day, also with
/// <c>/</c> or <c>.</c> (<c>2016/10/25</c>, as ja-JP and zh-CN write it).</item>
/// <item><b>With a locale</b> the day, month and year are in that locale's order (from its short date pattern):
/// de-DE <c>20.10.2016</c>, <c>20.10.2016 09:30</c>, <c>20.10.16</c>; en-US <c>10/20/2016</c>,
/// <c>10/20/2016 9:30 AM</c>, <c>10/20/2016, 9:30 AM</c> (Salesforce's report export); en-GB <c>20/10/2016</c>,
/// <c>20/10/2016 17:30</c>. The separator may be <c>.</c>, <c>/</c> or <c>-</c>; a day or month may have one digit;
/// seconds and a 12-hour clock (AM/PM, a.m./p.m.) are accepted in every locale. A two-digit year is 2000–2099 (no
/// CRM export holds leads from the 1900s). A date that does not exist in the locale's order (<c>10/20/2016</c> read
/// as de-DE) is refused with the value and the order named.</item>
/// <item><b>Without a locale</b> a day-month date is read only when just one order gives a real date:
/// <c>10/20/2016</c> is 20 October (there is no month 20) and <c>20.10.2016</c> too; <c>05/05/2016</c> is the same
/// either way. <c>01/02/2016</c> — 1 February or 2 January — is refused with a message that says to pass a locale,
/// and so is any two-digit year (<c>01/02/03</c> has three readings).</item>
/// <item><b>Time zone.</b> A date without a time is the start of that local day in the team's time zone, so
/// <c>2017-06-23</c> in Europe/Berlin is 2017-06-22T22:00Z and is shown as 23 June there, never as the day before. A
/// date-time without an offset is local time in that zone; with an offset (<c>Z</c>, <c>+02:00</c>) it is that
/// instant. When clocks jump forward a local time in the gap does not exist: it is read as the clock would show it
/// after the jump (02:30 on the spring-forward night in Berlin is 03:30 CEST), as java.time and Noda Time's lenient
/// resolver do, and a day that starts in a gap starts when the gap ends. When clocks go back a local time in the
/// overlap happens twice: the earlier instant is taken (the first 02:30, still summer time).</item>
/// </list>
/// Every result is in UTC (offset zero).
/// </summary>
public sealed partial class ExportDates
{
    private const string Iso = "ISO 8601 (2016-10-25 or 2016-10-25T09:30:00Z)";

    private readonly DateOrder? _order;

    private ExportDates(CultureInfo? locale, TimeZoneInfo zone)
    {
        Locale = locale;
        Zone = zone;
        _order = locale is null ? null : OrderOf(locale);
    }

    /// <summary>The locale of the day-month order, or null when only unambiguous dates are read.</summary>
    public CultureInfo? Locale { get; }

    /// <summary>The zone a date or a date-time without an offset is local to: the team's zone.</summary>
    public TimeZoneInfo Zone { get; }

    /// <summary>Dates in <paramref name="locale"/>'s order (null: ISO and unambiguous dates only), local to <paramref name="zone"/>.</summary>
    public static ExportDates For(CultureInfo? locale, TimeZoneInfo zone) =>
        new(locale is null || locale.Equals(CultureInfo.InvariantCulture) ? null : locale, zone);

    /// <summary>The instant <paramref name="text"/> names, in UTC, or null with the reason in <paramref name="problem"/>.</summary>
    public DateTimeOffset? Read(string text, out string? problem)
    {
        problem = null;
        var trimmed = text.Trim();
        var match = IsoDate().Match(trimmed);
        var isIso = match.Success;
        if (!isIso)
        {
            match = DayMonthDate().Match(trimmed);
        }

        if (!match.Success)
        {
            problem = $"'{Shorten(text)}' is not a date: write {Iso}{(Locale is null ? ", or pass a locale for dates like 20.10.2016 or 10/20/2016" : $" or a {Locale.Name} date like {Example()}")}.";
            return null;
        }

        if (!Date(match, isIso, text, out problem, out var date))
        {
            return null;
        }

        if (!TimeOfDay(match, text, out problem, out var time))
        {
            return null;
        }

        var local = date.ToDateTime(time ?? TimeOnly.MinValue);
        if (match.Groups["offset"].Success)
        {
            return new DateTimeOffset(local, Offset(match.Groups["offset"].Value)).ToUniversalTime();
        }

        return Zone.InstantOf(local);
    }

    private bool Date(Match match, bool isIso, string text, out string? problem, out DateOnly date)
    {
        problem = null;
        date = default;
        if (isIso)
        {
            if (!TryDate(Number(match, "year"), Number(match, "month"), Number(match, "day"), out date))
            {
                problem = $"'{Shorten(text)}' is not a real date (year-month-day).";
                return false;
            }

            return true;
        }

        var first = Number(match, "leading");
        var second = Number(match, "middle");
        var yearText = match.Groups["year"].Value;
        var year = Number(match, "year");
        if (yearText.Length == 2)
        {
            if (_order is null)
            {
                problem = $"'{Shorten(text)}' has a two-digit year, so its day, month and year cannot be told apart; write {Iso}, " +
                    $"or pass a locale (de-DE reads 20.10.16, en-US 10/20/16).";
                return false;
            }

            year += 2000;
        }

        if (_order is { } order)
        {
            var (day, month) = order == DateOrder.DayMonth ? (first, second) : (second, first);
            if (!TryDate(year, month, day, out date))
            {
                problem = $"'{Shorten(text)}' is not a real date in the {Locale!.Name} order ({(order == DateOrder.DayMonth ? "day/month/year" : "month/day/year")}).";
                return false;
            }

            return true;
        }

        var dayFirst = TryDate(year, second, first, out var asDayMonth);
        var monthFirst = TryDate(year, first, second, out var asMonthDay);
        if (dayFirst && monthFirst && asDayMonth != asMonthDay)
        {
            problem = $"'{Shorten(text)}' could be {Spelled(asDayMonth)} or {Spelled(asMonthDay)}; pass a locale to say which " +
                $"(de-DE and en-GB read day/month, en-US month/day), or write {Iso}.";
            return false;
        }

        if (!dayFirst && !monthFirst)
        {
            problem = $"'{Shorten(text)}' is not a real date in either order (day/month or month/day).";
            return false;
        }

        date = dayFirst ? asDayMonth : asMonthDay;
        return true;
    }

    private static bool TimeOfDay(Match match, string text, out string? problem, out TimeOnly? time)
    {
        problem = null;
        time = null;
        if (!match.Groups["hour"].Success)
        {
            return true;
        }

        var hour = Number(match, "hour");
        var minute = Number(match, "minute");
        var second = match.Groups["second"].Success ? Number(match, "second") : 0;
        var fraction = match.Groups["fraction"].Success ? match.Groups["fraction"].Value.PadRight(7, '0')[..7] : "0";
        if (match.Groups["meridiem"].Success)
        {
            if (hour is < 1 or > 12)
            {
                problem = $"'{Shorten(text)}' has an hour of {hour} on a 12-hour clock (AM/PM), which runs from 1 to 12.";
                return false;
            }

            var pm = char.ToUpperInvariant(match.Groups["meridiem"].Value[0]) == 'P';
            hour = hour % 12 + (pm ? 12 : 0);
        }

        if (hour > 23 || minute > 59 || second > 59)
        {
            problem = $"'{Shorten(text)}' is not a real time of day.";
            return false;
        }

        time = new TimeOnly(hour, minute, second).Add(TimeSpan.FromTicks(long.Parse(fraction, CultureInfo.InvariantCulture)));
        return true;
    }

    private static string Spelled(DateOnly date) => date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    private static bool TryDate(int year, int month, int day, out DateOnly date)
    {
        date = default;

        // Years 1 and 9999 are left out so that no offset can move an instant outside what DateTimeOffset holds.
        if (year is < 2 or > 9998 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }

    private static TimeSpan Offset(string text)
    {
        if (text is "Z" or "z")
        {
            return TimeSpan.Zero;
        }

        var sign = text[0] == '-' ? -1 : 1;
        var digits = text[1..].Replace(":", "", StringComparison.Ordinal);
        return sign * new TimeSpan(int.Parse(digits[..2], CultureInfo.InvariantCulture), int.Parse(digits[2..], CultureInfo.InvariantCulture), 0);
    }

    private static int Number(Match match, string group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    private static DateOrder? OrderOf(CultureInfo locale)
    {
        var pattern = locale.DateTimeFormat.ShortDatePattern;
        var day = pattern.IndexOf('d', StringComparison.Ordinal);
        var month = pattern.IndexOf('M', StringComparison.Ordinal);
        var year = pattern.IndexOf('y', StringComparison.Ordinal);
        if (day < 0 || month < 0 || year < day && year < month)
        {
            // Year first (ja-JP, sv-SE, …): those locales write ISO-like dates, which are read in every mode.
            return null;
        }

        return day < month ? DateOrder.DayMonth : DateOrder.MonthDay;
    }

    private string Example() => _order == DateOrder.MonthDay ? "10/20/2016 9:30 AM" : "20.10.2016 09:30";

    private static string Shorten(string value) => TextRules.Shorten(value);

    private const string Time =
        @"(?:(?:[T ]|,\s*|\s+)(?<hour>[0-9]{1,2}):(?<minute>[0-9]{2})(?::(?<second>[0-9]{2})(?:[.,](?<fraction>[0-9]{1,7}))?)?" +
        @"(?:\s*(?<meridiem>[AaPp]\.?[Mm]\.?))?(?:\s*(?<offset>[Zz]|[+-][0-9]{2}:?[0-9]{2}))?)?";

    [GeneratedRegex("^(?<year>[0-9]{4})(?<isoSeparator>[-/.])(?<month>[0-9]{1,2})\\k<isoSeparator>(?<day>[0-9]{1,2})" + Time + "$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"^(?<leading>[0-9]{1,2})(?<separator>[./-])(?<middle>[0-9]{1,2})\k<separator>(?<year>[0-9]{4}|[0-9]{2})" + Time + "$", RegexOptions.CultureInvariant)]
    private static partial Regex DayMonthDate();

    private enum DateOrder
    {
        DayMonth,
        MonthDay,
    }
}
