using LeadRouting.Core.Import;

namespace LeadRouting.Tests.Core.Import;

/// <summary>Which currency an import's deal values are in, and how each becomes an amount in the organisation's (issue 16).</summary>
public sealed class ImportCurrencyTests
{
    private static ImportCurrency UsdAt(decimal rate) =>
        ImportCurrency.Parse("USD", rate.ToString(System.Globalization.CultureInfo.InvariantCulture), "EUR", out _, out _)!;

    [Theory]
    [InlineData(null, null)]
    [InlineData("", "")]
    [InlineData("EUR", null)]
    [InlineData("eur", "1")]
    public void Parse_NoOtherCurrency_ConvertsNothing(string? currency, string? rate)
    {
        var parsed = ImportCurrency.Parse(currency, rate, "EUR", out var field, out var problem);

        Assert.NotNull(parsed);
        Assert.Null(parsed.Stated);
        Assert.Equal("EUR", parsed.Declared);
        Assert.Null(field);
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("USD", null, "rate")]
    [InlineData("USD", "  ", "rate")]
    [InlineData("USD", "0", "rate")]
    [InlineData("USD", "-1", "rate")]
    [InlineData("USD", "abc", "rate")]
    [InlineData("USD", "0,92", "rate")]
    [InlineData("USD", "1e3", "rate")]
    [InlineData("USD", "2000000", "rate")]
    [InlineData("EUR", "0.5", "rate")]
    [InlineData(null, "0.92", "currency")]
    [InlineData("DOLLAR", "0.92", "currency")]
    [InlineData("XYZ", "0.92", "currency")]
    public void Parse_BadOption_NamesTheOption(string? currency, string? rate, string expectedField)
    {
        var parsed = ImportCurrency.Parse(currency, rate, "EUR", out var field, out var problem);

        Assert.Null(parsed);
        Assert.Equal(expectedField, field);
        Assert.False(string.IsNullOrWhiteSpace(problem));
    }

    [Fact]
    public void ToOrganisation_ValueInTheStatedCurrency_IsMultipliedByTheRateAndRoundedToTheCent()
    {
        var value = UsdAt(0.92m).ToOrganisation(1234.567m, null, null, out _, out _, out var converted);

        Assert.Equal(1135.80m, value);
        Assert.True(converted);
    }

    [Theory]
    [InlineData(null, "EUR")]
    [InlineData("EUR", "EUR")]
    public void ToOrganisation_RowInTheOrganisationCurrency_IsKeptAsItIs(string? mark, string? rowCurrency)
    {
        var value = UsdAt(0.92m).ToOrganisation(500m, mark, rowCurrency, out _, out _, out var converted);

        Assert.Equal(500m, value);
        Assert.False(converted);
    }

    [Fact]
    public void ToOrganisation_RowInAThirdCurrency_IsRefusedUnderCurrency()
    {
        var value = UsdAt(0.92m).ToOrganisation(500m, null, "GBP", out var field, out var problem, out _);

        Assert.Null(value);
        Assert.Equal("currency", field);
        Assert.Contains("GBP", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GBP", null)]
    [InlineData("EUR", null)]
    [InlineData("USD", "EUR")]
    public void ToOrganisation_MarkContradictingTheRowOrDeclaredCurrency_IsRefusedUnderTheDealSize(string mark, string? rowCurrency)
    {
        var value = UsdAt(0.92m).ToOrganisation(500m, mark, rowCurrency, out var field, out _, out _);

        Assert.Null(value);
        Assert.Equal("estimatedDealSize", field);
    }

    [Fact]
    public void ToOrganisation_WithoutAStatedCurrency_AMarkedDollarValueIsRefusedNotTakenForEuros()
    {
        var value = ImportCurrency.None("EUR").ToOrganisation(2448m, "USD", null, out var field, out var problem, out _);

        Assert.Null(value);
        Assert.Equal("estimatedDealSize", field);
        Assert.Contains("currency=USD", problem, StringComparison.Ordinal);
    }
}
