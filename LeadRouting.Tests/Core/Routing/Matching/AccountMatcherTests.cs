using LeadRouting.Core;
using LeadRouting.Core.Routing;
using LeadRouting.Core.Routing.Matching;

namespace LeadRouting.Tests.Core.Routing.Matching;

/// <summary>Which account a lead finds by domain, alias, parent domain and company name, and how sure the match is.</summary>
public sealed class AccountMatcherTests
{
    private static readonly AccountRecord Siemens = new()
    {
        Domain = "siemens.com",
        Name = "Siemens AG",
        OwnerId = new RepId("r1"),
        IsNamedAccount = true,
        Country = "DE",
        Employees = 300_000,
        DomainAliases = ["siemens.de"],
    };

    private static readonly AccountRecord SiemensEnergy = new() { Domain = "siemens-energy.com", Name = "Siemens Energy AG", Country = "DE", Employees = 90_000 };
    private static readonly AccountRecord DeutscheBank = new() { Domain = "db.com", Name = "Deutsche Bank AG", Country = "DE" };
    private static readonly AccountRecord Healthineers = new() { Domain = "healthineers.siemens.com", Name = "Siemens Healthineers AG", Country = "DE" };

    private static AccountMatcher Matcher(params AccountRecord[] accounts) => new(accounts);

    [Fact]
    public void Match_by_the_exact_domain_is_certain()
    {
        var match = Matcher(Siemens, SiemensEnergy).Match(new AccountQuery("siemens.com", null));

        Assert.Equal((Siemens, AccountMatchRule.Domain, 1.0), (match?.Account, match?.Rule, match?.Confidence));
    }

    [Fact]
    public void Match_by_an_alias_finds_the_account()
    {
        var match = Matcher(Siemens).Match(new AccountQuery("siemens.de", null));

        Assert.Equal((Siemens, AccountMatchRule.DomainAlias), (match?.Account, match?.Rule));
    }

    [Fact]
    public void Match_by_a_subdomain_finds_the_registrable_domains_account()
    {
        var match = Matcher(Siemens).Match(new AccountQuery("eu.siemens.com", null));

        Assert.Equal((Siemens, AccountMatchRule.RegistrableDomain, "siemens.com"), (match?.Account, match?.Rule, match?.MatchedOn));
        Assert.True(match!.Confidence >= AccountMatchingPolicy.DefaultCountsAt);
    }

    [Fact]
    public void Match_by_a_subdomain_prefers_the_most_specific_parent()
    {
        var match = Matcher(Siemens, Healthineers).Match(new AccountQuery("mri.healthineers.siemens.com", null));

        Assert.Same(Healthineers, match?.Account);
    }

    [Fact]
    public void Match_of_a_country_domain_under_a_public_suffix_is_no_domain_match()
    {
        var match = Matcher(Siemens).Match(new AccountQuery("siemens.co.uk", null));

        Assert.Null(match);
    }

    [Fact]
    public void Match_of_an_unknown_domain_falls_back_to_the_company_name()
    {
        var match = Matcher(Siemens, SiemensEnergy).Match(new AccountQuery("siemens.co.uk", "Siemens plc", "GB"));

        Assert.Equal((Siemens, AccountMatchRule.CompanyName), (match?.Account, match?.Rule));
        Assert.Equal(0.95, match!.Confidence); // same name, another country than the account's: 1 − 0.05
    }

    [Fact]
    public void Match_by_name_of_a_free_mail_lead_describes_itself_for_the_trace()
    {
        var match = Matcher(Siemens, SiemensEnergy, DeutscheBank).Match(new AccountQuery(null, "SIEMENS Aktiengesellschaft", "DE"));

        Assert.Equal("matched Siemens AG by company name, 1.00", match?.Describe());
    }

    [Theory]
    [InlineData("Siemens Energy", "Siemens Energy AG")]
    [InlineData("Siemens", "Siemens AG")]
    [InlineData("Siemens Deutschland GmbH", "Siemens AG")]
    [InlineData("Deutsche Bank", "Deutsche Bank AG")]
    public void Match_by_name_picks_the_company_and_not_its_near_miss(string company, string expected)
    {
        var match = Matcher(Siemens, SiemensEnergy, DeutscheBank).Match(new AccountQuery(null, company, "DE"));

        Assert.Equal(expected, match?.Account.Name);
        Assert.True(match!.Confidence >= AccountMatchingPolicy.DefaultCountsAt);
    }

    [Theory]
    [InlineData("Deutsche Bahn", "Deutsche Bank AG")]
    [InlineData("Siemens Energy", "Siemens AG")]
    [InlineData("Siemens Healthineers", "Siemens AG")]
    [InlineData("Baier", "Bayer AG")]
    [InlineData("Henkell", "Henkel AG & Co. KGaA")]
    public void NameSimilarity_of_different_companies_stays_below_the_threshold(string a, string b) =>
        Assert.True(AccountMatcher.NameSimilarity(a, b) < AccountMatchingPolicy.DefaultCountsAt, $"{a} vs {b}: {AccountMatcher.NameSimilarity(a, b)}");

    [Theory]
    [InlineData("Thyssen Krupp", "thyssenkrupp AG", 0.98)]
    [InlineData("Müller & Söhne", "Mueller und Soehne GmbH", 1.0)]
    [InlineData("Dt. Telekom", "Deutsche Telekom AG", 1.0)]
    public void NameSimilarity_of_spellings_of_one_company(string a, string b, double expected) =>
        Assert.Equal(expected, AccountMatcher.NameSimilarity(a, b), 2);

    [Fact]
    public void NameSimilarity_of_a_typo_counts_when_letters_are_swapped_and_is_a_grey_zone_otherwise()
    {
        Assert.True(AccountMatcher.NameSimilarity("Heidelberger Druckmacshinen", "Heidelberger Druckmaschinen AG") >= 0.90);
        Assert.Equal(0.95, AccountMatcher.NameSimilarity("Volksawgen", "Volkswagen AG"), 2);
        var single = AccountMatcher.NameSimilarity("Volkswagon", "Volkswagen AG");
        Assert.InRange(single, AccountMatchingPolicy.DefaultReviewFrom, AccountMatchingPolicy.DefaultCountsAt);
    }

    [Fact]
    public void An_acronym_is_a_grey_zone()
    {
        var match = Matcher(new AccountRecord { Domain = "bmwgroup.com", Name = "Bayerische Motoren Werke AG" }).Match(new AccountQuery(null, "BMW"));

        Assert.Equal(AccountMatchStrength.Review, AccountMatchingPolicy.Default.Judge(match!.Confidence));
    }

    [Fact]
    public void Ties_are_broken_by_the_leads_country()
    {
        var germany = new AccountRecord { Domain = "mueller.de", Name = "Müller GmbH", Country = "DE" };
        var austria = new AccountRecord { Domain = "mueller.at", Name = "Müller GmbH", Country = "AT" };

        var match = Matcher(germany, austria).Match(new AccountQuery(null, "Mueller", "AT"));

        Assert.Same(austria, match?.Account);
        Assert.Equal(1.0, match!.Confidence);
    }

    [Fact]
    public void Ties_are_broken_by_the_size_closest_to_the_leads()
    {
        var large = new AccountRecord { Domain = "mueller.de", Name = "Müller GmbH", Country = "DE", Employees = 20_000 };
        var small = new AccountRecord { Domain = "mueller-hof.de", Name = "Müller KG", Country = "DE", Employees = 40 };

        Assert.Same(small, Matcher(large, small).Match(new AccountQuery(null, "Müller", "DE", 35))?.Account);
        Assert.Same(large, Matcher(small, large).Match(new AccountQuery(null, "Müller", "DE", 15_000))?.Account);
    }

    [Fact]
    public void Two_accounts_the_tie_breakers_cannot_tell_apart_make_a_grey_zone_naming_both()
    {
        var one = new AccountRecord { Domain = "mueller.de", Name = "Müller GmbH", Country = "DE" };
        var other = new AccountRecord { Domain = "mueller-ag.de", Name = "Müller AG", Country = "DE" };

        var match = Matcher(one, other).Match(new AccountQuery(null, "Müller", "DE"))!;

        Assert.Equal(AccountMatchStrength.Review, AccountMatchingPolicy.Default.Judge(match.Confidence));
        Assert.NotNull(match.RunnerUp);
        Assert.NotSame(match.Account, match.RunnerUp);
        Assert.Contains("as close:", match.Describe());
    }

    [Fact]
    public void A_name_below_the_review_threshold_is_no_match() =>
        Assert.Null(Matcher(Siemens, DeutscheBank).Match(new AccountQuery(null, "Deutsche Bahn", "DE")));

    [Fact]
    public void The_blocking_index_finds_the_account_among_many_with_a_shared_word()
    {
        var accounts = Enumerable.Range(0, 5_000)
            .Select(i => new AccountRecord { Domain = $"d{i}.de", Name = $"Deutsche Firma {i} GmbH", Country = "DE" })
            .Append(DeutscheBank)
            .ToArray();

        var match = Matcher(accounts).Match(new AccountQuery(null, "Deutsche Bank", "DE"));

        Assert.Same(DeutscheBank, match?.Account);
    }

    [Theory]
    [InlineData(0.9, 0.75, true)]
    [InlineData(0.8, 0.9, false)]
    [InlineData(1.2, 0.75, false)]
    [InlineData(0.9, 0, false)]
    public void AccountMatchingPolicy_Problems(double countsAt, double reviewFrom, bool valid) =>
        Assert.Equal(valid, new AccountMatchingPolicy { CountsAt = countsAt, ReviewFrom = reviewFrom }.Problems().Count == 0);
}
