using System.Globalization;
using LeadRouting.Core;
using LeadRouting.Core.Leads;
using LeadRouting.Core.Routing;
using LeadRouting.Tests.Api;
using LeadRouting.Tests.Core;
using LeadRouting.Web.Components.Pages.Playground;
using LeadRouting.Web.Components.Shared;
using LeadRouting.Web.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace LeadRouting.Tests.Components;

/// <summary>
/// Every sentence of a decision trace has German (issue 17): the playground's presets routed by the app's published
/// rules and a set of scenario leads routed by the core; a new sentence in the core without a pattern fails here.
/// </summary>
public sealed class TraceTextTests(LeadRoutingApiFactory app, ITestOutputHelper output) : IClassFixture<LeadRoutingApiFactory>
{
    private static readonly DateTimeOffset Now = TestData.Monday10Berlin;
    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");

    [Fact]
    public async Task Every_sentence_of_the_presets_and_scenario_traces_has_German()
    {
        var traces = new List<(string Name, IReadOnlyList<TraceStep> Trace)>();
        var preview = app.Services.GetRequiredService<PreviewService>();
        var model = new PlaygroundViewModel(preview);
        await model.InitializeAsync(CancellationToken.None);
        var steps = new List<(string Name, string Step, string Text)>();
        foreach (var preset in LeadPresets.All)
        {
            await model.ApplyPresetAsync(preset);
            foreach (var step in model.Decision!.Trace)
            {
                steps.Add((preset.Name, step.Step, step.Input));
                steps.Add((preset.Name, step.Step, step.Outcome));
                steps.AddRange(step.Excluded.Select(e => (preset.Name, step.Step, e.Reason)));
            }
        }

        foreach (var (name, trace) in Scenarios())
        {
            foreach (var step in trace)
            {
                steps.Add((name, step.Step, step.Input));
                steps.Add((name, step.Step, step.Outcome));
                steps.AddRange(step.Excluded.Select(e => (name, step.Step, e.Reason)));
            }
        }

        var untranslated = steps.Where(s => TraceText.German(s.Text) is null).Select(s => $"{s.Name} · {s.Step}: {s.Text}").Distinct().ToList();
        var stepsWithoutTitle = steps.Select(s => s.Step).Distinct().Where(s => TraceText.StepOf(s, German) == s && s != "Segment" && s != "SLA").ToList();
        foreach (var line in untranslated)
        {
            output.WriteLine(line);
        }

        Assert.True(untranslated.Count == 0, "Without German:\n" + string.Join("\n", untranslated));
        Assert.Empty(stepsWithoutTitle);
        Assert.True(steps.Count > 150, $"only {steps.Count} sentences routed");
    }

    [Theory]
    [InlineData("none: this is a new lead", "keiner: das ist ein neuer Lead")]
    [InlineData("High intent × Strong fit", "Kaufabsicht hoch × Eignung stark")]
    [InlineData("AeImmediate (immediate: reps in working hours first)", "Senior AE, sofortige Reaktion (sofort: Mitarbeiter in der Arbeitszeit zuerst)")]
    [InlineData("respond by Mon 30 Nov 10:15 Europe/Berlin, escalate at Mon 30 Nov 10:30 Europe/Berlin if not accepted",
        "Reaktion bis Mo. 30. Nov. 10:15 Europe/Berlin, Eskalation Mo. 30. Nov. 10:30 Europe/Berlin, falls nicht angenommen")]
    [InlineData("mid2: away (backup of mid1)", null)]
    [InlineData("away (backup of mid1)", "nicht verfügbar (Backup von mid1)")]
    [InlineData("reassigned along the fallback chain (owner's backup → team backup pool → Unassigned); the new owner gets a fresh acceptance window",
        "entlang der Ausweichkette neu zugewiesen (Backup des Verantwortlichen → Backup-Pool des Teams → Nicht zugewiesen); der neue Verantwortliche erhält ein neues Annahmefenster")]
    [InlineData("reached the daily cap of 20", "Tageslimit von 20 Leads erreicht")]
    [InlineData("reached the hourly cap of 5", "Stundenlimit von 5 Leads erreicht")]
    [InlineData("same person as open lead ld_1 (Anna Schmidt at Siemens AG), routed to its owner Max Muster; marked possible duplicate",
        "dieselbe Person wie im offenen Lead ld_1 (Anna Schmidt bei Siemens AG), dessen Verantwortlichem Max Muster zugewiesen; als mögliches Duplikat markiert")]
    [InlineData("a sentence the core never wrote", null)]
    public void German_fills_the_pattern_with_the_sentence_parts_and_knows_no_sentence_it_has_no_pattern_for(string english, string? german)
    {
        Assert.Equal(german, TraceText.German(english));
        Assert.Equal(english, TraceText.Of(english, CultureInfo.GetCultureInfo("en-GB")));
        Assert.Equal(german ?? english, TraceText.Of(english, German));
    }

    /// <summary>The paths the presets do not take: free mail, accounts, duplicates, full capacity, manual review, escalation.</summary>
    private static IEnumerable<(string Name, IReadOnlyList<TraceStep> Trace)> Scenarios()
    {
        var engine = TestData.Engine();
        RoutingDecision Route(LeadSubmission submission, InMemoryRoutingState? state = null, DateTimeOffset? at = null) =>
            TestData.Route(engine, submission, state ?? new InMemoryRoutingState(), at ?? Now);

        yield return ("free mail", Route(TestData.Submission(email: "someone@gmail.com", dealSize: 5_000)).Trace);
        yield return ("no firmographics", Route(TestData.Submission(employees: null, industry: null, country: null, techStack: [])).Trace);

        var accounts = new InMemoryRoutingState();
        accounts.AddAccount(new AccountRecord { Domain = "contoso.de", Name = "Contoso", OwnerId = new RepId("jr1"), IsNamedAccount = true });
        accounts.AddAccount(new AccountRecord { Domain = "fabrikam.com", Name = "Fabrikam", OwnerId = new RepId("mid2"), IsCustomer = true });
        accounts.AddAccount(new AccountRecord { Domain = "northwind.com", Name = "Northwind", OwnerId = new RepId("mid1") });
        accounts.AddAccount(new AccountRecord { Domain = "tailspin.com", Name = "Tailspin", Industry = "Software", Employees = 800, Country = "DE" });
        yield return ("named account", Route(TestData.Submission(email: "ceo@contoso.de", dealSize: 1_000_000), accounts).Trace);
        yield return ("customer", Route(TestData.Submission(email: "buyer@fabrikam.com", source: SignalType.NewsletterSignup), accounts).Trace);
        yield return ("account owner, not named", Route(TestData.Submission(email: "a@northwind.com"), accounts).Trace);
        yield return ("enrichment", Route(TestData.Submission(email: "a@tailspin.com", employees: null, industry: null, country: null), accounts).Trace);

        // Caps (issue 19): jr1 at its hourly cap, jr2 at its daily cap; the lead overflows to the SDR fallback level.
        var capped = TestData.Engine(TestData.Configuration([.. TestData.StandardReps.Select(r => r.Id.Value switch
        {
            "jr1" => r with { HourlyCap = 1 },
            "jr2" => r with { DailyCap = 1 },
            _ => r,
        })]));
        var caps = new InMemoryRoutingState();
        for (var i = 0; i < 2; i++)
        {
            var lead = TestData.Lead(capped, TestData.Submission(email: $"cap{i}@cap{i}.io", dealSize: 5_000));
            caps.Apply(lead, capped.Route(lead, caps, Now), Now);
        }

        yield return ("caps", TestData.Route(capped, TestData.Submission(email: "cap9@cap9.io", dealSize: 5_000), caps, Now).Trace);

        var away = new InMemoryRoutingState();
        away.AddAccount(new AccountRecord { Domain = "contoso.de", Name = "Contoso", OwnerId = new RepId("sr1"), IsNamedAccount = true });
        away.SetRepStatus(new("sr1"), new RepStatus(Availability.OutOfOffice, new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero), 3));
        yield return ("named account owner away", Route(TestData.Submission(email: "ceo@contoso.de"), away).Trace);

        var played = new InMemoryRoutingState();
        var first = TestData.Lead(engine, TestData.Submission(email: "a@initech.com", dealSize: 5_000));
        played.Apply(first, engine.Route(first, played, Now));
        yield return ("account in play", Route(TestData.Submission(email: "b@initech.com", dealSize: 40_000), played).Trace);
        yield return ("duplicate", Route(TestData.Submission(email: "A@initech.com", source: SignalType.PricingPageVisit), played, Now.AddDays(1)).Trace);

        var monitored = new InMemoryRoutingState();
        var newsletter = TestData.Lead(engine, TestData.Submission(source: SignalType.NewsletterSignup));
        monitored.Apply(newsletter, engine.Route(newsletter, monitored, Now));
        yield return ("monitored nurture lifted", Route(TestData.Submission(source: SignalType.DemoRequest), monitored, Now.AddDays(2)).Trace);
        yield return ("weak fit", Route(TestData.Submission(source: SignalType.Webinar, employees: 60, industry: "Agriculture", country: "BR", techStack: [])).Trace);
        yield return ("disqualified", Route(TestData.Submission(source: SignalType.NewsletterSignup, employees: 5, industry: null, country: null, techStack: [])).Trace);

        var full = new InMemoryRoutingState();
        foreach (var rep in TestData.StandardReps)
        {
            full.SetRepStatus(rep.Id, new RepStatus(Availability.Available, null, rep.Capacity));
        }

        yield return ("capacity full", Route(TestData.Submission(dealSize: 5_000), full).Trace);
        yield return ("capacity full, enterprise", Route(TestData.Submission(dealSize: 500_000), full).Trace);

        var mixed = new InMemoryRoutingState();
        mixed.SetRepStatus(new("jr1"), new RepStatus(Availability.OutOfOffice, new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero), 0));
        mixed.SetRepStatus(new("jr2"), new RepStatus(Availability.Available, null, 100));
        mixed.SetRepStatus(new("sdr1"), new RepStatus(Availability.Away, null, 0));
        mixed.SetRepStatus(new("mid2"), new RepStatus(Availability.Away, null, 0));
        yield return ("exclusions", Route(TestData.Submission(dealSize: 5_000), mixed).Trace);
        yield return ("enterprise", Route(TestData.Submission(dealSize: 500_000)).Trace);
        yield return ("mid-market", Route(TestData.Submission(dealSize: 20_000)).Trace);

        yield return ("manual review", Route(TestData.Submission(referral: Referral.Vip)).Trace);
        yield return ("executive intro", Route(TestData.Submission(referral: Referral.ExecutiveIntro)).Trace);

        var berlin = TestData.Engine(TestData.Configuration(teamCalendar: "berlin"));
        var saturday = new DateTimeOffset(2026, 12, 5, 10, 0, 0, TimeSpan.Zero);
        yield return ("weekend", berlin.Route(TestData.Lead(berlin, TestData.Submission(), saturday), new InMemoryRoutingState(), saturday).Trace);
        var evening = new DateTimeOffset(2026, 11, 30, 18, 30, 0, TimeSpan.Zero);
        yield return ("evening", berlin.Route(TestData.Lead(berlin, TestData.Submission(dealSize: 5_000), evening), new InMemoryRoutingState(), evening).Trace);

        var lapsed = TestData.Lead(engine, TestData.Submission(dealSize: 20_000));
        var lapse = new InMemoryRoutingState();
        lapse.SetRepStatus(new RepId("mid2"), new RepStatus(Availability.Away, null, 0));
        yield return ("escalation", engine.Reassign(lapsed, new RepId("mid1"), 0, lapse, Now, new RouteOptions { ExcludedReps = new HashSet<RepId> { new("mid1") } }).Trace);
        yield return ("escalation, chain exhausted", engine.Reassign(lapsed, new RepId("mid1"), RoutingEngine.MaxReassignments, lapse, Now).Trace);
        yield return ("escalation, owner gone", engine.Reassign(lapsed, new RepId("gone"), 0, lapse, Now).Trace);

        // Account matching (issue 19): by name (counts, grey zone, grey zone without owner), by parent domain, by alias.
        var matching = new InMemoryRoutingState();
        matching.AddAccount(new AccountRecord { Domain = "siemens.com", Name = "Siemens AG", OwnerId = new RepId("sr1"), IsNamedAccount = true, DomainAliases = ["siemens.de"] });
        matching.AddAccount(new AccountRecord { Domain = "bmwgroup.com", Name = "Bayerische Motoren Werke AG", OwnerId = new RepId("sr1"), IsNamedAccount = true });
        matching.AddAccount(new AccountRecord { Domain = "volkswagen.de", Name = "Volkswagen AG" });
        yield return ("matched by name", Route(TestData.Submission(email: "anna@gmail.com") with { Company = "Siemens GmbH" }, matching).Trace);
        yield return ("matched by parent domain", Route(TestData.Submission(email: "anna@eu.siemens.com"), matching).Trace);
        yield return ("matched by alias", Route(TestData.Submission(email: "anna@siemens.de"), matching).Trace);
        yield return ("grey-zone match", Route(TestData.Submission(email: "max@web.de") with { Company = "BMW" }, matching).Trace);
        yield return ("grey-zone match, no owner", Route(TestData.Submission(email: "max@vw-partner.de") with { Company = "Volkswagon" }, matching).Trace);

        // The same person under another address (issue 19): the open lead has an owner, or it is in nurture and has none.
        foreach (var (name, source) in new[] { ("same person", SignalType.DemoRequest), ("same person, no owner", SignalType.NewsletterSignup) })
        {
            var people = new InMemoryRoutingState();
            people.AddAccount(new AccountRecord { Domain = "siemens.com", Name = "Siemens AG" });
            var anna = TestData.Lead(engine, TestData.Submission(email: "anna.schmidt@gmail.com", source: source) with { FirstName = "Anna", LastName = "Schmidt", Company = "Siemens" });
            people.Apply(anna, engine.Route(anna, people, Now));
            yield return (name, Route(TestData.Submission(email: "anna.schmidt@siemens.com") with { FirstName = "Anna", LastName = "Schmidt" }, people).Trace);
        }
    }
}
