using LeadRouting.Core;
using LeadRouting.Core.Leads;
using LeadRouting.Core.Routing;
using LeadRouting.Core.Routing.Matching;

namespace LeadRouting.Tests.Core.Routing.Matching;

/// <summary>
/// Issue 19, the same person under another address: the same first and last name at the same matched account within the
/// dedup window goes to the open lead's owner and is marked <see cref="RoutingDecision.PossibleDuplicateOf"/>.
/// </summary>
/// <remarks>
/// The first lead comes from a free-mail address and finds Siemens AG by its company name, so it has no company domain:
/// a later lead from siemens.com finds no account "in play" and would go to the next rep of the pool (the other Mid AE,
/// as the first one now carries a lead). Only the same-person rule sends it to the first lead's owner.
/// </remarks>
public sealed class PossibleDuplicateTests
{
    private static readonly DateTimeOffset Now = TestData.Monday10Berlin;
    private readonly RoutingEngine _engine = TestData.Engine();

    private static InMemoryRoutingState Accounts()
    {
        var state = new InMemoryRoutingState();
        state.AddAccount(new AccountRecord { Domain = "siemens.com", Name = "Siemens AG", Country = "DE" });
        state.AddAccount(new AccountRecord { Domain = "bosch.com", Name = "Robert Bosch GmbH", Country = "DE" });
        state.AddAccount(new AccountRecord { Domain = "bmwgroup.com", Name = "Bayerische Motoren Werke AG", OwnerId = new RepId("sr1"), IsNamedAccount = true });
        return state;
    }

    private static LeadSubmission Person(string email, string first, string last, string? company = null, SignalType source = SignalType.DemoRequest) =>
        TestData.Submission(email: email, source: source) with { FirstName = first, LastName = last, Company = company };

    private (LeadId Id, RoutingDecision Decision) Store(InMemoryRoutingState state, LeadSubmission submission, DateTimeOffset? at = null)
    {
        var lead = TestData.Lead(_engine, submission, at);
        var decision = _engine.Route(lead, state, at ?? Now);
        return (state.Apply(lead, decision), decision);
    }

    private RoutingDecision Route(InMemoryRoutingState state, LeadSubmission submission, DateTimeOffset? at = null) =>
        TestData.Route(_engine, submission, state, at ?? Now.AddHours(1));

    [Fact]
    public void Same_name_at_the_same_account_goes_to_the_open_leads_owner_and_is_marked()
    {
        var state = Accounts();
        var (firstId, first) = Store(state, Person("anna.schmidt@gmail.com", "Anna", "Schmidt", "Siemens"));
        Assert.NotNull(first.OwnerId);

        var second = Route(state, Person("anna.schmidt@siemens.com", "Anna", "Schmidt"));

        Assert.Equal(firstId, second.PossibleDuplicateOf);
        Assert.Null(second.DuplicateOf);
        Assert.Equal((LeadStage.Assigned, first.OwnerId, DistributionMethod.ExistingLead), (second.Status, second.OwnerId, second.Distribution));
        var step = Assert.Single(second.Trace, s => s.Step == "Duplicate check" && s.Outcome.StartsWith("same person", StringComparison.Ordinal));
        Assert.Equal("open leads named Anna Schmidt at Siemens AG (siemens.com) received in the last 90 days", step.Input);
        Assert.Equal(
            $"same person as open lead {firstId} (Anna Schmidt at Siemens AG), routed to its owner {first.OwnerName}; marked possible duplicate",
            step.Outcome);
    }

    [Fact]
    public void The_same_lead_under_another_name_goes_to_the_next_rep_unmarked()
    {
        var state = Accounts();
        var (_, first) = Store(state, Person("anna.schmidt@gmail.com", "Anna", "Schmidt", "Siemens"));

        var other = Route(state, Person("anna.schmitt@siemens.com", "Anna", "Schmitt"));

        Assert.Null(other.PossibleDuplicateOf);
        Assert.NotEqual(first.OwnerId, other.OwnerId);
        Assert.DoesNotContain(other.Trace, s => s.Outcome.StartsWith("same person", StringComparison.Ordinal));
    }

    [Fact]
    public void Same_name_at_another_account_is_another_person()
    {
        var state = Accounts();
        Store(state, Person("anna.schmidt@gmail.com", "Anna", "Schmidt", "Siemens"));

        Assert.Null(Route(state, Person("anna.schmidt@bosch.com", "Anna", "Schmidt")).PossibleDuplicateOf);
    }

    [Fact]
    public void Same_name_without_any_account_links_nobody()
    {
        var state = new InMemoryRoutingState();
        Store(state, Person("anna.schmidt@gmail.com", "Anna", "Schmidt", "Siemens"));

        Assert.Null(Route(state, Person("anna.schmidt@siemens.com", "Anna", "Schmidt")).PossibleDuplicateOf);
    }

    [Theory]
    [InlineData(89, true)]
    [InlineData(91, false)]
    public void Only_a_lead_received_within_the_dedup_window_counts(int daysLater, bool linked)
    {
        var state = Accounts();
        var (firstId, _) = Store(state, Person("anna.schmidt@gmail.com", "Anna", "Schmidt", "Siemens"));

        var later = Route(state, Person("anna.schmidt@siemens.com", "Anna", "Schmidt"), Now.AddDays(daysLater));

        Assert.Equal(linked ? firstId : null, later.PossibleDuplicateOf);
    }

    [Fact]
    public void A_closed_lead_is_ignored()
    {
        var state = Accounts();
        var weak = Person("anna.schmidt@gmail.com", "Anna", "Schmidt", "Siemens", SignalType.NewsletterSignup) with
        {
            Employees = 5, Industry = null, Country = null, TechStack = [],
        };
        var (_, first) = Store(state, weak);
        Assert.Equal(LeadStage.Disqualified, first.Status);

        Assert.Null(Route(state, Person("anna.schmidt@siemens.com", "Anna", "Schmidt")).PossibleDuplicateOf);
    }

    [Fact]
    public void A_grey_zone_account_match_does_not_link_the_person()
    {
        var state = Accounts();
        var (_, first) = Store(state, Person("max.muster@bmwgroup.com", "Max", "Muster"));
        Assert.Equal("sr1", first.OwnerId?.Value);

        var second = Route(state, Person("max.muster@web.de", "Max", "Muster", "BMW"));

        Assert.Equal(LeadStage.ManualReview, second.Status);
        Assert.Null(second.PossibleDuplicateOf);
    }

    [Theory]
    [InlineData("Jörg", "Müller", "Joerg", "Mueller")]
    [InlineData("JÖRG", "MÜLLER", " jörg ", "müller")]
    [InlineData("Günther", "Weiß", "Guenther", "Weiss")]
    [InlineData("Hans-Peter", "Großmann", "Hans Peter", "Grossmann")]
    public void German_transliteration_case_and_spacing_name_the_same_person(string firstName, string lastName, string otherFirst, string otherLast)
    {
        var state = Accounts();
        var (firstId, _) = Store(state, Person("p@gmail.com", firstName, lastName, "Siemens AG"));

        Assert.Equal(firstId, Route(state, Person("p.other@siemens.com", otherFirst, otherLast)).PossibleDuplicateOf);
    }

    [Fact]
    public void A_lead_without_a_first_name_links_nobody()
    {
        var state = Accounts();
        Store(state, Person("anna.schmidt@gmail.com", "Anna", "Schmidt", "Siemens"));

        Assert.Null(Route(state, Person("schmidt@siemens.com", "", "Schmidt")).PossibleDuplicateOf);
    }

    [Fact]
    public void Of_several_open_leads_of_the_person_the_newest_counts()
    {
        var state = Accounts();
        Store(state, Person("anna.schmidt@gmail.com", "Anna", "Schmidt", "Siemens"));
        var (newerId, _) = Store(state, Person("anna@siemens.com", "Anna", "Schmidt"), Now.AddMinutes(5));

        Assert.Equal(newerId, Route(state, Person("a.schmidt@siemens.com", "Anna", "Schmidt")).PossibleDuplicateOf);
    }

    [Fact]
    public void An_owner_who_cannot_take_it_hands_it_along_the_fallback_chain_and_it_stays_marked()
    {
        var state = Accounts();
        var (firstId, first) = Store(state, Person("anna.schmidt@gmail.com", "Anna", "Schmidt", "Siemens"));
        var owner = first.OwnerId!.Value;
        state.SetRepStatus(owner, new RepStatus(Availability.Away, null, 1));

        var second = Route(state, Person("anna.schmidt@siemens.com", "Anna", "Schmidt"));

        Assert.Equal(firstId, second.PossibleDuplicateOf);
        Assert.Equal(DistributionMethod.RepBackup, second.Distribution);
        Assert.NotEqual(owner, second.OwnerId);
    }

    [Fact]
    public void An_open_lead_without_an_owner_marks_the_new_one_which_routes_by_the_rules()
    {
        var state = Accounts();
        var (firstId, first) = Store(state, Person("anna.schmidt@gmail.com", "Anna", "Schmidt", "Siemens", SignalType.NewsletterSignup));
        Assert.Equal(LeadStage.Nurture, first.Status);

        var second = Route(state, Person("anna.schmidt@siemens.com", "Anna", "Schmidt"));

        Assert.Equal(firstId, second.PossibleDuplicateOf);
        Assert.Equal(LeadStage.Assigned, second.Status);
        Assert.NotEqual(DistributionMethod.ExistingLead, second.Distribution);
        Assert.Contains(second.Trace, s => s.Outcome == $"same person as open lead {firstId} (Anna Schmidt at Siemens AG), which has no owner: marked possible duplicate; routed by the rules");
    }

    [Fact]
    public void The_same_email_is_merged_and_not_marked()
    {
        var state = Accounts();
        var (firstId, _) = Store(state, Person("anna.schmidt@siemens.com", "Anna", "Schmidt"));

        var again = Route(state, Person("anna.schmidt@siemens.com", "Anna", "Schmidt"));

        Assert.Equal((firstId, (LeadId?)null), (again.DuplicateOf!.Value, again.PossibleDuplicateOf));
    }

    [Fact]
    public void The_decision_names_the_matched_account()
    {
        var state = Accounts();
        Assert.Equal("siemens.com", Route(state, Person("anna@gmail.com", "Anna", "Schmidt", "Siemens")).AccountDomain);
        Assert.Null(Route(state, Person("anna@gmail.com", "Anna", "Schmidt", "Nobody Known")).AccountDomain);
    }
}

/// <summary>The person key: strict, no fuzzy matching (a false positive reassigns a lead).</summary>
public sealed class PersonNamesTests
{
    [Theory]
    [InlineData("Anna", "Schmidt", "anna|schmidt")]
    [InlineData("  ANNA  ", "von  der Heide", "anna|von der heide")]
    [InlineData("Jörg", "Müller", "joerg|mueller")]
    [InlineData("Jo\u0308rg", "Mu\u0308ller", "joerg|mueller")]
    [InlineData("René", "Lefèvre", "rene|lefevre")]
    [InlineData("Åsa", "Øster", "asa|oester")]
    [InlineData("Hans-Peter", "O'Brien", "hans peter|obrien")]
    [InlineData("Straße", "Weiß", "strasse|weiss")]
    public void Folds_case_spacing_diacritics_and_german_transliteration(string first, string last, string key) =>
        Assert.Equal(key, PersonNames.Key(first, last));

    [Theory]
    [InlineData(null, "Schmidt")]
    [InlineData("Anna", null)]
    [InlineData(" ", "Schmidt")]
    [InlineData("Anna", "-")]
    public void Both_names_are_required(string? first, string? last) => Assert.Null(PersonNames.Key(first, last));

    [Theory]
    [InlineData("Müller", "Muller")]
    [InlineData("Schmidt", "Schmid")]
    [InlineData("Schmidt", "Schmitt")]
    [InlineData("A.", "Anna")]
    public void Near_spellings_are_other_people(string one, string other) =>
        Assert.NotEqual(PersonNames.Key("Anna", one), PersonNames.Key("Anna", other));
}
