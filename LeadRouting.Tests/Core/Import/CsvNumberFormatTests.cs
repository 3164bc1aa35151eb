using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LeadRouting.Core.Import;

namespace LeadRouting.Tests.Core.Import;

/// <summary>Numbers as exported: the plain rules, amounts with a currency, and employee bands.</summary>
public sealed class CsvNumberFormatTests
{
    private static CsvNumberFormat Format(string? locale) => CsvNumberFormat.ForLocale(locale, out _)!;

    [Theory]
    [InlineData(null, "25000", 25000)]
    [InlineData(null, "25000.50", 25000.5)]
    [InlineData("de-DE", "1.000", 1000)]
    [InlineData("de-DE", "1.054,00", 1054)]
    [InlineData("en-US", "2,448", 2448)]
    [InlineData("en-US", "25,000.50", 25000.5)]
    public void A_number_reads_by_the_locale(string? locale, string text, double expected)
    {
        Assert.Equal((decimal)expected, Format(locale).ReadDecimal(text, out var problem));
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("1.000")]
    [InlineData("25,000")]
    public void Without_a_locale_a_number_that_could_be_a_thousands_group_is_refused(string text)
    {
        Assert.Null(CsvNumberFormat.Invariant.ReadDecimal(text, out var problem));
        Assert.StartsWith($"'{text}' is ambiguous", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("de-DE", "€ 25.000", 25000, "EUR")]
    [InlineData("de-DE", "25.000 €", 25000, "EUR")]
    [InlineData("de-DE", "25.000€", 25000, "EUR")]
    [InlineData("en-US", "$2,448", 2448, "USD")]
    [InlineData("de-DE", "EUR 1.054,00", 1054, "EUR")]
    [InlineData("en-US", "USD 2,448.00", 2448, "USD")]
    [InlineData("en-US", "2,448.00 USD", 2448, "USD")]
    [InlineData("en-US", "£1,200", 1200, "GBP")]
    [InlineData("de-CH", "CHF 1’200.50", 1200.5, "CHF")]
    [InlineData(null, "eur 2500", 2500, "EUR")]
    [InlineData(null, "2500", 2500, null)]
    public void An_amount_with_a_currency_before_or_after_reads_the_number_and_reports_the_currency(string? locale, string text, double expected, string? currency)
    {
        Assert.Equal((decimal)expected, Format(locale).ReadMoney(text, out var found, out var problem));
        Assert.Equal(currency, found);
        Assert.Null(problem);
    }

    [Theory]
    [InlineData(null, "€ 25.000", "'€ 25.000' is ambiguous")]
    [InlineData("de-DE", "EUR 25.000 €", "'EUR 25.000 €' names a currency twice (EUR before and EUR after the number)")]
    [InlineData("de-DE", "XYZ 25", "'XYZ 25' has 'XYZ', which is not an ISO 4217 currency code")]
    [InlineData("de-DE", "€ viel", "'€ viel' is not a number in the de-DE format")]
    public void An_amount_that_cannot_be_read_is_refused_naming_the_value(string? locale, string text, string message)
    {
        Assert.Null(Format(locale).ReadMoney(text, out var currency, out var problem));
        Assert.Null(currency);
        Assert.StartsWith(message, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "350", 350, null, null)]
    [InlineData(null, "1001-5000", 3000, 1001, 5000)]
    [InlineData(null, "501 - 1000", 750, 501, 1000)]
    [InlineData(null, "1-10", 5, 1, 10)]
    [InlineData(null, "5000+", 5000, 5000, null)]
    [InlineData("de-DE", "1.001–5.000", 3000, 1001, 5000)]
    [InlineData("de-DE", "1.001 — 5.000", 3000, 1001, 5000)]
    [InlineData("en-US", "10,001+", 10001, 10001, null)]
    [InlineData("en-US", "1,001-5,000", 3000, 1001, 5000)]
    public void An_employee_count_or_band_reads_as_the_band_midpoint_rounded_down_or_the_open_bands_start(
        string? locale, string text, int value, int? from, int? to)
    {
        Assert.Equal(new CountReading(value, from, to), Format(locale).ReadCount(text, out var problem));
        Assert.Null(problem);
    }

    [Theory]
    [InlineData(null, "1.001–5.000", "In the range '1.001–5.000': '1.001' is ambiguous")]
    [InlineData(null, "10,001+", "In the range '10,001+': '10,001' is ambiguous")]
    [InlineData(null, "1.000", "'1.000' is ambiguous")]
    [InlineData(null, "5000-1001", "'5000-1001' is a range whose start is above its end.")]
    [InlineData(null, "viele", "Must be a whole number (got 'viele').")]
    [InlineData(null, "12.5-20", "In the range '12.5-20': Must be a whole number without a decimal part (got '12.5').")]
    public void A_count_that_cannot_be_read_is_refused_naming_the_value(string? locale, string text, string message)
    {
        Assert.Null(Format(locale).ReadCount(text, out var problem));
        Assert.StartsWith(message, problem, StringComparison.Ordinal);
    }

    [Property(MaxTest = 500)]
    public Property An_amount_formatted_in_de_DE_or_en_US_with_its_currency_reads_back() =>
        Prop.ForAll(
            (from cents in Gen.Choose(0, int.MaxValue)
             from locale in Gen.Elements("de-DE", "en-US")
             from before in Gen.Elements(true, false)
             select (Amount: cents / 100m, Locale: locale, Before: before)).ToArbitrary(),
            c =>
            {
                var number = c.Amount.ToString("N2", CultureInfo.GetCultureInfo(c.Locale));
                var text = c.Before ? "EUR " + number : number + " €";
                return Format(c.Locale).ReadMoney(text, out var currency, out _) == c.Amount && currency == "EUR";
            });

    [Property(MaxTest = 500)]
    public Property A_band_formatted_in_de_DE_or_en_US_reads_back_inside_itself() =>
        Prop.ForAll(
            (from start in Gen.Choose(0, 1_000_000)
             from width in Gen.Choose(0, 1_000_000)
             from locale in Gen.Elements("de-DE", "en-US")
             select (From: start, To: start + width, Locale: locale)).ToArbitrary(),
            c =>
            {
                var culture = CultureInfo.GetCultureInfo(c.Locale);
                var reading = Format(c.Locale).ReadCount($"{c.From.ToString("N0", culture)}-{c.To.ToString("N0", culture)}", out _);
                return reading is { } r && r.From == c.From && r.To == c.To && r.Value >= c.From && r.Value <= c.To;
            });
}
