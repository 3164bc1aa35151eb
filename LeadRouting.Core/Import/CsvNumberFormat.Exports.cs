using System.Collections.Frozen;
using System.Globalization;
using System.Text.RegularExpressions;
using LeadRouting.Core.Leads;

namespace LeadRouting.Core.Import;

// The shapes CRM exports add to the plain rules of CsvNumberFormat.cs: amounts with a currency, employee counts as bands.
public sealed partial class CsvNumberFormat
{
    /// <summary>
    /// An amount with an optional currency before or after it (<c>EUR 1.054,00</c>, <c>$2,448</c>), or null with the
    /// reason in <paramref name="problem"/>; <paramref name="currency"/> is the ISO 4217 code found, or null when the
    /// cell has none.
    /// </summary>
    public decimal? ReadMoney(string text, out string? currency, out string? problem)
    {
        currency = null;
        var number = text.Trim();
        var before = Currencies.Before(number);
        if (before is not null)
        {
            number = number[before.Value.Length..].TrimStart();
        }

        var after = Currencies.After(number);
        if (after is not null)
        {
            number = number[..^after.Value.Length].TrimEnd();
        }

        if (before is not null && after is not null)
        {
            problem = $"'{Shorten(text)}' names a currency twice ({before.Value.Code} before and {after.Value.Code} after the number); write one.";
            return null;
        }

        if ((before ?? after) is null && Currencies.UnknownCode(number) is { } unknown)
        {
            problem = $"'{Shorten(text)}' has '{unknown}', which is not an ISO 4217 currency code (EUR, USD, GBP, CHF, …).";
            return null;
        }

        if (ReadDecimal(number, out problem) is not { } amount)
        {
            problem = problem?.Replace($"'{Shorten(number)}'", $"'{Shorten(text)}'", StringComparison.Ordinal);
            return null;
        }

        currency = (before ?? after)?.Code;
        return amount;
    }

    /// <summary>
    /// A count (employees) as CRM exports write it: a whole number, a band <c>1001-5000</c> read as its midpoint rounded
    /// down, or an open band <c>10,001+</c> read as its lower bound; or null with the reason in <paramref name="problem"/>.
    /// </summary>
    public CountReading? ReadCount(string text, out string? problem)
    {
        var trimmed = text.Trim();
        if (OpenBand().Match(trimmed) is { Success: true } open)
        {
            if (ReadBound(open.Groups["from"].Value, text, out problem) is not { } from)
            {
                return null;
            }

            return new CountReading(from, from, null);
        }

        if (Band().Match(trimmed) is { Success: true } band)
        {
            if (ReadBound(band.Groups["from"].Value, text, out problem) is not { } from
                || ReadBound(band.Groups["to"].Value, text, out problem) is not { } to)
            {
                return null;
            }

            if (from > to)
            {
                problem = $"'{Shorten(text)}' is a range whose start is above its end.";
                return null;
            }

            return new CountReading((int)(((long)from + to) / 2), from, to);
        }

        return ReadWhole(trimmed, out problem) is { } whole ? new CountReading(whole, null, null) : null;
    }

    private int? ReadBound(string bound, string text, out string? problem)
    {
        if (ReadWhole(bound, out problem) is not { } value)
        {
            problem = $"In the range '{Shorten(text)}': {problem}";
            return null;
        }

        if (value < 0)
        {
            problem = $"'{Shorten(text)}' is a range of counts, which cannot be negative.";
            return null;
        }

        return value;
    }

    [GeneratedRegex("^(?<from>[0-9][0-9.,' \u00A0\u202F’]*?)\\s*\\+$", RegexOptions.CultureInvariant)]
    private static partial Regex OpenBand();

    /// <summary>Currency marks before or after an exported amount; the ISO codes are the ones .NET's regions carry.</summary>
    private static class Currencies
    {
        // Longest first, so "US$" is not read as "$" after "US".
        private static readonly (string Symbol, string Code)[] Symbols =
            [("US$", "USD"), ("SFr.", "CHF"), ("Fr.", "CHF"), ("€", "EUR"), ("$", "USD"), ("£", "GBP"), ("¥", "JPY"), ("₹", "INR")];

        private static readonly FrozenSet<string> Codes = CultureInfo.GetCultures(CultureTypes.SpecificCultures)
            .Select(c => { try { return new RegionInfo(c.Name).ISOCurrencySymbol; } catch (ArgumentException) { return ""; } })
            .Where(code => code.Length == 3)
            .Concat(["EUR", "USD", "GBP", "CHF", "JPY"])
            .ToFrozenSet(StringComparer.OrdinalIgnoreCase);

        public static CurrencyMark? Before(string text)
        {
            foreach (var (symbol, code) in Symbols)
            {
                if (text.StartsWith(symbol, StringComparison.OrdinalIgnoreCase))
                {
                    return new CurrencyMark(text[..symbol.Length], code);
                }
            }

            if (text.Length > 3 && char.IsAsciiLetter(text[0]) && char.IsAsciiLetter(text[1]) && char.IsAsciiLetter(text[2]) && !char.IsLetter(text[3])
                && Codes.Contains(text[..3]))
            {
                return new CurrencyMark(text[..3], text[..3].ToUpperInvariant());
            }

            return null;
        }

        public static CurrencyMark? After(string text)
        {
            foreach (var (symbol, code) in Symbols)
            {
                if (text.EndsWith(symbol, StringComparison.OrdinalIgnoreCase) && text.Length > symbol.Length)
                {
                    return new CurrencyMark(text[^symbol.Length..], code);
                }
            }

            if (text.Length > 3 && char.IsAsciiLetter(text[^1]) && char.IsAsciiLetter(text[^2]) && char.IsAsciiLetter(text[^3]) && !char.IsLetter(text[^4])
                && Codes.Contains(text[^3..]))
            {
                return new CurrencyMark(text[^3..], text[^3..].ToUpperInvariant());
            }

            return null;
        }

        /// <summary>Three letters before or after a number that are no currency code ("XYZ 25"), to name them in the error.</summary>
        public static string? UnknownCode(string text) => CodeLike().Match(text) is { Success: true } match
            ? (match.Groups["before"].Success ? match.Groups["before"].Value : match.Groups["after"].Value)
            : null;
    }

    private readonly record struct CurrencyMark(string Text, string Code)
    {
        public int Length => Text.Length;
    }

    [GeneratedRegex("^(?:(?<before>[A-Za-z]{3})\\s*[0-9+-].*|.*[0-9]\\s*(?<after>[A-Za-z]{3}))$", RegexOptions.CultureInvariant)]
    private static partial Regex CodeLike();

    [GeneratedRegex("^(?<from>[0-9][0-9.,' \u00A0\u202F’]*?)\\s*[-–—]\\s*(?<to>[0-9][0-9.,' \u00A0\u202F’]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Band();
}

/// <summary>
/// A count read from an export (<see cref="CsvNumberFormat.ReadCount"/>): the value to store, and the band it came
/// from when the cell was a range — <see cref="From"/> and <see cref="To"/> for <c>1001-5000</c>, <see cref="From"/>
/// only for <c>10,001+</c>, neither for a plain number.
/// </summary>
public sealed record CountReading(int Value, int? From, int? To)
{
    public bool IsRange => From is not null;
}
