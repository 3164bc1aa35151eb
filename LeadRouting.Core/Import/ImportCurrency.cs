using System.Globalization;
using LeadRouting.Core.Configuration;
using LeadRouting.Core.Leads;

namespace LeadRouting.Core.Import;

/// <summary>
/// Which currency an import's deal values are in, and how they become amounts in the organisation's currency
/// (<see cref="RoutingPolicy.Currency"/>), the only currency a lead's <c>estimatedDealSize</c> and the tier bounds know.
/// A file's values are in the organisation's currency unless the import states another one with its rate
/// (<c>?currency=USD&amp;rate=0.92</c>: 1 USD = 0.92 EUR); a value in the stated currency is multiplied by the rate and
/// rounded to the cent. A value is never stored in a currency it is not in:
/// <list type="bullet">
/// <item>a row whose currency column (<see cref="ImportTargets.Currency"/>) names a third currency is refused under
/// <c>currency</c> (a Salesforce multi-currency export mixes EUR, USD and GBP rows);</item>
/// <item>a currency mark in the value (<c>$</c>, <c>€</c>, <c>£</c>, <c>USD</c>) that contradicts the row's currency
/// column, or — without one — the declared currency, is refused under <c>estimatedDealSize</c>.</item>
/// </list>
/// </summary>
public sealed record ImportCurrency
{
    /// <summary>The query parameter (and profile field) naming the currency the file's values are in.</summary>
    public const string CurrencyParameter = "currency";

    /// <summary>The query parameter (and profile field) giving how many units of the organisation's currency one unit of it is worth.</summary>
    public const string RateParameter = "rate";

    /// <summary>No plausible exchange rate is beyond this (1 EUR is some 27,000 VND); a larger one is a typo.</summary>
    public const decimal MaxRate = 1_000_000m;

    /// <summary>The organisation's currency: what every stored amount is in.</summary>
    public required string Organisation { get; init; }

    /// <summary>The currency the import states its values are in, when it is not the organisation's; null otherwise.</summary>
    public string? Stated { get; init; }

    /// <summary>1 <see cref="Stated"/> = <see cref="Rate"/> <see cref="Organisation"/>; 1 when nothing is converted.</summary>
    public decimal Rate { get; init; } = 1m;

    /// <summary>The currency a value without a mark or a currency column is in.</summary>
    public string Declared => Stated ?? Organisation;

    /// <summary>The file's values are in the organisation's currency: nothing is converted.</summary>
    public static ImportCurrency None(string organisation) => new() { Organisation = organisation };

    /// <summary>
    /// The currency of an import from its <c>currency</c> and <c>rate</c> options (blank: not given), or null with the
    /// option at fault in <paramref name="field"/> and why in <paramref name="problem"/>: a rate without a currency, a
    /// currency ISO 4217 does not know, a rate that is missing (for a currency other than the organisation's), not a
    /// number, zero, negative or beyond <see cref="MaxRate"/>, or a rate other than 1 for the organisation's own currency.
    /// </summary>
    public static ImportCurrency? Parse(string? currency, string? rate, string organisation, out string? field, out string? problem)
    {
        field = null;
        problem = null;
        var code = currency?.Trim().ToUpperInvariant();
        var rateText = rate?.Trim();
        if (string.IsNullOrEmpty(code))
        {
            if (string.IsNullOrEmpty(rateText))
            {
                return None(organisation);
            }

            field = CurrencyParameter;
            problem = $"A rate needs the currency it converts from, e.g. ?{CurrencyParameter}=USD&{RateParameter}=0.92 (1 USD = 0.92 {organisation}).";
            return null;
        }

        if (CurrencyCodes.Problem(code) is { } codeProblem)
        {
            field = CurrencyParameter;
            problem = codeProblem;
            return null;
        }

        if (string.IsNullOrEmpty(rateText))
        {
            if (code == organisation)
            {
                return None(organisation);
            }

            field = RateParameter;
            problem = $"Required with {CurrencyParameter}={code}: how many {organisation} one {code} is worth, e.g. {RateParameter}=0.92 (1 {code} = 0.92 {organisation}).";
            return null;
        }

        if (!decimal.TryParse(rateText, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            field = RateParameter;
            problem = $"'{TextRules.Shorten(rateText)}' is not a number; write the rate with '.' as the decimal point, e.g. {RateParameter}=0.92 (1 {code} = 0.92 {organisation}).";
            return null;
        }

        if (value <= 0)
        {
            field = RateParameter;
            problem = $"Must be greater than 0 (got {rateText}): 1 {code} is worth a positive amount of {organisation}.";
            return null;
        }

        if (value > MaxRate)
        {
            field = RateParameter;
            problem = $"Is implausibly large (got {rateText}); 1 {code} = {RateParameter} {organisation}.";
            return null;
        }

        if (code == organisation)
        {
            if (value != 1m)
            {
                field = RateParameter;
                problem = $"{code} is the organisation's currency, so its rate is 1 (got {rateText}); leave {CurrencyParameter} and {RateParameter} out.";
                return null;
            }

            return None(organisation);
        }

        return new ImportCurrency { Organisation = organisation, Stated = code, Rate = value };
    }

    /// <summary>A currency column's cell as an ISO 4217 code (upper-cased), or null with the reason.</summary>
    public static string? ReadCode(string text, out string? problem)
    {
        var code = text.Trim().ToUpperInvariant();
        problem = CurrencyCodes.Problem(code);
        return problem is null ? code : null;
    }

    /// <summary>
    /// The amount in the organisation's currency of a value read as <paramref name="amount"/>, with the currency mark
    /// <paramref name="mark"/> the cell carried (null: none) and the row's currency column <paramref name="rowCurrency"/>
    /// (null: none, or the file has no such column); or null with the field at fault in <paramref name="field"/>
    /// (<c>estimatedDealSize</c> or <c>currency</c>) and why in <paramref name="problem"/>. <paramref name="converted"/>
    /// says whether the rate was applied.
    /// </summary>
    public decimal? ToOrganisation(decimal amount, string? mark, string? rowCurrency, out string? field, out string? problem, out bool converted)
    {
        field = null;
        problem = null;
        converted = false;
        var dealSize = LeadFields.EstimatedDealSize.Name;
        if (mark is not null && rowCurrency is not null && mark != rowCurrency)
        {
            field = dealSize;
            problem = $"The value is marked {mark}, but the row's currency is {rowCurrency}; a value is never stored in a currency it is not in.";
            return null;
        }

        if (mark is not null && rowCurrency is null && mark != Declared)
        {
            field = dealSize;
            problem = Stated is null
                ? $"The value is marked {mark}, but this import's values are in {Organisation} (the organisation's currency); " +
                    $"to convert {mark} values, import with ?{CurrencyParameter}={mark}&{RateParameter}=<{Organisation} per {mark}>."
                : $"The value is marked {mark}, but this import's values are declared to be in {Stated}; " +
                    $"import {mark} values separately (?{CurrencyParameter}={mark}&{RateParameter}=…).";
            return null;
        }

        var currency = rowCurrency ?? mark ?? Declared;
        if (currency == Organisation)
        {
            return amount;
        }

        if (currency == Stated)
        {
            converted = true;
            return decimal.Round(amount * Rate, 2, MidpointRounding.AwayFromZero);
        }

        field = CurrencyParameter;
        problem = Stated is null
            ? $"The row is in {currency}, but this import takes {Organisation} (the organisation's currency) only; " +
                $"to convert {currency} values, import them with ?{CurrencyParameter}={currency}&{RateParameter}=<{Organisation} per {currency}>."
            : $"The row is in {currency}, but this import takes {Organisation} (the organisation's currency) and {Stated} at {Rate.ToString(CultureInfo.InvariantCulture)}; " +
                $"import the {currency} rows separately with their own rate.";
        return null;
    }
}
