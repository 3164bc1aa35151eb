using System.Security.Claims;
using Bunit;
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

    public ManagerBoardTests(LeadRoutingApiFactory app)
    {
        _app = app;
        Services.AddSingleton(app.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>());
        Services.AddSingleton(app.Services.GetRequiredService<ConfigurationStore>());
        Services.AddSingleton(app.Services.GetRequiredService<LeadActionsService>());
        Services.AddSingleton(app.Services.GetRequiredService<LeadEventNotifier>());
        Services.AddScoped<ICurrentUser, CurrentUser>();
        var authorization = AddAuthorization();
        authorization.SetAuthorized("katrin.vogel@leadrouting.demo");
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

    /// <summary>The board once its snapshot and the queue grid's first page are in.</summary>
    private IRenderedComponent<ManagerBoard> RenderBoard()
    {
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
        Assert.Contains("referral Vip", queue.TextContent, StringComparison.Ordinal);
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
        var first = await BoardQueries.LoadQueueAsync(dbFactory, organisation, filter, 0, 10, QueueOrder.Priority, CancellationToken.None);
        var second = await BoardQueries.LoadQueueAsync(dbFactory, organisation, filter, 10, 10, QueueOrder.Priority, CancellationToken.None);
        Assert.True(first.Total >= 12);
        Assert.Equal(first.Total, second.Total);
        Assert.Empty(first.Items.Select(l => l.Id).Intersect(second.Items.Select(l => l.Id)));
        Assert.Contains($"of {first.Total}", cut.Find("[data-testid=board-queue] .mud-table-pagination").TextContent, StringComparison.Ordinal);
        Assert.Equal(first.Items.Select(l => l.Contact), QueueRows(cut).Select(r => r.QuerySelector("a")!.TextContent));

        await cut.InvokeAsync(() => grid.NavigateTo(MudBlazor.Page.Next));

        cut.WaitForAssertion(() => Assert.Equal(second.Items.Select(l => l.Contact), QueueRows(cut).Select(r => r.QuerySelector("a")!.TextContent)), Wait);
    }

    [Fact]
    public void A_sort_on_received_orders_the_queue_by_received_and_no_sort_by_urgency()
    {
        static SortDefinition<QueuedLead> Received(bool descending) => new(nameof(QueuedLead.ReceivedAt), descending, 0, l => l.ReceivedAt);

        Assert.Equal(QueueOrder.Priority, ManagerBoard.QueueOrderOf([]));
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
}
