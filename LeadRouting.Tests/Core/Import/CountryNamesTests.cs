using LeadRouting.Core.Import;
using LeadRouting.Core.Leads;

namespace LeadRouting.Tests.Core.Import;

/// <summary>Countries as CRM exports write them, read into ISO 3166-1 alpha-2.</summary>
public sealed class CountryNamesTests
{
    [Theory]
    [InlineData("DE", "DE")]
    [InlineData("de", "DE")]
    [InlineData("DEU", "DE")]
    [InlineData("USA", "US")]
    [InlineData("AUT", "AT")]
    [InlineData("CHE", "CH")]
    [InlineData("GBR", "GB")]
    [InlineData("Germany", "DE")]
    [InlineData("Deutschland", "DE")]
    [InlineData("DEUTSCHLAND", "DE")]
    [InlineData("United States", "US")]
    [InlineData("Vereinigte Staaten", "US")]
    [InlineData("Österreich", "AT")]
    [InlineData("Oesterreich", "AT")]
    [InlineData("osterreich", "AT")]
    [InlineData("Schweiz", "CH")]
    [InlineData("Switzerland", "CH")]
    [InlineData("United Kingdom", "GB")]
    [InlineData("Großbritannien", "GB")]
    [InlineData("Grossbritannien", "GB")]
    [InlineData("U.S.", "US")]
    [InlineData("US", "US")]
    [InlineData("United States of America", "US")]
    [InlineData("UK", "GB")]
    [InlineData("Great Britain", "GB")]
    [InlineData("Czechia", "CZ")]
    [InlineData("Czech Republic", "CZ")]
    [InlineData("Tschechien", "CZ")]
    [InlineData("Korea, Republic of", "KR")]
    [InlineData("South Korea", "KR")]
    [InlineData("Südkorea", "KR")]
    [InlineData("Türkiye", "TR")]
    [InlineData("Turkey", "TR")]
    [InlineData("Côte d’Ivoire", "CI")]
    [InlineData("cote d'ivoire", "CI")]
    [InlineData("  France ", "FR")]
    [InlineData("Frankreich", "FR")]
    [InlineData("Niederlande", "NL")]
    [InlineData("Holland", "NL")]
    public void A_country_as_exported_reads_as_its_alpha_2_code(string text, string code)
    {
        Assert.Equal(code, CountryNames.Read(text, out var problem));
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("Atlantis")]
    [InlineData("Congo")]
    [InlineData("ZZ")]
    [InlineData("")]
    public void An_unknown_country_is_refused_naming_the_value(string text)
    {
        Assert.Null(CountryNames.Read(text, out var problem));
        Assert.StartsWith($"'{text}' is not a country this import knows", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_valid_code_has_a_row_and_every_row_reads_back_by_its_codes_and_both_names()
    {
        Assert.Equal(CountryCodes.All.Order(StringComparer.Ordinal), CountryNames.All.Select(r => r.Alpha2).Order(StringComparer.Ordinal));
        Assert.All(CountryNames.All, row =>
        {
            Assert.Equal(row.Alpha2, CountryNames.Read(row.Alpha2, out _));
            Assert.Equal(row.Alpha2, CountryNames.Read(row.Alpha3, out _));
            Assert.Equal(row.Alpha2, CountryNames.Read(row.English, out _));
            Assert.Equal(row.Alpha2, CountryNames.Read(row.German, out _));
        });
    }

    [Fact]
    public void Every_other_spelling_names_a_valid_code_and_reads_as_it()
    {
        Assert.All(CountryNames.OtherSpellings, entry =>
        {
            Assert.True(CountryCodes.IsValid(entry.Code), entry.Code);
            Assert.Equal(entry.Code, CountryNames.Read(entry.Name, out _));
        });
    }
}
