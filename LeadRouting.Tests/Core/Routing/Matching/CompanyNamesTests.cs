using LeadRouting.Core.Routing.Matching;

namespace LeadRouting.Tests.Core.Routing.Matching;

/// <summary>Spellings of one company normalise to one key; the word that names another company stays.</summary>
public sealed class CompanyNamesTests
{
    [Theory]
    [InlineData("Siemens AG", "siemens")]
    [InlineData("SIEMENS Aktiengesellschaft", "siemens")]
    [InlineData("Siemens Deutschland GmbH", "siemens")]
    [InlineData("Siemens Energy", "siemens energy")]
    [InlineData("Müller GmbH & Co. KG", "muller")]
    [InlineData("Mueller GmbH & Co.KG", "muller")]
    [InlineData("Muller KG", "muller")]
    [InlineData("Rohde & Schwarz GmbH & Co. KG", "rohde schwarz")]
    [InlineData("Rohde und Schwarz", "rohde schwarz")]
    [InlineData("Rohde and Schwarz", "rohde schwarz")]
    [InlineData("Nestlé S.A.", "nestle")]
    [InlineData("Koninklijke Philips N.V.", "philips")]
    [InlineData("Novo Nordisk A/S", "novo nordisk")]
    [InlineData("Dt. Telekom", "deutsche telekom")]
    [InlineData("Süßwarenfabrik GmbH", "susswarenfabrik")]
    [InlineData("Henkel AG & Co. KGaA", "henkel")]
    [InlineData("Polska Grupa sp. z o.o.", "polska")]
    [InlineData("Start UG (haftungsbeschränkt)", "start")]
    [InlineData("AG", "ag")]
    public void Normalize_keeps_the_distinguishing_words(string name, string key) =>
        Assert.Equal(key, CompanyNames.Normalize(name).Key);

    [Fact]
    public void Normalize_of_a_blank_name_is_empty()
    {
        Assert.True(CompanyNames.Normalize(null).IsEmpty);
        Assert.True(CompanyNames.Normalize("  ").IsEmpty);
        Assert.True(CompanyNames.Normalize("& -").IsEmpty);
    }

    [Fact]
    public void Normalize_gives_initials_of_names_with_two_or_more_words()
    {
        Assert.Equal("bmw", CompanyNames.Normalize("Bayerische Motoren Werke AG").Initials);
        Assert.Null(CompanyNames.Normalize("Siemens AG").Initials);
    }
}
