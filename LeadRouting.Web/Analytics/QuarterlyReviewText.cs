using Microsoft.Extensions.Localization;

namespace LeadRouting.Web.Analytics;

// First in the file: its resx (QuarterlyReviewText.de.resx) takes the name of the file's first type.
/// <summary>The words of the quarterly review for people (its header, levels and load flags); German in <c>QuarterlyReviewText.de.resx</c>.</summary>
public sealed class QuarterlyReviewText;

/// <summary>
/// How the quarterly review is written for a reader: the API's file is culture-free (<see cref="Invariant"/>: comma
/// separated, decimal point, the machine-readable header); a person's download follows their culture so a spreadsheet
/// opens it in columns (de-DE: semicolon separated with a decimal comma; en-GB/en-US: comma and point), with the header
/// and the level and load words in their language (<paramref name="Text"/>) and the period's dates in their zone.
/// </summary>
public sealed record ReviewCsvDialect(CultureInfo Culture, char Separator, IStringLocalizer<QuarterlyReviewText>? Text, TimeZoneInfo Zone)
{
    public static ReviewCsvDialect Invariant { get; } = new(CultureInfo.InvariantCulture, ',', null, TimeZoneInfo.Utc);

    /// <summary>
    /// The person's dialect: a culture whose decimal separator is a comma lists with semicolons (what Excel expects there).
    /// </summary>
    public static ReviewCsvDialect For(CultureInfo culture, IStringLocalizer<QuarterlyReviewText> text, TimeZoneInfo zone) =>
        new(culture, culture.NumberFormat.NumberDecimalSeparator == "," ? ';' : ',', text, zone);
}
