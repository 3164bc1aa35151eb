using LeadRouting.Core.Configuration;
using LeadRouting.Core.Routing;

namespace LeadRouting.Tests.Core.Routing;

/// <summary>The organisation's currency: EUR by default, an ISO 4217 code, named wherever tiers explain a deal size.</summary>
public sealed class CurrencyTests
{
    [Fact]
    public void A_document_without_a_currency_is_in_EUR_and_the_tier_trace_says_so()
    {
        var engine = TestData.Engine();

        var decision = TestData.Route(engine, TestData.Submission(dealSize: 25_000));

        Assert.Equal("EUR", engine.Configuration.Policy.Currency);
        Assert.Contains("estimated deal size 25,000 EUR → MidMarket", decision.TraceText(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_configured_currency_is_used_by_the_tier_classification_and_named_in_its_trace()
    {
        var configuration = TestData.Configuration();
        var engine = TestData.Engine(configuration with { Policy = configuration.Policy with { Currency = "USD" } });

        var decision = TestData.Route(engine, TestData.Submission(dealSize: 60_000));

        Assert.Equal(DealTier.Enterprise, decision.Tier);
        Assert.Contains("estimated deal size 60,000 USD → Enterprise", decision.TraceText(), StringComparison.Ordinal);
        Assert.DoesNotContain("EUR", decision.TraceText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("EURO")]
    [InlineData("eur")]
    [InlineData("XYZ")]
    [InlineData("")]
    public void A_currency_that_is_not_an_ISO_4217_code_is_refused_by_the_validator(string currency)
    {
        var configuration = TestData.Configuration();

        var errors = ConfigurationValidator.Validate(configuration with { Policy = configuration.Policy with { Currency = currency } });

        Assert.Contains(errors, e => e.StartsWith("policy.currency:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("EUR")]
    [InlineData("USD")]
    [InlineData("GBP")]
    [InlineData("CHF")]
    public void Common_currencies_are_accepted(string currency) => Assert.Null(CurrencyCodes.Problem(currency));
}
