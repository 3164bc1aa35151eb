using System.Text;

namespace LeadRouting.Web.Analytics;

/// <summary>
/// CSV as spreadsheets read it (RFC 4180: comma separated, CRLF, fields with a comma, quote or line break quoted, quotes
/// doubled) and safe to open in one: a cell a spreadsheet would take for a formula (CSV injection) gets a leading
/// <c>'</c>. That is a cell starting with a tab or a carriage return, and a cell whose first visible character is
/// <c>=</c>, <c>+</c>, <c>-</c> or <c>@</c>, also after leading spaces (spreadsheets trim them before they look) and in
/// its full-width or small form (<c>＝</c>, <c>＋</c>, <c>－</c>, <c>＠</c>, <c>﹦</c>…), which East Asian input methods
/// type and spreadsheets read as the ASCII character. Names come from the configuration, which people type.
/// </summary>
public static class ReviewCsv
{
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@'];
    private static readonly char[] ControlStarts = ['\t', '\r'];
    private static readonly char[] NeedsQuotes = [',', ';', '"', '\r', '\n'];

    public static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (ControlStarts.Contains(value[0]) || StartsLikeAFormula(value))
        {
            value = "'" + value;
        }

        return value.IndexOfAny(NeedsQuotes) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }

    /// <summary>
    /// The first character that is neither white space (spaces, tabs, line breaks, no-break and ideographic spaces) nor
    /// an invisible format character (zero-width space, byte-order mark), compatibility-normalised (NFKC maps <c>＝</c>
    /// and <c>﹦</c> to <c>=</c>), is a formula character.
    /// </summary>
    private static bool StartsLikeAFormula(string value)
    {
        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c) || char.GetUnicodeCategory(c) == UnicodeCategory.Format)
            {
                continue;
            }

            if (FormulaStarts.Contains(c))
            {
                return true;
            }

            // Only non-ASCII characters can normalise to something else; a surrogate alone does not normalise.
            return c > '\u007F' && !char.IsSurrogate(c) && c.ToString().Normalize(NormalizationForm.FormKC) is [var normal] && FormulaStarts.Contains(normal);
        }

        return false;
    }

    public static string Write(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows, char separator = ',')
    {
        var text = new StringBuilder();
        text.AppendJoin(separator, header.Select(Cell)).Append("\r\n");
        foreach (var row in rows)
        {
            text.AppendJoin(separator, row.Select(Cell)).Append("\r\n");
        }

        return text.ToString();
    }

    /// <summary>A number as the export writes it: at most one decimal, in the culture's notation (invariant by default); empty when unknown.</summary>
    public static string? Number(double? value, CultureInfo? culture = null) => value?.ToString("0.#", culture ?? CultureInfo.InvariantCulture);

    public static string? Percent(double? share, CultureInfo? culture = null) => Number(share * 100, culture);
}
