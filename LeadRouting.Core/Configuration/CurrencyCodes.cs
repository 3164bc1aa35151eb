using System.Collections.Frozen;
using System.Globalization;

namespace LeadRouting.Core.Configuration;

/// <summary>
/// The organisation's currency (<see cref="RoutingPolicy.Currency"/>): an ISO 4217 code, EUR unless configured. Deal
/// sizes and tier bounds are amounts in it; the app shows money as "25,000 EUR" — the code, not a symbol, because "$"
/// is a dozen currencies.
/// </summary>
public static class CurrencyCodes
{
    public const string Default = "EUR";

    // The codes .NET's regions carry (every current national currency), plus the ones a region list may lack.
    private static readonly FrozenSet<string> Known = CultureInfo.GetCultures(CultureTypes.SpecificCultures)
        .Select(c =>
        {
            try
            {
                return new RegionInfo(c.Name).ISOCurrencySymbol;
            }
            catch (ArgumentException)
            {
                return "";
            }
        })
        .Where(code => code.Length == 3 && code.All(char.IsAsciiLetterUpper))
        .Concat(["EUR", "USD", "GBP", "CHF", "JPY", "CAD", "AUD", "SEK", "NOK", "DKK", "PLN", "CZK", "INR", "CNY", "BRL"])
        .ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Why <paramref name="code"/> is not a currency the organisation can use, or null when it is.</summary>
    public static string? Problem(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return "Required: an ISO 4217 currency code such as EUR, USD or GBP.";
        }

        return Known.Contains(code)
            ? null
            : $"'{Leads.TextRules.Shorten(code)}' is not an ISO 4217 currency code; write three capital letters such as EUR, USD, GBP or CHF.";
    }

    /// <summary>"25,000 EUR": whole units, grouped the invariant way like every amount in traces.</summary>
    public static string Format(decimal amount, string currency) =>
        amount.ToString("N0", CultureInfo.InvariantCulture) + " " + currency;
}
