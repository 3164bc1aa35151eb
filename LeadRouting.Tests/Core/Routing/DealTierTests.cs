using LeadRouting.Core.Configuration;
using LeadRouting.Core.Leads;
using LeadRouting.Core.Routing;

namespace LeadRouting.Tests.Core.Routing;

/// <summary>DESIGN.md §6: tier boundaries, estimation from employees, and which level of rep each tier reaches.</summary>
public class DealTierTests
{
    private readonly RoutingEngine _engine = TestData.Engine();

    [Theory]
    [InlineData(0, DealTier.Small)]
    [InlineData(9_999, DealTier.Small)]
    [InlineData(9_999.99, DealTier.Small)]
    [InlineData(10_000, DealTier.MidMarket)]
    [InlineData(50_000, DealTier.MidMarket)]
    [InlineData(50_000.01, DealTier.Enterprise)]
    [InlineData(50_001, DealTier.Enterprise)]
    public void Deal_size_boundaries(double size, DealTier tier)
    {
        var classifier = new DealTierClassifier(ConfigurationLoader.LoadDefault().Policy.Tiers);
        var lead = TestData.Lead(_engine, TestData.Submission(dealSize: (decimal)size, employees: 5000));
        Assert.Equal(tier, classifier.Classify(lead).Tier.Tier);
    }

    [Theory]
    [InlineData(199, DealTier.Small)]
    [InlineData(200, DealTier.MidMarket)]
    [InlineData(999, DealTier.MidMarket)]
    [InlineData(1000, DealTier.Enterprise)]
    public void Without_deal_size_the_tier_is_estimated_from_employees(int employees, DealTier tier) =>
        Assert.Equal(tier, TestData.Route(_engine, TestData.Submission(employees: employees)).Tier);

    [Fact]
    public void Small_tier_goes_to_a_junior_ae_by_weighted_round_robin()
    {
        var decision = TestData.Route(_engine, TestData.Submission(dealSize: 9_999));
        Assert.Equal(DealTier.Small, decision.Tier);
        Assert.StartsWith("jr", decision.OwnerId!.Value.Value, StringComparison.Ordinal);
        Assert.Equal(DistributionMethod.WeightedRoundRobin, decision.Distribution);
    }

    [Fact]
    public void Small_tier_falls_back_to_an_sdr_when_no_junior_is_available()
    {
        var state = new InMemoryRoutingState();
        state.SetRepStatus(new("jr1"), new RepStatus(Availability.Away, null, 0));
        state.SetRepStatus(new("jr2"), new RepStatus(Availability.Away, null, 0));
        var decision = TestData.Route(_engine, TestData.Submission(dealSize: 5_000), state);
        Assert.StartsWith("sdr", decision.OwnerId!.Value.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Mid_market_goes_to_the_least_loaded_mid_ae()
    {
        var state = new InMemoryRoutingState();
        state.SetRepStatus(new("mid1"), new RepStatus(Availability.Available, null, 9));
        state.SetRepStatus(new("mid2"), new RepStatus(Availability.Available, null, 4));
        var decision = TestData.Route(_engine, TestData.Submission(dealSize: 10_000), state);
        Assert.Equal((DealTier.MidMarket, "mid2", DistributionMethod.LeastLoaded), (decision.Tier, decision.OwnerName, decision.Distribution));
    }

    [Fact]
    public void Enterprise_without_owner_goes_to_the_senior_pool_and_the_rep_becomes_account_owner()
    {
        var decision = TestData.Route(_engine, TestData.Submission(dealSize: 50_001, email: "cio@bigcorp.com"));
        Assert.Equal(DealTier.Enterprise, decision.Tier);
        Assert.Contains(decision.OwnerName, new[] { "sr1", "ad1" });
        Assert.Equal(new AccountClaim("bigcorp.com", "Acme", decision.OwnerId!.Value), decision.AccountClaim);
    }

    [Fact]
    public void Enterprise_claim_makes_the_next_lead_of_that_company_go_to_the_same_owner()
    {
        var state = new InMemoryRoutingState();
        var first = TestData.Route(_engine, TestData.Submission(dealSize: 80_000, email: "cio@bigcorp.com"), state);
        state.Apply(TestData.Lead(_engine, TestData.Submission(dealSize: 80_000, email: "cio@bigcorp.com")), first);
        var second = TestData.Route(_engine, TestData.Submission(dealSize: 90_000, email: "cfo@bigcorp.com"), state);
        Assert.Equal(first.OwnerId, second.OwnerId);
        Assert.Equal(DistributionMethod.NamedAccount, second.Distribution);
    }

    [Theory]
    [InlineData(1_000)]
    [InlineData(9_999)]
    public void Small_deals_never_reach_seniors(double size)
    {
        for (var i = 0; i < 10; i++)
        {
            var decision = TestData.Route(_engine, TestData.Submission(dealSize: (decimal)size, email: $"p{i}@c{i}.io"));
            Assert.DoesNotContain(decision.OwnerName, new[] { "sr1", "ad1" });
        }
    }

    [Fact]
    public void Enterprise_deals_never_reach_juniors_even_when_all_seniors_are_out()
    {
        var state = new InMemoryRoutingState();
        state.SetRepStatus(new("sr1"), new RepStatus(Availability.OutOfOffice, TestData.Monday10Berlin.AddDays(3), 0));
        state.SetRepStatus(new("ad1"), new RepStatus(Availability.Away, null, 0));
        var decision = TestData.Route(_engine, TestData.Submission(dealSize: 200_000), state);
        Assert.DoesNotContain(decision.OwnerName, new[] { "jr1", "jr2", "sdr1", "sdr2" });
        Assert.Equal(DistributionMethod.BackupPool, decision.Distribution);
    }

    [Fact]
    public void Tier_only_picks_the_level_for_ae_immediate_sdr_actions_use_the_sdr_pool()
    {
        var decision = TestData.Route(_engine, TestData.Submission(source: SignalType.Webinar, dealSize: 200_000));
        Assert.Equal((TreatmentAction.SdrFastTrack, DealTier.Enterprise), (decision.Action, decision.Tier));
        Assert.StartsWith("sdr", decision.OwnerId!.Value.Value, StringComparison.Ordinal);
    }
}
