using LeadRouting.Core;
using LeadRouting.Core.Configuration;
using LeadRouting.Core.Leads;
using LeadRouting.Core.Routing;

namespace LeadRouting.Tests.Core.Routing;

/// <summary>A lead of a known company takes the firmographics it lacks from the company's account before routing.</summary>
public sealed class AccountEnrichmentTests
{
    private static readonly AccountRecord Siemens = new()
    {
        Domain = "siemens.com",
        Name = "Siemens AG",
        Industry = "Manufacturing",
        Employees = 300_000,
        Country = "DE",
    };

    /// <summary>Two segments by country: a lead routed by its account's country lands in the DACH team, not the catch-all.</summary>
    private static readonly RoutingEngine Engine = TestData.Engine(TestData.Configuration(segments:
    [
        new Segment { Id = new SegmentId("dach"), Name = "DACH enterprise", Priority = 10, Team = TestData.Team, Countries = ["DE"], MinEmployees = 1000 },
        new Segment { Id = new SegmentId("rest"), Name = "Rest", Priority = 100, Team = new TeamId("t2") },
    ]));

    private static InMemoryRoutingState StateWith(AccountRecord account)
    {
        var state = new InMemoryRoutingState();
        state.AddAccount(account);
        return state;
    }

    [Fact]
    public void A_lead_without_firmographics_takes_them_from_its_account_and_the_trace_says_so()
    {
        var submission = TestData.Submission(email: "anna@siemens.com", employees: null, industry: null, country: null);

        var decision = TestData.Route(Engine, submission, StateWith(Siemens));

        Assert.Equal(new AccountEnrichment("siemens.com", "Siemens AG", "Manufacturing", 300_000, "DE"), decision.Enrichment);
        var step = Assert.Single(decision.Trace, t => t.Step == "Enrichment");
        Assert.Contains("Industry from account Siemens AG (Manufacturing)", step.Outcome, StringComparison.Ordinal);
        Assert.Contains("Employees from account Siemens AG (300,000)", step.Outcome, StringComparison.Ordinal);
        Assert.Contains("Country from account Siemens AG (DE)", step.Outcome, StringComparison.Ordinal);
        Assert.Equal("DACH enterprise", decision.Segment);
        Assert.Equal(DealTier.Enterprise, decision.Tier);
    }

    [Fact]
    public void What_the_lead_says_is_kept_and_only_missing_fields_are_filled()
    {
        var submission = TestData.Submission(email: "anna@siemens.com", employees: 40, industry: "Software", country: null);

        var decision = TestData.Route(Engine, submission, StateWith(Siemens));

        Assert.Equal(new AccountEnrichment("siemens.com", "Siemens AG", null, null, "DE"), decision.Enrichment);
        var enriched = decision.Enrichment!.Apply(TestData.Lead(Engine, submission));
        Assert.Equal(("Software", 40, "DE"), (enriched.Industry, enriched.Employees, enriched.Country));
        Assert.Equal("Rest", decision.Segment);
    }

    [Fact]
    public void A_lead_with_every_field_or_without_an_account_is_not_enriched_and_its_trace_has_no_enrichment_step()
    {
        var complete = TestData.Route(Engine, TestData.Submission(email: "anna@siemens.com"), StateWith(Siemens));
        var unknown = TestData.Route(Engine, TestData.Submission(email: "anna@unknown-corp.com", employees: null, industry: null, country: null), StateWith(Siemens));
        var bare = TestData.Route(Engine, TestData.Submission(email: "anna@siemens.com", employees: null, industry: null, country: null),
            StateWith(Siemens with { Industry = null, Employees = null, Country = null }));

        Assert.All(new[] { complete, unknown, bare }, d =>
        {
            Assert.Null(d.Enrichment);
            Assert.DoesNotContain(d.Trace, t => t.Step == "Enrichment");
        });
    }
}
