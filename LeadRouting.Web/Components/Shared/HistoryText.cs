using System.Text.RegularExpressions;
using LeadRouting.Web.Localization;

namespace LeadRouting.Web.Components.Shared;

/// <summary>
/// A line of a lead's history as the person reads it. The services store each audit event's detail as an English
/// sentence with its instants as "2026-11-30 15:15 UTC" (the API answers it as stored); the lead page and the board
/// show those instants in the person's zone and format ("today, 16:15"), in English and German alike, and the
/// sentence in the person's language through <see cref="TraceText"/>'s table (section "The lead's history").
/// </summary>
public static partial class HistoryText
{
    public static string Of(string detail, PersonFormat format)
    {
        ArgumentNullException.ThrowIfNull(format);
        return TraceText.Of(InLocalTime(detail, format), format.Culture);
    }

    /// <summary>The German line, or null when no pattern knows it (tests); instants as in <see cref="Of"/>.</summary>
    public static string? German(string detail, PersonFormat format) => TraceText.German(InLocalTime(detail, format));

    private static string InLocalTime(string detail, PersonFormat format)
    {
        ArgumentNullException.ThrowIfNull(detail);
        return UtcStamp().Replace(detail, stamp => format.DateTime(DateTimeOffset.ParseExact(
            stamp.Groups["stamp"].Value, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)));
    }

    [GeneratedRegex(@"(?<stamp>\d{4}-\d{2}-\d{2} \d{2}:\d{2}) UTC", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex UtcStamp();
}
