using System.Text.Json;
using LeadRouting.Core;
using LeadRouting.Core.Configuration;
using LeadRouting.Core.Leads;
using LeadRouting.Core.Replay;
using LeadRouting.Core.Routing;

namespace LeadRouting.Tests.Core.Replay;

/// <summary>What-if replay on hand-built histories whose moves are known, and its determinism.</summary>
public sealed class ReplayEngineTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly ReplayOptions TenDays = new() { From = Start, To = Start.AddDays(10) };

    /// <summary>Two SDR teams on calendars open around the clock: t1 (sdr1, sdr2) and t2 (sdr3), everything to t1.</summary>
    private static RoutingConfiguration Published(int sdr1Weight = 1, IReadOnlyList<Segment>? segments = null) =>
        TestData.Configuration(
            reps:
            [
                TestData.Rep("sdr1", RepLevel.Sdr, weight: sdr1Weight),
                TestData.Rep("sdr2", RepLevel.Sdr),
                TestData.Rep("sdr3", RepLevel.Sdr, team: "t2"),
                TestData.Rep("bk1", RepLevel.MidAe, team: "t2"),
                TestData.Rep("bk2", RepLevel.MidAe, team: "t2"),
            ],
            segments: segments);

    private static readonly Segment France = new() { Id = new SegmentId("fr"), Name = "France", Priority = 10, Team = new TeamId("t2"), Countries = ["FR"] };
    private static readonly Segment Everything = new() { Id = new SegmentId("all"), Name = "Everything", Priority = 100, Team = TestData.Team };

    /// <summary>
    /// A demo request from a small retailer: High intent × Weak fit → <c>SdrQualify</c>, the team's SDR pool by weighted
    /// round-robin. Each lead has its own company, so no account is in play.
    /// </summary>
    private static ReplayLead Lead(int number, string country, DateTimeOffset? at = null, DateTimeOffset? closedAt = null) => new()
    {
        Id = new LeadId($"L{number:D3}"),
        ClosedAt = closedAt,
        Submission = new LeadSubmission
        {
            Email = $"buyer{number}@company{number}.example",
            FirstName = "Buyer",
            LastName = $"No{number}",
            Company = $"Company {number}",
            Employees = 10,
            Industry = "Retail",
            Country = country,
            Source = SignalType.DemoRequest,
            ReceivedAt = at ?? Start.AddHours(number),
        },
    };

    private static string Json(ReplayResult result) => JsonSerializer.Serialize(result);

    [Fact]
    public void A_segment_moved_up_in_the_draft_sends_exactly_the_leads_that_match_it_to_the_other_team()
    {
        // Four French leads first, then six German ones: the live version alternates sdr1/sdr2 over all ten.
        var history = Enumerable.Range(1, 4).Select(i => Lead(i, "FR")).Concat(Enumerable.Range(5, 6).Select(i => Lead(i, "DE"))).ToList();
        var published = Published(segments: [Everything]);
        var draft = Published(segments: [France, Everything]);

        var result = ReplayEngine.Compare(history, published, draft, ReplayStartState.Empty, TenDays);

        Assert.Equal(10, result.LeadsReplayed);
        Assert.Equal(["L001", "L002", "L003", "L004"], result.ChangedLeads.Select(c => c.LeadId.Value));
        Assert.Equal(4, result.ChangedLeadsTotal);
        Assert.Equal((4, 4, 0, 0), (result.TeamChanged, result.OwnerChanged, result.ActionChanged, result.StatusChanged));
        Assert.All(result.ChangedLeads, c =>
        {
            Assert.Equal("t1", c.Published.TeamId?.Value);
            Assert.Equal("t2", c.Draft.TeamId?.Value);
            Assert.Equal("sdr3", c.Draft.OwnerId?.Value);
            Assert.Equal(ReplayChange.Owner | ReplayChange.Team, c.Changes);
        });
        Assert.Equal(["sdr1", "sdr2", "sdr1", "sdr2"], result.ChangedLeads.Select(c => c.Published.OwnerId?.Value));
        Assert.Equal("Buyer No1", result.ChangedLeads[0].Name);

        var loads = result.RepLoads.ToDictionary(r => r.RepId.Value, r => (r.PublishedAssigned, r.DraftAssigned, r.Change));
        Assert.Equal((5, 3, -2), loads["sdr1"]);
        Assert.Equal((5, 3, -2), loads["sdr2"]);
        Assert.Equal((0, 4, 4), loads["sdr3"]);
        Assert.Equal((0, 0, 0), loads["bk1"]);
    }

    [Fact]
    public void SLA_pressure_counts_due_leads_per_business_hour_against_the_teams_rep_hours()
    {
        var history = Enumerable.Range(1, 4).Select(i => Lead(i, "FR")).Concat(Enumerable.Range(5, 6).Select(i => Lead(i, "DE"))).ToList();

        var result = ReplayEngine.Compare(history, Published(segments: [Everything]), Published(segments: [France, Everything]), ReplayStartState.Empty, TenDays);

        // Ten days around the clock: 240 business hours; t1 has two SDRs (480 rep hours), t2 three reps (720).
        var t1 = result.Teams.Single(t => t.TeamId.Value == "t1");
        Assert.Equal((10, 240.0, 480.0), (t1.Published!.DueLeads, t1.Published.BusinessHours, t1.Published.RepHours));
        Assert.Equal(10 / 240.0, t1.Published.DuePerBusinessHour);
        Assert.Equal(2.0, t1.Published.RepsPerBusinessHour);
        Assert.Equal(10 / 480.0, t1.Published.LeadsPerRepHour);
        Assert.Equal(6, t1.Draft!.DueLeads);
        var t2 = result.Teams.Single(t => t.TeamId.Value == "t2");
        Assert.Equal((0, 4), (t2.Published!.DueLeads, t2.Draft!.DueLeads));
        Assert.Equal(4 / 720.0, t2.Draft.LeadsPerRepHour);

        // Demo requests are due 15 minutes after arrival; these arrive an hour apart, so one per clock hour at most.
        Assert.Equal(1, t1.Published.PeakDueInOneHour);
    }

    [Fact]
    public void A_weight_change_shifts_the_round_robin_shares_as_computed_by_hand()
    {
        var history = Enumerable.Range(1, 8).Select(i => Lead(i, "DE")).ToList();

        var result = ReplayEngine.Compare(history, Published(), Published(sdr1Weight: 3), ReplayStartState.Empty, TenDays);

        // Stride scheduling, stride S/3 for sdr1 and S for sdr2, ties to sdr1 (earlier in the pool):
        // sdr1, sdr2, sdr1, sdr1, sdr1, sdr2, sdr1, sdr1 — 6 : 2, exactly the weights' 3 : 1.
        // The live version alternates, so leads 4 and 8 move from sdr2 to sdr1.
        Assert.Equal(["L004", "L008"], result.ChangedLeads.Select(c => c.LeadId.Value));
        Assert.All(result.ChangedLeads, c => Assert.Equal(("sdr2", "sdr1"), (c.Published.OwnerId?.Value, c.Draft.OwnerId?.Value)));

        var pool = Assert.Single(result.Pools);
        Assert.Equal("t1:Sdr", pool.PoolKey);
        Assert.Equal(8, pool.Published!.Picks);
        Assert.Equal([(4, 0.5, 0.5), (4, 0.5, 0.5)], pool.Published.Members.Select(m => (m.Received, m.Share, m.WeightShare)));
        Assert.Equal(0, pool.Published.MaxDeviation);
        Assert.Equal([(6, 0.75, 0.75), (2, 0.25, 0.25)], pool.Draft!.Members.Select(m => (m.Received, m.Share, m.WeightShare)));
        Assert.Equal(0, pool.Draft.MaxDeviation);
    }

    [Fact]
    public void Fairness_shows_a_rep_out_of_rotation_and_the_deviation_it_causes()
    {
        var history = Enumerable.Range(1, 6).Select(i => Lead(i, "DE")).ToList();
        var start = new ReplayStartState { Reps = [new RepAvailability(new RepId("sdr2"), Availability.Away, null)] };

        var result = ReplayEngine.Compare(history, Published(), Published(), start, TenDays);

        var members = Assert.Single(result.Pools).Published!.Members;
        Assert.Equal([("sdr1", true, 6, 1.0, 1.0), ("sdr2", false, 0, 0.0, 0.0)], members.Select(m => (m.RepId.Value, m.InRotation, m.Received, m.Share, m.WeightShare)));
        Assert.Equal(0, result.ChangedLeadsTotal);
    }

    [Fact]
    public void A_lead_stops_counting_toward_its_owners_load_at_its_recorded_outcome()
    {
        // Capacity 1 each, equal weights. Lead 1 goes to sdr1; lead 2, an hour later, must go to sdr2 (sdr1 is full).
        // Lead 3 (two hours later) finds sdr2 full; sdr1 is free again only if lead 1 was closed in between.
        var reps = new[] { TestData.Rep("sdr1", RepLevel.Sdr, capacity: 1), TestData.Rep("sdr2", RepLevel.Sdr, capacity: 1), TestData.Rep("bk1", RepLevel.MidAe, team: "t2"), TestData.Rep("bk2", RepLevel.MidAe, team: "t2") };
        var config = TestData.Configuration(reps);
        List<ReplayLead> History(DateTimeOffset? firstClosed) => [Lead(1, "DE", closedAt: firstClosed), Lead(2, "DE"), Lead(3, "DE")];

        var closed = ReplayEngine.Compare(History(Start.AddHours(1.5)), config, config, ReplayStartState.Empty, TenDays);
        var open = ReplayEngine.Compare(History(null), config, config, ReplayStartState.Empty, TenDays);

        Assert.Equal((2, 1, 0), Loads(closed));
        Assert.Equal((1, 1, 1), Loads(open)); // lead 3 goes to the backup pool

        static (int Sdr1, int Sdr2, int Backup) Loads(ReplayResult r)
        {
            var byRep = r.RepLoads.ToDictionary(l => l.RepId.Value, l => l.PublishedAssigned);
            return (byRep["sdr1"], byRep["sdr2"], byRep["bk1"] + byRep["bk2"]);
        }
    }

    [Fact]
    public void A_load_decays_after_the_load_days_when_nothing_closed_the_lead()
    {
        var reps = new[] { TestData.Rep("sdr1", RepLevel.Sdr, capacity: 1), TestData.Rep("sdr2", RepLevel.Sdr, capacity: 1), TestData.Rep("bk1", RepLevel.MidAe, team: "t2"), TestData.Rep("bk2", RepLevel.MidAe, team: "t2") };
        var config = TestData.Configuration(reps);
        var history = new List<ReplayLead> { Lead(1, "DE"), Lead(2, "DE"), Lead(3, "DE", at: Start.AddDays(3)) };

        var result = ReplayEngine.Compare(history, config, config, ReplayStartState.Empty, TenDays with { LoadDays = 2 });

        var byRep = result.RepLoads.ToDictionary(l => l.RepId.Value, l => (l.PublishedAssigned, l.PublishedPeakOpen));
        Assert.Equal((2, 1), byRep["sdr1"]);
        Assert.Equal((1, 1), byRep["sdr2"]);
    }

    [Fact]
    public void The_same_inputs_give_the_same_result_whatever_order_leads_of_the_same_instant_come_in()
    {
        var published = DemoRoster.Configuration();
        var draft = published with
        {
            Organisation = published.Organisation with
            {
                Reps = [.. published.Organisation.Reps.Select((r, i) => i % 3 == 0 ? r with { Weight = r.Weight + 2, Capacity = Math.Max(1, r.Capacity / 2) } : r)],
            },
        };
        var history = SyntheticHistory(600, seed: 42);
        var start = new ReplayStartState { Accounts = DemoRoster.Accounts };
        var options = new ReplayOptions { From = Start, To = Start.AddDays(30) };

        var first = Json(ReplayEngine.Compare(history, published, draft, start, options));
        var again = Json(ReplayEngine.Compare(history, published, draft, start, options));
        var shuffled = history.ToArray();
        new Random(7).Shuffle(shuffled);
        var fromShuffled = Json(ReplayEngine.Compare(shuffled, published, draft, start, options));

        Assert.Equal(first, again);
        Assert.Equal(first, fromShuffled);
        Assert.Contains("\"ChangedLeadsTotal\":", first, StringComparison.Ordinal);
        Assert.True(ReplayEngine.Compare(history, published, draft, start, options).ChangedLeadsTotal > 0);
    }

    [Fact]
    public void A_free_mail_lead_whose_company_name_matches_a_named_account_goes_to_its_owner_as_live_routing_does()
    {
        // The live engine matches "Siemens" from gmail.com to the account siemens.com by name; a replay that knew
        // accounts by exact domain only would hand the lead to the SDR round-robin instead.
        var lead = new ReplayLead
        {
            Id = new LeadId("L001"),
            Submission = new LeadSubmission
            {
                Email = "anna.schmidt@gmail.com",
                FirstName = "Anna",
                LastName = "Schmidt",
                Company = "Siemens",
                Employees = 10,
                Industry = "Retail",
                Country = "DE",
                Source = SignalType.DemoRequest,
                ReceivedAt = Start.AddHours(1),
            },
        };
        var start = new ReplayStartState
        {
            Accounts = [new AccountRecord { Domain = "siemens.com", Name = "Siemens AG", OwnerId = new RepId("bk1"), IsNamedAccount = true, Country = "DE" }],
        };

        var result = ReplayEngine.Compare([lead], Published(), Published(), start, TenDays);

        var loads = result.RepLoads.ToDictionary(r => r.RepId.Value, r => (r.PublishedAssigned, r.DraftAssigned));
        Assert.Equal((1, 1), loads["bk1"]);
        Assert.Equal((0, 0), loads["sdr1"]);
    }

    [Fact]
    public void A_cap_in_the_draft_overflows_to_the_next_rep_and_counts_the_assignments_carried_into_the_window()
    {
        // The window opens at 00:30; sdr1 was assigned a lead at 00:20, before it. Four leads arrive before 01:00.
        var options = new ReplayOptions { From = Start.AddMinutes(30), To = Start.AddDays(10) };
        var history = Enumerable.Range(1, 4).Select(i => Lead(i, "DE", at: Start.AddMinutes(30 + 5 * i))).ToList();
        var start = new ReplayStartState { CarriedAssignments = [new CarriedAssignment(new RepId("sdr1"), Start.AddMinutes(20))] };

        var result = ReplayEngine.Compare(history, Published(), WithRep("sdr1", r => r with { HourlyCap = 1 }), start, options);

        var pool = Assert.Single(result.Pools);
        var draft = pool.Draft!.Members.ToDictionary(m => m.RepId.Value, m => m.Received);
        Assert.Equal(0, draft["sdr1"]); // at the cap of 1 from the carried assignment for the whole hour
        Assert.Equal(4, draft["sdr2"]);
        Assert.Equal(2, pool.Published!.Members.Single(m => m.RepId.Value == "sdr1").Received);
    }

    [Fact]
    public void The_pools_make_up_policy_is_replayed_a_rep_kept_out_at_capacity_catches_up_only_under_catch_up()
    {
        // sdr1 may hold 2 open leads: twenty leads that stay open for a day leave them eight behind their share; then
        // twenty leads that close within a minute show whether the pool makes that up. Without make-up sdr1 re-enters
        // next in line (one lead ahead, then alternating); with catch-up they take two of every three until even.
        var history = Enumerable.Range(1, 20).Select(i => Lead(i, "DE", at: Start.AddMinutes(5 * i), closedAt: Start.AddDays(1)))
            .Concat(Enumerable.Range(21, 20).Select(i => Lead(i, "DE", at: Start.AddDays(2).AddMinutes(5 * i), closedAt: Start.AddDays(2).AddMinutes(5 * i + 1))))
            .ToList();
        var configuration = WithRep("sdr1", r => r with { Capacity = 2 });

        int Sdr1Received(MakeUpPolicy policy)
        {
            var start = new ReplayStartState { MakeUp = new Dictionary<string, MakeUpPolicy> { ["t1:Sdr"] = policy } };
            var result = ReplayEngine.Compare(history, configuration, configuration, start, TenDays);
            return Assert.Single(result.Pools).Published!.Members.Single(m => m.RepId.Value == "sdr1").Received;
        }

        var none = Sdr1Received(MakeUpPolicy.None);
        var catchUp = Sdr1Received(MakeUpPolicy.CatchUpGradually);
        Assert.True(catchUp > none, $"catch-up gave sdr1 {catchUp} leads, no make-up {none}: the policy was not replayed");
    }

    private static RoutingConfiguration WithRep(string repId, Func<Rep, Rep> change)
    {
        var published = Published();
        return published with
        {
            Organisation = published.Organisation with { Reps = [.. published.Organisation.Reps.Select(r => r.Id.Value == repId ? change(r) : r)] },
        };
    }

    [Fact]
    public void A_lead_id_that_occurs_twice_is_refused()
    {
        var history = new[] { Lead(1, "DE"), Lead(1, "FR") };

        Assert.Throws<ArgumentException>(() => ReplayEngine.Compare(history, Published(), Published(), ReplayStartState.Empty, TenDays));
    }

    /// <summary>Leads over 30 days in groups of five that arrive at the same instant, with repeat companies and people.</summary>
    private static List<ReplayLead> SyntheticHistory(int count, int seed)
    {
        var random = new Random(seed);
        string[] countries = ["DE", "AT", "CH", "GB", "IE", "US", "CA", "FR", "NL", "BR"];
        string[] industries = ["Software", "Fintech", "Retail", "Manufacturing", "E-Commerce"];
        SignalType[] sources = [SignalType.DemoRequest, SignalType.ContactSales, SignalType.PricingPageVisit, SignalType.Webinar, SignalType.ContentDownload, SignalType.EventBadgeScan];
        var leads = new List<ReplayLead>(count);
        for (var i = 0; i < count; i++)
        {
            var at = Start.AddMinutes(i / 5 * 60 * 24 * 30 / (count / 5));
            var company = random.Next(count / 3);
            leads.Add(new ReplayLead
            {
                Id = new LeadId($"L{i:D5}"),
                ClosedAt = random.Next(4) == 0 ? at.AddDays(random.Next(1, 10)) : null,
                Submission = new LeadSubmission
                {
                    Email = $"p{random.Next(count)}@c{company}.example",
                    Company = $"C{company}",
                    Employees = random.Next(5, 3000),
                    Industry = industries[random.Next(industries.Length)],
                    Country = countries[random.Next(countries.Length)],
                    TechStack = random.Next(2) == 0 ? ["HubSpot"] : [],
                    Source = sources[random.Next(sources.Length)],
                    EstimatedDealSize = random.Next(3) == 0 ? random.Next(1_000, 120_000) : null,
                    ReceivedAt = at,
                },
            });
        }

        return leads;
    }
}
