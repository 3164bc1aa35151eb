using System.Globalization;
using System.Text.RegularExpressions;
using LeadRouting.Core.Leads;

namespace LeadRouting.Core.Import;

/// <summary>
/// How the numbers of a CSV import are read (<c>employees</c>, <c>estimatedDealSize</c>). Spreadsheets write numbers
/// in their user's locale, and "1.000" is one thousand in Germany but one in the US: read the wrong way it is a silent
/// factor of 1,000. So:
/// <list type="bullet">
/// <item>Without a locale (the default) a number is read the invariant way, digits with an optional decimal point:
/// <c>25000</c>, <c>25000.50</c>, <c>1e3</c>. A value that could also be a thousands group — one separator followed
/// by exactly three digits, like <c>1.000</c> or <c>25,000</c> — is refused, as is any thousands separator or
/// decimal comma (<c>1,5</c>, <c>1.000.000</c>, <c>25.000,50</c>): the row's error names the column and the value and
/// says to send a locale.</item>
/// <item>With a locale (<c>?locale=de-DE</c>) every number is read in that locale's format and nothing else:
/// <c>1.000</c> and <c>25.000,50</c> for de-DE, <c>1,000</c> and <c>25,000.50</c> for en-US; groups must be of
/// three digits. For a locale whose thousands separator is a no-break space (fr-FR), a plain space is taken too.</item>
/// </list>
/// Employees are whole numbers: a decimal separator there is refused in either mode, never truncated.
/// <para>
/// CRM exports add two shapes, each read by its own method so the plain rules above stay as they are:
/// </para>
/// <list type="bullet">
/// <item><b>Amounts with a currency</b> (<see cref="ReadMoney"/>): a currency symbol or ISO 4217 code before or after
/// the number, with or without a space — <c>€ 25.000</c>, <c>25.000 €</c>, <c>$2,448</c>, <c>EUR 1.054,00</c>,
/// <c>USD 2,448.00</c>. The number is read by the rules above (so <c>€ 25.000</c> needs a locale too) and the currency
/// is reported as its ISO code: € is EUR, £ GBP, ¥ JPY, ₹ INR, and $ (and US$) is USD — a Canadian or Australian
/// dollar is written with its code (CAD, AUD). A currency on both sides, or a code ISO 4217 does not know, is
/// refused. Converting is the caller's business: this only says which currency the cell was in.</item>
/// <item><b>Employee counts as ranges</b> (<see cref="ReadCount"/>): HubSpot's and LinkedIn's size bands
/// <c>1001-5000</c>, <c>1.001–5.000</c> (en dash or em dash too), <c>501 - 1000</c>, and open bands <c>10,001+</c>.
/// A range reads as its midpoint rounded down ((1001 + 5000) / 2 = 3000), always inside the band, so a segment
/// boundary at a band's edge (1,000 or 5,000 employees) puts the company where the band says; an open band
/// <c>N+</c> reads as N, the one number it guarantees. The reading carries the band (<see cref="CountReading.From"/>,
/// <see cref="CountReading.To"/>), so the import can report "1001-5000 read as 3000". Each bound is read by the
/// rules above: <c>1.001–5.000</c> and <c>10,001+</c> need a locale, exactly like <c>1.000</c>.</item>
/// </list>
/// </summary>
public sealed partial class CsvNumberFormat
{
    /// <summary>The query parameter of <c>POST /api/leads/import</c> that names the locale.</summary>
    public const string LocaleParameter = "locale";

    private const string LocaleHint = "add ?locale=de-DE (1.000,50) or ?locale=en-US (1,000.50) to the import to say which";

    private readonly Regex? _localePattern;
    private readonly string? _group;
    private readonly string? _decimal;

    private CsvNumberFormat(CultureInfo? locale)
    {
        Locale = locale;
        if (locale is not null)
        {
            var format = locale.NumberFormat;
            _group = format.NumberGroupSeparator;
            _decimal = format.NumberDecimalSeparator;
            var groups = IsSpace(_group) ? "[ \u00A0\u202F]" : Regex.Escape(_group) + (_group == "’" ? "|'" : "");
            _localePattern = new Regex(
                $"^[+-]?(?:[0-9]{{1,3}}(?:(?:{groups})[0-9]{{3}})+|[0-9]+)(?:{Regex.Escape(_decimal)}[0-9]+)?$",
                RegexOptions.CultureInvariant);
        }
    }

    /// <summary>Numbers as digits with an optional decimal point; anything a locale could read two ways is refused.</summary>
    public static CsvNumberFormat Invariant { get; } = new(null);

    /// <summary>The locale numbers are read in, or null for the invariant format.</summary>
    public CultureInfo? Locale { get; }

    /// <summary>The format for the <c>locale</c> parameter (a culture name such as de-DE), or null with the reason.</summary>
    public static CsvNumberFormat? ForLocale(string? name, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(name))
        {
            return Invariant;
        }

        try
        {
            var culture = CultureInfo.GetCultureInfo(name.Trim(), predefinedOnly: true);
            if (culture.Equals(CultureInfo.InvariantCulture))
            {
                return Invariant;
            }

            return new CsvNumberFormat(culture);
        }
        catch (CultureNotFoundException)
        {
            problem = $"'{TextRules.Shorten(name)}' is not a known locale; give a culture name such as de-DE, en-US or fr-FR, or leave it out.";
            return null;
        }
    }

    /// <summary>A decimal number, or null with the reason in <paramref name="problem"/>.</summary>
    public decimal? ReadDecimal(string text, out string? problem)
    {
        problem = null;
        if (Locale is not null)
        {
            if (ReadLocal(text) is { } local)
            {
                return local;
            }

            problem = $"'{Shorten(text)}' is not a number in the {Locale.Name} format (e.g. {Example(Locale)}).";
            return null;
        }

        if (IsAmbiguous(text))
        {
            problem = $"'{Shorten(text)}' is ambiguous: the '{Separator(text)}' may be a thousands separator or a decimal point; " +
                $"write it without thousands separators with '.' as the decimal point (25000.50), or {LocaleHint}.";
            return null;
        }

        if (PlainNumber().IsMatch(text) && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        if (PlainNumber().IsMatch(text))
        {
            problem = $"Is out of range (got '{Shorten(text)}').";
        }
        else if (LocalLooking().IsMatch(text))
        {
            problem = $"'{Shorten(text)}' uses a thousands separator or a decimal comma, which this import does not guess; " +
                $"write it as digits with '.' as the decimal point (25000.50), or {LocaleHint}.";
        }
        else
        {
            problem = $"Must be a number such as 25000 or 12500.50 (got '{Shorten(text)}').";
        }

        return null;
    }

    /// <summary>A whole number (employees), or null with the reason in <paramref name="problem"/>.</summary>
    public int? ReadWhole(string text, out string? problem)
    {
        if (ReadDecimal(text, out problem) is not { } number)
        {
            if (problem is not null && problem.StartsWith("Must be a number", StringComparison.Ordinal))
            {
                problem = $"Must be a whole number (got '{Shorten(text)}').";
            }

            return null;
        }

        // "350.0" is a whole number, but a decimal separator in a count is more often a misread thousands separator.
        if (text.Contains(Locale is null ? "." : _decimal!, StringComparison.Ordinal) || number != decimal.Truncate(number))
        {
            problem = $"Must be a whole number without a decimal part (got '{Shorten(text)}').";
            return null;
        }

        if (number is < int.MinValue or > int.MaxValue)
        {
            problem = $"Is out of range (got '{Shorten(text)}').";
            return null;
        }

        return (int)number;
    }

    private decimal? ReadLocal(string text)
    {
        if (!_localePattern!.IsMatch(text))
        {
            return null;
        }

        var digits = text;
        foreach (var group in IsSpace(_group!) ? new[] { " ", "\u00A0", "\u202F" } : [_group!, "'"])
        {
            digits = digits.Replace(group, "", StringComparison.Ordinal);
        }

        digits = digits.Replace(_decimal!, ".", StringComparison.Ordinal);
        return decimal.TryParse(digits, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
            ? number
            : null;
    }

    /// <summary>One group of three digits after a '.' or ',' ("1.000", "25,000"): a decimal in one locale, a thousand in another.</summary>
    private static bool IsAmbiguous(string text) => OneGroup().IsMatch(text);

    private static char Separator(string text) => text.Contains('.', StringComparison.Ordinal) ? '.' : ',';

    private static bool IsSpace(string separator) => separator.Length == 1 && char.IsWhiteSpace(separator[0]);

    private static string Example(CultureInfo locale) => 25000.5m.ToString("N2", locale);

    private static string Shorten(string value) => TextRules.Shorten(value);

    [GeneratedRegex("^[+-]?[0-9]+(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainNumber();

    [GeneratedRegex("^[+-]?[1-9][0-9]{0,2}[.,][0-9]{3}$", RegexOptions.CultureInvariant)]
    private static partial Regex OneGroup();

    [GeneratedRegex("^[+-]?[0-9][0-9.,' \u00A0\u202F’]*[0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex LocalLooking();
}
