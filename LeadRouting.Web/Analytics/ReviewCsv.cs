using System.Globalization;
using System.Text;

namespace LeadRouting.Web.Analytics;

/// <summary>
/// CSV as spreadsheets read it (RFC 4180: comma separated, CRLF, fields with a comma, quote or line break quoted, quotes
/// doubled) and safe to open in one: a cell starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return
/// would be taken for a formula (CSV injection), so it gets a leading <c>'</c>. Names come from the configuration, which
/// people type.
/// </summary>
public static class ReviewCsv
{
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];
    private static readonly char[] NeedsQuotes = [',', '"', '\r', '\n'];

    public static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (FormulaStarts.Contains(value[0]))
        {
            value = "'" + value;
        }

        return value.IndexOfAny(NeedsQuotes) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }

    public static string Write(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows)
    {
        var text = new StringBuilder();
        text.AppendJoin(',', header.Select(Cell)).Append("\r\n");
        foreach (var row in rows)
        {
            text.AppendJoin(',', row.Select(Cell)).Append("\r\n");
        }

        return text.ToString();
    }

    /// <summary>A number as the export writes it: invariant culture, at most one decimal; empty when unknown.</summary>
    public static string? Number(double? value) => value?.ToString("0.#", CultureInfo.InvariantCulture);

    public static string? Percent(double? share) => Number(share * 100);
}
