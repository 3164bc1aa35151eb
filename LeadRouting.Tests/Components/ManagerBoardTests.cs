using System.Globalization;
using System.Security.Claims;
using Bunit;
using LeadRouting.Core;
using LeadRouting.Core.Configuration;
using LeadRouting.Core.Leads;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Components.Pages.Board;
using LeadRouting.Web.Data;
using LeadRouting.Web.Leads;
using LeadRouting.Web.Live;
using LeadRouting.Web.Routing;
using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace LeadRouting.Tests.Components;

/// <summary><c>/board</c> over leads stored by the real write path, its services taken from the running app.</summary>
public sealed class ManagerBoardTests : ComponentTestContext, IClassFixture<LeadRoutingApiFactory>
{
    private static readonly TimeSpan Wait = Eventually.DefaultTimeout;
    private readonly LeadRoutingApiFactory _app;
    private readonly Bunit.TestDoubles.BunitAuthorizationContext _authorization;

    public ManagerBoardTests(LeadRoutingApiFactory app)
    {
        _app = app;
        Services.AddSingleton(app.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>());
        Services.AddSingleton(app.Services.GetRequiredService<ConfigurationStore>());
        Services.AddSingleton(app.Services.GetRequiredService<LeadActionsService>());
        Services.AddSingleton(app.Services.GetRequiredService<LeadEventNotifier>());
        Services.AddScoped<ICurrentUser, CurrentUser>();
        _authorization = AddAuthorization();
        var authorization = _authorization;
        // A manager of no team or region sees every region; the tests of a manager's own board sign in Katrin Vogel (DACH).
        authorization.SetAuthorized("board.tester@leadrouting.demo");
        authorization.SetRoles(LeadRoutingRoles.Manager);
        authorization.SetPolicies(LeadRoutingPolicies.Manager);
        authorization.SetClaims(new Claim(ClaimTypes.NameIdentifier, "user-1"), new Claim(LeadRoutingClaims.DisplayName, "Katrin Vogel"));
        authorization.SetAuthenticationType(IdentityConstants.ApplicationScheme);
    }

    /// <summary>A VIP referral: it waits in the Manual-review queue.</summary>
    private async Task<string> VipLeadAsync(string name, string country = "DE")
    {
        var result = await _app.Services.GetRequiredService<LeadIngestionService>().IngestAsync(new LeadSubmission
        {
            Email = $"{Guid.NewGuid():N}@vip-{Guid.NewGuid():N}.example",
            FirstName = name,
            Company = "VIP AG",
            Country = country,
            Employees = 900,
            Source = SignalType.ContactSales,
            Referral = Referral.Vip,
        }, "test", CancellationToken.None);
        Assert.Equal(LeadStage.ManualReview, result.Stored!.Lead.Stage);
        return result.LeadId!;
    }

    /// <summary>
    /// The board once its snapshot and the queue grid's first page are in; by default for Ops (every region), else for
    /// Katrin Vogel as the manager of DACH.
    /// </summary>
    private IRenderedComponent<ManagerBoard> RenderBoard(bool everyRegion = true)
    {
        if (!everyRegion)
        {
            _authorization.SetAuthorized("katrin.vogel@leadrouting.demo");
        }

        var cut = RenderPage<ManagerBoard>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=board-reps] tbody tr")), Wait);

        cut.WaitForAssertion(() => Assert.NotEmpty(QueueRows(cut)), Wait);
        return cut;
    }

    private static IReadOnlyList<AngleSharp.Dom.IElement> QueueRows(IRenderedComponent<ManagerBoard> cut) =>
        cut.FindAll("[data-testid=board-queue] tr.queue-row");

    private static AngleSharp.Dom.IElement QueueRow(IRenderedComponent<ManagerBoard> cut, string name) =>
        QueueRows(cut).Single(r => r.TextContent.Contains(name, StringComparison.Ordinal));

    private static MudSelect<string> Select(IRenderedComponent<ManagerBoard> cut, string label) =>
        cut.FindComponents<MudSelect<string>>().Single(s => s.Instance.Label == label).Instance;

    private async Task<LeadRouting.Core.Routing.CompiledOrganisation> OrganisationAsync() =>
        (await _app.Services.GetRequiredService<ConfigurationStore>().CurrentAsync(CancellationToken.None)).Engine.Organisation;

    [Fact]
    public async Task Shows_the_queue_with_names_as_text_and_every_rep_with_load_and_status()
    {
        await VipLeadAsync("<img src=x onerror=alert(1)>");
        var cut = RenderBoard();

        var queue = cut.Find("[data-testid=board-queue]");
        Assert.Contains("<img src=x onerror=alert(1)>", queue.TextContent, StringComparison.Ordinal);
        Assert.Empty(queue.QuerySelectorAll("img"));
        Assert.Contains("Manual review", queue.TextContent, StringComparison.Ordinal);
        Assert.Contains("VIP referral", queue.TextContent, StringComparison.Ordinal);
        Assert.Equal(28, cut.FindAll("[data-testid=board-reps] tbody tr").Count);
    }

    [Fact]
    public async Task Assigning_without_a_rep_or_a_reason_says_what_is_missing_and_changes_nothing()
    {
        var id = await VipLeadAsync("Needs Owner");
        var cut = RenderBoard();
        QueueRow(cut, "Needs Owner").QuerySelector("[data-testid=assign-start]")!.Click();

        cut.Find("[data-testid=assign-confirm]").Click();

        cut.WaitForAssertion(() => Assert.Contains("Choose a rep.", cut.Markup, StringComparison.Ordinal), Wait);
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        Assert.Equal(LeadStage.ManualReview, (await db.Leads.SingleAsync(l => l.Id == id)).Stage);
    }

    [Fact]
    public async Task A_lead_event_reloads_the_board_and_the_subscription_ends_with_the_component()
    {
        var notifier = _app.Services.GetRequiredService<LeadEventNotifier>();
        var before = notifier.SubscriberCount;
        var cut = RenderBoard();
        Assert.Equal(before + 1, notifier.SubscriberCount);

        var id = await VipLeadAsync("Arrived Later");
        notifier.Publish(new LeadEvent { Kind = LeadEventKind.Routed, LeadId = id, At = LeadRoutingApiFactory.Now, Actor = "test", Status = LeadStage.ManualReview });

        cut.WaitForAssertion(() => Assert.Contains("Arrived Later", cut.Find("[data-testid=board-queue]").TextContent, StringComparison.Ordinal), Wait);
        await DisposeComponentsAsync();
        Assert.Equal(before, notifier.SubscriberCount);
    }

    [Fact]
    public async Task An_accepted_lead_shows_in_the_live_activity_after_the_event()
    {
        var result = await _app.Services.GetRequiredService<LeadIngestionService>().IngestAsync(new LeadSubmission
        {
            Email = $"{Guid.NewGuid():N}@accepting-{Guid.NewGuid():N}.de",
            FirstName = "Accepted",
            LastName = "Later",
            Country = "DE",
            Employees = 400,
            Industry = "Software",
            Source = SignalType.DemoRequest,
        }, "test", CancellationToken.None);
        var lead = result.Stored!.Lead;
        var cut = RenderBoard();

        var accepted = await _app.Services.GetRequiredService<LeadActionsService>().AcceptAsync(lead.Id, new LeadActor("Owner", lead.OwnerId), CancellationToken.None);
        Assert.Equal(LeadActionOutcome.Done, accepted.Outcome);
        _app.Services.GetRequiredService<LeadEventNotifier>().Publish(new LeadEvent
        {
            Kind = LeadEventKind.Accepted, LeadId = lead.Id, At = LeadRoutingApiFactory.Now, Actor = "Owner", Status = LeadStage.Accepted,
        });

        cut.WaitForAssertion(
            () => Assert.Contains(cut.FindAll("[data-testid=activity-row]"), r => r.TextContent.Contains("Accepted Later", StringComparison.Ordinal) && r.QuerySelectorAll("td")[2].TextContent == "Accepted" && r.TextContent.Contains("accepted by Owner", StringComparison.Ordinal)),
            Wait);
    }

    [Fact]
    public async Task Assigning_with_a_rep_but_no_reason_asks_for_one_and_with_a_reason_assigns_through_the_service_audited()
    {
        var id = await VipLeadAsync("Gets An Owner");
        var cut = RenderBoard();
        // The lead's own event reloads the queue once more after the first render; a click on the row that reload
        // replaces has no handler any more, so click (an idempotent "start assigning") until the form is open.
        cut.WaitForAssertion(
            () =>
            {
                QueueRow(cut, "Gets An Owner").QuerySelector("[data-testid=assign-start]")!.Click();
                Assert.Contains(cut.FindComponents<MudSelect<string>>(), s => s.Instance.Label == "Rep");
            },
            Wait);
        await cut.InvokeAsync(() => Select(cut, "Rep").ValueChanged.InvokeAsync("dach-mid-1"));

        cut.Find("[data-testid=assign-confirm]").Click();
        cut.WaitForAssertion(() => Assert.Contains("A reason is required.", cut.Markup, StringComparison.Ordinal), Wait);
        await using (var db = await _app.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync())
        {
            Assert.Equal(LeadStage.ManualReview, (await db.Leads.SingleAsync(l => l.Id == id)).Stage);
        }

        cut.Find("[data-testid=assign-reason] input, input[data-testid=assign-reason]").Change("VIP: Clara knows the buyer");
        cut.Find("[data-testid=assign-confirm]").Click();

        cut.WaitForAssertion(() => Assert.DoesNotContain(QueueRows(cut), r => r.TextContent.Contains("Gets An Owner", StringComparison.Ordinal)), Wait);
        await using (var db = await _app.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync())
        {
            var lead = await db.Leads.SingleAsync(l => l.Id == id);
            Assert.Equal((LeadStage.Assigned, "dach-mid-1"), (lead.Stage, lead.OwnerId));
            var audit = await db.AuditEvents.SingleAsync(e => e.LeadId == id && e.Type == "AssignedByManager");
            Assert.Equal("Katrin Vogel", audit.Actor);
            Assert.EndsWith(": VIP: Clara knows the buyer", audit.Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_queue_grid_shows_one_server_page_and_its_next_page_is_the_next_slice_of_the_query()
    {
        for (var i = 0; i < 12; i++)
        {
            await VipLeadAsync($"Paged Lead {i:00}");
        }

        var cut = RenderBoard();
        var grid = cut.FindComponent<MudDataGrid<QueuedLead>>().Instance;
        await cut.InvokeAsync(() => grid.SetRowsPerPageAsync(10));
        cut.WaitForAssertion(() => Assert.Equal(10, QueueRows(cut).Count), Wait);

        var organisation = await OrganisationAsync();
        var dbFactory = _app.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>();
        var filter = new BoardFilter(null, null, LeadRoutingApiFactory.Now.AddDays(-7));
        var first = await BoardQueries.LoadQueueAsync(dbFactory, organisation, filter, 0, 10, QueueOrder.ReceivedOldestFirst, CancellationToken.None);
        var second = await BoardQueries.LoadQueueAsync(dbFactory, organisation, filter, 10, 10, QueueOrder.ReceivedOldestFirst, CancellationToken.None);
        Assert.True(first.Total >= 12);
        Assert.Equal(first.Total, second.Total);
        Assert.Empty(first.Items.Select(l => l.Id).Intersect(second.Items.Select(l => l.Id)));
        Assert.Contains($"of {first.Total}", cut.Find("[data-testid=board-queue] .mud-table-pagination").TextContent, StringComparison.Ordinal);
        Assert.Equal(first.Items.Select(l => l.Contact), QueueRows(cut).Select(r => r.QuerySelector("a")!.TextContent));

        await cut.InvokeAsync(() => grid.NavigateTo(MudBlazor.Page.Next));

        cut.WaitForAssertion(() => Assert.Equal(second.Items.Select(l => l.Contact), QueueRows(cut).Select(r => r.QuerySelector("a")!.TextContent)), Wait);
    }

    [Fact]
    public void A_sort_on_received_orders_the_queue_by_received_and_no_sort_longest_waiting_first()
    {
        static SortDefinition<QueuedLead> Received(bool descending) => new(nameof(QueuedLead.ReceivedAt), descending, 0, l => l.ReceivedAt);

        Assert.Equal(QueueOrder.ReceivedOldestFirst, ManagerBoard.QueueOrderOf([]));
        Assert.Equal(QueueOrder.ReceivedOldestFirst, ManagerBoard.QueueOrderOf([Received(descending: false)]));
        Assert.Equal(QueueOrder.ReceivedNewestFirst, ManagerBoard.QueueOrderOf([Received(descending: true)]));
    }

    [Fact]
    public async Task Choosing_a_region_narrows_the_queue_and_the_reps_to_that_regions_teams()
    {
        await VipLeadAsync("Berlin Prospect", "DE");
        await VipLeadAsync("London Prospect", "GB");
        var cut = RenderBoard();
        cut.WaitForAssertion(() => Assert.Contains(QueueRows(cut), r => r.TextContent.Contains("London Prospect", StringComparison.Ordinal)), Wait);
        Assert.Contains(QueueRows(cut), r => r.TextContent.Contains("Berlin Prospect", StringComparison.Ordinal));

        await cut.InvokeAsync(() => Select(cut, "Region").ValueChanged.InvokeAsync("UKI"));

        cut.WaitForAssertion(() => Assert.DoesNotContain(QueueRows(cut), r => r.TextContent.Contains("Berlin Prospect", StringComparison.Ordinal)), Wait);
        Assert.Contains(QueueRows(cut), r => r.TextContent.Contains("London Prospect", StringComparison.Ordinal));
        Assert.All(QueueRows(cut), r => Assert.Contains("UK & Ireland", r.TextContent, StringComparison.Ordinal));
        var ukiTeams = (await OrganisationAsync()).Teams.Where(t => t.Team.Region == "UKI").Select(t => t.Team.Name).ToList();
        Assert.All(cut.FindAll("[data-testid=board-reps] tbody tr"), r => Assert.Contains(r.QuerySelectorAll("td")[1].TextContent, ukiTeams));
    }

    [Fact]
    public async Task The_queue_is_longest_waiting_first_with_an_age_column_whatever_the_routing_priority()
    {
        var older = await VipLeadAsync("Waiting Longest");
        var newer = await VipLeadAsync("Urgent But New");
        var dbFactory = _app.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>();
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            // Older leads than any other test's, and the newer one with the higher hidden priority that used to sort first.
            var leads = await db.Leads.Where(l => l.Id == older || l.Id == newer).ToListAsync();
            leads.Single(l => l.Id == older).ReceivedAt = LeadRoutingApiFactory.Now.AddHours(-30);
            leads.Single(l => l.Id == older).QueuePriority = 0;
            leads.Single(l => l.Id == newer).ReceivedAt = LeadRoutingApiFactory.Now.AddHours(-29);
            leads.Single(l => l.Id == newer).QueuePriority = 10_000;
            await db.SaveChangesAsync();
        }

        var cut = RenderBoard();

        cut.WaitForAssertion(() => Assert.Contains("Waiting Longest", QueueRows(cut)[0].TextContent, StringComparison.Ordinal), Wait);
        Assert.Contains("Urgent But New", QueueRows(cut)[1].TextContent, StringComparison.Ordinal);
        Assert.Equal("30 h", QueueRows(cut)[0].QuerySelector("[data-testid=queue-age]")!.TextContent);
        Assert.Equal("29 h", QueueRows(cut)[1].QuerySelector("[data-testid=queue-age]")!.TextContent);
        Assert.DoesNotContain("UTC", cut.Find("[data-testid=board-queue]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_manager_s_board_opens_on_the_region_or_team_they_manage_and_ops_see_everything()
    {
        var organisation = new LeadRouting.Core.Configuration.Organisation
        {
            Regions = [new() { Code = "DACH", Name = "DACH", ManagerEmail = "katrin.vogel@leadrouting.demo" }],
            Teams = [new() { Id = new("uki"), Name = "UK", Region = "UKI", CalendarId = "london", ManagerEmail = "Oliver.Hughes@leadrouting.demo " }],
        };
        static SignedInUser Person(string email, string role) => new("u", email, email, [role], null);

        Assert.Equal(("DACH", ManagerBoard.All), ManagerBoard.DefaultFilter(organisation, Person("katrin.vogel@leadrouting.demo", LeadRoutingRoles.Manager)));
        Assert.Equal(("UKI", "uki"), ManagerBoard.DefaultFilter(organisation, Person("oliver.hughes@leadrouting.demo", LeadRoutingRoles.Manager)));
        Assert.Equal((ManagerBoard.All, ManagerBoard.All), ManagerBoard.DefaultFilter(organisation, Person("katrin.vogel@leadrouting.demo", LeadRoutingRoles.Ops)));
        Assert.Equal((ManagerBoard.All, ManagerBoard.All), ManagerBoard.DefaultFilter(organisation, Person("nobody@leadrouting.demo", LeadRoutingRoles.Manager)));
    }

    [Fact]
    public async Task Headline_counts_a_lead_ten_minutes_from_its_target_as_breaching_in_the_next_fifteen_minutes()
    {
        var now = LeadRoutingApiFactory.Now;
        var soon = await VipLeadAsync("Due In Ten");
        var later = await VipLeadAsync("Due In Twenty");
        var overdue = await VipLeadAsync("Overdue Five");
        var dbFactory = _app.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>();
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            // On a team of their own (no other test's leads): waiting for their first touch, due at the given minutes.
            foreach (var (id, minutes) in new[] { (soon, 10), (later, 20), (overdue, -5) })
            {
                var lead = await db.Leads.SingleAsync(l => l.Id == id);
                (lead.TeamId, lead.Stage, lead.OwnerId, lead.RespondBy, lead.ReceivedAt) = ("na", LeadStage.Assigned, "na-mid-1", now.AddMinutes(minutes), now.AddMinutes(-20));
            }

            await db.SaveChangesAsync();
        }

        var organisation = await OrganisationAsync();
        var board = await BoardQueries.LoadAsync(dbFactory, organisation, new BoardFilter(null, "na", now.AddDays(-7)), now, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"), CancellationToken.None);

        Assert.Equal((1, 1), (board.Headline.BreachingSoon, board.Headline.BreachedNow));
        Assert.Equal(SlaSignal.Amber, SlaSignals.BreachingSoon(board.Headline.BreachingSoon));
        Assert.Equal(SlaSignal.Red, SlaSignals.BreachedNow(board.Headline.BreachedNow));

        var cut = RenderBoard(everyRegion: false);
        await cut.InvokeAsync(() => Select(cut, "Region").ValueChanged.InvokeAsync("NA"));
        await cut.InvokeAsync(() => Select(cut, "Team").ValueChanged.InvokeAsync("na"));
        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("[data-testid=headline-soon] .tile-value").TextContent), Wait);
        Assert.Equal("Amber", cut.Find("[data-testid=headline-soon]").GetAttribute("data-signal"));
        Assert.Equal("1", cut.Find("[data-testid=headline-breached] .tile-value").TextContent);
        Assert.Equal("Red", cut.Find("[data-testid=headline-breached]").GetAttribute("data-signal"));
    }

    private static Team Team(string id, int? target) => new() { Id = new TeamId(id), Name = id, Region = "DACH", CalendarId = "berlin", SlaTargetPercent = target };

    [Fact]
    public void Headline_signals_follow_the_thresholds_in_the_readme()
    {
        Assert.Equal(SlaSignal.Green, SlaSignals.MetShare(0.9, 0.9));
        Assert.Equal(SlaSignal.Amber, SlaSignals.MetShare(0.85, 0.9));
        Assert.Equal(SlaSignal.Red, SlaSignals.MetShare(0.79, 0.9));
        Assert.Equal(SlaSignal.Green, SlaSignals.MetShare(null, 0.9));
        // A team that promises 95 %: 92 % is amber for it.
        Assert.Equal(SlaSignal.Amber, SlaSignals.MetShare(0.92, 0.95));
        Assert.Equal(0.95, SlaSignals.TargetOf([Team("a", null), Team("b", 95)]));
        Assert.Equal(0.9, SlaSignals.TargetOf([Team("a", null)]));
        Assert.Equal(SlaSignal.Green, SlaSignals.BreachedNow(0));
        Assert.Equal(SlaSignal.Red, SlaSignals.BreachedNow(1));
        Assert.Equal(SlaSignal.Red, SlaSignals.BreachingSoon(3));
        Assert.Equal((SlaSignal.Green, SlaSignal.Amber, SlaSignal.Red), (SlaSignals.Queued(5), SlaSignals.Queued(20), SlaSignals.Queued(21)));
        Assert.Equal(
            (SlaSignal.Green, SlaSignal.Amber, SlaSignal.Red),
            (SlaSignals.OldestWaiting(TimeSpan.FromMinutes(14)), SlaSignals.OldestWaiting(TimeSpan.FromMinutes(59)), SlaSignals.OldestWaiting(TimeSpan.FromHours(1))));
    }

    [Fact]
    public void Today_and_this_week_start_at_the_person_s_midnight_and_monday()
    {
        // Monday 30 Nov 2026, 15:00 UTC is 16:00 in Berlin; 23:30 UTC on Sunday 29 Nov is already Monday in Berlin.
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        Assert.Equal(
            (DateTimeOffset.Parse("2026-11-29T23:00Z", CultureInfo.InvariantCulture), DateTimeOffset.Parse("2026-11-29T23:00Z", CultureInfo.InvariantCulture)),
            BoardQueries.DayAndWeekStart(LeadRoutingApiFactory.Now, berlin));
        Assert.Equal(
            (DateTimeOffset.Parse("2026-12-02T23:00Z", CultureInfo.InvariantCulture), DateTimeOffset.Parse("2026-11-29T23:00Z", CultureInfo.InvariantCulture)),
            BoardQueries.DayAndWeekStart(DateTimeOffset.Parse("2026-12-03T10:00Z", CultureInfo.InvariantCulture), berlin));
    }

    [Fact]
    public async Task The_board_speaks_german_with_local_times_and_no_utc()
    {
        await VipLeadAsync("Deutscher Lead");
        using var german = CultureScope.Of("de-DE");
        Services.GetRequiredService<LeadRouting.Web.Localization.PersonFormat>().Use(TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"), CultureInfo.GetCultureInfo("de-DE"));

        var cut = RenderPage<ManagerBoard>();
        cut.WaitForAssertion(() => Assert.NotEmpty(QueueRows(cut)), Wait);

        Assert.Contains("SLA-Board", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("Heute eingehalten", cut.Find("[data-testid=headline-today]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Ziel 90 %", cut.Find("[data-testid=headline-today]").TextContent, StringComparison.Ordinal);
        var row = QueueRows(cut).First(r => r.TextContent.Contains("Deutscher Lead", StringComparison.Ordinal));
        Assert.Contains("Manuelle Prüfung", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("VIP-Empfehlung", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("heute, 16:00", row.TextContent, StringComparison.Ordinal); // received at 15:00 UTC
        Assert.DoesNotContain("UTC", cut.Find("[data-testid=board-queue]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void The_reps_to_assign_to_are_the_lead_s_team_first_then_its_region_with_warnings_on_capacity_region_and_availability()
    {
        var lead = new QueuedLead("l1", "Lena", null, LeadStage.ManualReview, "dach", "DACH Sales", "DACH", LeadRoutingApiFactory.Now, Referral.Vip, 0);
        RepLoad Rep(string id, string team, string region, int open, int capacity, string availability = "Available") =>
            new(id, id, team, team, region, "Mid-Level AE", open, capacity, availability);
        var reps = new[]
        {
            Rep("uki-free", "uki", "UKI", 0, 10),
            Rep("dach-full", "dach", "DACH", 10, 10),
            Rep("dach-enterprise-free", "dach-enterprise", "DACH", 1, 10),
            Rep("dach-busy", "dach", "DACH", 8, 10),
            Rep("dach-away", "dach", "DACH", 0, 10, "Away"),
            Rep("dach-light", "dach", "DACH", 2, 10),
            Rep("dach-gone", "dach", "DACH", 0, 10, "Inactive"),
        };

        var choices = RepLoad.ForAssigning(lead, reps);

        Assert.Equal(["dach-light", "dach-busy", "dach-full", "dach-away", "dach-enterprise-free", "uki-free"], choices.Select(r => r.RepId));
        Assert.Empty(choices.Single(r => r.RepId == "dach-light").WarningsFor(lead));
        Assert.Equal([AssignWarning.OverCapacity], choices.Single(r => r.RepId == "dach-full").WarningsFor(lead));
        Assert.Equal([AssignWarning.OtherRegion], choices.Single(r => r.RepId == "uki-free").WarningsFor(lead));
        Assert.Equal([AssignWarning.NotAvailable], choices.Single(r => r.RepId == "dach-away").WarningsFor(lead));
    }

    [Fact]
    public async Task The_assign_form_lists_the_lead_s_team_first_with_level_load_and_status_and_warns_on_another_region()
    {
        await VipLeadAsync("Needs A Dach Rep", "DE");
        var cut = RenderBoard(everyRegion: false);
        cut.WaitForAssertion(
            () =>
            {
                QueueRow(cut, "Needs A Dach Rep").QuerySelector("[data-testid=assign-start]")!.Click();
                Assert.Contains(cut.FindComponents<MudSelect<string>>(), s => s.Instance.Label == "Rep");
            },
            Wait);
        var row = QueueRow(cut, "Needs A Dach Rep");
        var team = row.QuerySelectorAll("td")[3].TextContent;
        var organisation = await OrganisationAsync();
        var firstTeamRep = organisation.Reps.First(r => r.Team.Team.Name == team && r.Rep.Active);

        var elsewhere = organisation.Reps.First(r => r.Team.Team.Region != "DACH" && r.Rep.Active);
        await cut.InvokeAsync(() => Select(cut, "Rep").ValueChanged.InvokeAsync(elsewhere.Id.Value));
        cut.WaitForAssertion(() => Assert.Contains(cut.FindAll("[data-testid=assign-warning]"), w => w.TextContent.Contains("another region", StringComparison.Ordinal)), Wait);
        Assert.NotEqual(firstTeamRep.Id, elsewhere.Id);
    }
}
