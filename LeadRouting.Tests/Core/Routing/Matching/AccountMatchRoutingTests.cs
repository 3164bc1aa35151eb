using LeadRouting.Core;
using LeadRouting.Core.Leads;
using LeadRouting.Core.Routing;
using LeadRouting.Core.Routing.Matching;

namespace LeadRouting.Tests.Core.Routing.Matching;

/// <summary>Routing with account matching (issue 19): a counting match routes like a domain match; a grey zone goes to Manual review.</summary>
public sealed class AccountMatchRoutingTests
{
    private static readonly DateTimeOffset Now = TestData.Monday10Berlin;
    private static readonly RepId Owner = new("sr1");
    private readonly RoutingEngine _engine = TestData.Engine();

    private static InMemoryRoutingState Accounts()
    {
        var state = new InMemoryRoutingState();
        state.AddAccount(new AccountRecord
        {
            Domain = "siemens.com",
            Name = "Siemens AG",
            OwnerId = Owner,
            IsNamedAccount = true,
            DomainAliases = ["siemens.de"],
            Industry = "Manufacturing",
            Employees = 300_000,
            Country = "DE",
        });
        state.AddAccount(new AccountRecord { Domain = "bmwgroup.com", Name = "Bayerische Motoren Werke AG", OwnerId = Owner, IsNamedAccount = true });
        return state;
    }

    private RoutingDecision Route(string email, string? company, InMemoryRoutingState? state = null) =>
        TestData.Route(_engine, TestData.Submission(email: email) with { Company = company }, state ?? Accounts(), Now);

    [Fact]
    public void A_free_mail_lead_matched_by_company_name_goes_to_the_named_account_owner_and_the_trace_says_how()
    {
        var decision = Route("anna.schmidt@gmail.com", "Siemens Deutschland GmbH");

        Assert.Equal((Owner, DistributionMethod.NamedAccount), (decision.OwnerId, decision.Distribution));
        var step = Assert.Single(decision.Trace, s => s.Step == "Account match");
        Assert.StartsWith("matched Siemens AG by company name, 1.00: counts", step.Outcome, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lead_from_a_subdomain_goes_to_the_account_of_its_registrable_domain()
    {
        var decision = Route("anna@eu.siemens.com", null);

        Assert.Equal(Owner, decision.OwnerId);
        Assert.Contains(decision.Trace, s => s.Outcome.StartsWith("matched Siemens AG by parent domain siemens.com, 0.98", StringComparison.Ordinal));
    }

    [Fact]
    public void A_lead_from_a_domain_alias_goes_to_the_account_and_is_enriched_from_it()
    {
        var decision = TestData.Route(_engine, TestData.Submission(email: "anna@siemens.de", industry: null), Accounts(), Now);

        Assert.Equal(Owner, decision.OwnerId);
        Assert.Equal("Manufacturing", decision.Enrichment?.Industry);
    }

    [Fact]
    public void A_grey_zone_match_goes_to_manual_review_naming_the_candidate()
    {
        var decision = Route("max@web.de", "BMW");

        Assert.Equal(LeadStage.ManualReview, decision.Status);
        Assert.Null(decision.OwnerId);
        var exception = Assert.Single(decision.Trace, s => s.Step == "Exception");
        Assert.Equal("uncertain account match: matched Bayerische Motoren Werke AG by company name, 0.85", exception.Input);
    }

    [Fact]
    public void A_near_miss_is_not_the_account()
    {
        var decision = Route("max@gmail.com", "Siemens Energy");

        Assert.NotEqual(LeadStage.ManualReview, decision.Status);
        Assert.DoesNotContain(decision.Trace, s => s.Step == "Account match");
        Assert.NotEqual(DistributionMethod.NamedAccount, decision.Distribution);
    }

    [Fact]
    public void The_threshold_comes_from_the_routing_policy()
    {
        var configuration = TestData.Configuration();
        var strict = TestData.Engine(configuration with
        {
            Policy = configuration.Policy with { AccountMatching = new AccountMatchingPolicy { CountsAt = 0.99, ReviewFrom = 0.5 } },
        });

        var decision = TestData.Route(strict, TestData.Submission(email: "a@gmail.com") with { Company = "Siemens plc", Country = "GB" }, Accounts(), Now);

        Assert.Equal(LeadStage.ManualReview, decision.Status);
    }

    [Fact]
    public void A_second_lead_of_a_name_matched_company_finds_the_account_in_play()
    {
        var state = new InMemoryRoutingState();
        state.AddAccount(new AccountRecord { Domain = "tailspin.com", Name = "Tailspin Toys GmbH" });
        var first = TestData.Lead(_engine, TestData.Submission(email: "a@tailspin.com", dealSize: 5_000));
        var firstDecision = _engine.Route(first, state, Now);
        state.Apply(first, firstDecision);

        // Another person (the test data's leads are all "Pat Doe", who would be the same person under another address).
        var second = TestData.Route(_engine, TestData.Submission(email: "b@gmail.com") with { FirstName = "Kim", Company = "Tailspin Toys" }, state, Now);

        Assert.Equal((firstDecision.OwnerId, DistributionMethod.AccountInPlay), (second.OwnerId, second.Distribution));
    }
}
