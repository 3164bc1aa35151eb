using LeadRouting.Core;
using LeadRouting.Core.Leads;
using LeadRouting.Core.Routing;

namespace LeadRouting.Tests.Core.Routing;

/// <summary>DESIGN.md §1–§2: free-mail domains, same-person merge, named accounts, accounts in play, exceptions.</summary>
public class DedupAndOwnershipTests
{
    private static readonly DateTimeOffset Now = TestData.Monday10Berlin;
    private readonly RoutingEngine _engine = TestData.Engine();

    private (InMemoryRoutingState State, RoutingDecision First) RouteAndStore(LeadSubmission submission, InMemoryRoutingState? state = null, DateTimeOffset? at = null)
    {
        state ??= new InMemoryRoutingState();
        var lead = TestData.Lead(_engine, submission, at);
        var decision = _engine.Route(lead, state, at ?? Now);
        state.Apply(lead, decision);
        return (state, decision);
    }

    [Theory]
    [InlineData("anna@gmail.com", null)]
    [InlineData("anna@GMX.de", null)]
    [InlineData("anna@web.de", null)]
    [InlineData("Anna@Acme.io", "acme.io")]
    public void Company_domain_comes_from_the_email_unless_it_is_free_mail(string email, string? domain)
    {
        var lead = TestData.Lead(_engine, TestData.Submission(email: email));
        Assert.Equal(domain, lead.CompanyDomain);
        Assert.Equal(email.ToLowerInvariant(), lead.Email);
    }

    [Fact]
    public void Given_company_domain_wins_and_is_normalised() =>
        Assert.Equal("acme.com", TestData.Lead(_engine, TestData.Submission(email: "x@gmail.com", companyDomain: "https://www.ACME.com/about")).CompanyDomain);

    [Fact]
    public void Same_email_within_90_days_is_merged_and_keeps_the_owner()
    {
        var (state, first) = RouteAndStore(TestData.Submission(email: "pat@acme.io"));
        var again = TestData.Route(_engine, TestData.Submission(email: "PAT@acme.io", source: SignalType.PricingPageVisit), state, Now.AddDays(89));
        Assert.NotNull(again.DuplicateOf);
        Assert.Equal(first.OwnerId, again.OwnerId);
        Assert.Equal(DistributionMethod.ExistingLead, again.Distribution);
        Assert.Null(again.RoundRobin);
        Assert.Contains("no second rep", again.TraceText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Same_email_after_90_days_is_a_new_lead()
    {
        var (state, _) = RouteAndStore(TestData.Submission(email: "pat@acme.io"));
        var later = TestData.Route(_engine, TestData.Submission(email: "pat@acme.io", companyDomain: "other.io"), state, Now.AddDays(91));
        Assert.Null(later.DuplicateOf);
    }

    [Fact]
    public void Closed_lead_with_same_email_does_not_absorb_a_new_one()
    {
        var state = new InMemoryRoutingState();
        var lead = TestData.Lead(_engine, TestData.Submission(source: SignalType.NewsletterSignup, employees: 5, industry: null, country: null, techStack: []));
        var disqualified = _engine.Route(lead, state, Now);
        Assert.Equal(LeadStage.Disqualified, disqualified.Status);
        state.Apply(lead, disqualified);
        Assert.Null(TestData.Route(_engine, TestData.Submission(), state).DuplicateOf);
    }

    [Fact]
    public void Monitored_lead_whose_intent_rises_is_routed_to_a_rep()
    {
        var (state, first) = RouteAndStore(TestData.Submission(source: SignalType.NewsletterSignup));
        Assert.Equal(TreatmentAction.NurtureMonitored, first.Action);

        var lifted = TestData.Route(_engine, TestData.Submission(source: SignalType.DemoRequest), state, Now.AddDays(2));
        Assert.True(lifted.Rerouted);
        Assert.NotNull(lifted.DuplicateOf);
        Assert.Equal((LeadStage.Assigned, TreatmentAction.AeImmediate), (lifted.Status, lifted.Action));
        Assert.NotNull(lifted.OwnerId);
    }

    [Fact]
    public void Plain_nurture_lead_with_more_signals_stays_in_nurture()
    {
        var weak = TestData.Submission(source: SignalType.Webinar, employees: 60, industry: "Agriculture", country: "BR", techStack: []);
        var (state, first) = RouteAndStore(weak);
        Assert.Equal(TreatmentAction.Nurture, first.Action);
        var merged = TestData.Route(_engine, weak with { Source = SignalType.DemoRequest }, state, Now.AddDays(1));
        Assert.False(merged.Rerouted);
        Assert.Equal(LeadStage.Nurture, merged.Status);
    }

    [Fact]
    public void Named_account_goes_to_its_owner_whatever_the_rules_say()
    {
        var state = new InMemoryRoutingState();
        state.AddAccount(new AccountRecord { Domain = "contoso.de", Name = "Contoso", OwnerId = new RepId("jr1"), IsNamedAccount = true });
        var decision = TestData.Route(_engine, TestData.Submission(email: "ceo@contoso.de", dealSize: 1_000_000), state);
        Assert.Equal(("jr1", DistributionMethod.NamedAccount), (decision.OwnerName, decision.Distribution));
    }

    [Fact]
    public void Existing_customer_expansion_goes_to_the_relationship_holder_even_for_a_newsletter()
    {
        var state = new InMemoryRoutingState();
        state.AddAccount(new AccountRecord { Domain = "fabrikam.com", Name = "Fabrikam", OwnerId = new RepId("mid2"), IsCustomer = true });
        var decision = TestData.Route(_engine, TestData.Submission(email: "buyer@fabrikam.com", source: SignalType.NewsletterSignup), state);
        Assert.Equal((LeadStage.Assigned, "mid2"), (decision.Status, decision.OwnerName));
        Assert.Contains("existing customer", decision.TraceText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Unavailable_account_owner_hands_to_their_backup()
    {
        var state = new InMemoryRoutingState();
        state.AddAccount(new AccountRecord { Domain = "contoso.de", Name = "Contoso", OwnerId = new RepId("sr1"), IsNamedAccount = true });
        state.SetRepStatus(new("sr1"), new RepStatus(Availability.OutOfOffice, new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero), 3));
        var decision = TestData.Route(_engine, TestData.Submission(email: "ceo@contoso.de"), state);
        Assert.Equal(("ad1", DistributionMethod.RepBackup), (decision.OwnerName, decision.Distribution));
        Assert.Contains("sr1: out of office until 2 Dec", decision.TraceText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Free_mail_lead_never_matches_an_account()
    {
        var state = new InMemoryRoutingState();
        state.AddAccount(new AccountRecord { Domain = "gmail.com", Name = "Google Mail", OwnerId = new RepId("ad1") });
        var decision = TestData.Route(_engine, TestData.Submission(email: "someone@gmail.com", dealSize: 5_000), state);
        Assert.NotEqual("ad1", decision.OwnerName);
    }

    [Fact]
    public void Account_in_play_keeps_the_same_owner_for_a_colleague()
    {
        var (state, first) = RouteAndStore(TestData.Submission(email: "a@initech.com", dealSize: 5_000));
        var colleague = TestData.Route(_engine, TestData.Submission(email: "b@initech.com", dealSize: 40_000), state);
        Assert.Equal((first.OwnerId, DistributionMethod.AccountInPlay), (colleague.OwnerId, colleague.Distribution));
    }

    [Theory]
    [InlineData(Referral.Vip)]
    [InlineData(Referral.ExecutiveIntro)]
    public void Vip_and_executive_intro_go_to_manual_review_and_the_region_manager_is_told(Referral referral)
    {
        var decision = TestData.Route(_engine, TestData.Submission(referral: referral));
        Assert.Equal((LeadStage.ManualReview, DistributionMethod.ManualReview), (decision.Status, decision.Distribution));
        Assert.Null(decision.OwnerId);
        var notice = Assert.Single(decision.Notices);
        Assert.Equal(("ManualReview", "Region Boss"), (notice.Reason, notice.ManagerName));
        Assert.NotNull(decision.RespondBy);
    }
}
