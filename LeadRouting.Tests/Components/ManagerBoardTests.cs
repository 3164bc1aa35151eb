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

namespace LeadRouting.Tests.Components;

/// <summary><c>/board</c> over leads stored by the real write path, its services taken from the running app.</summary>
public sealed class ManagerBoardTests : ComponentTestContext, IClassFixture<LeadRoutingApiFactory>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
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
    private async Task<string> VipLeadAsync(string name)
    {
        var result = await _app.Services.GetRequiredService<LeadIngestionService>().IngestAsync(new LeadSubmission
        {
            Email = $"{Guid.NewGuid():N}@vip-{Guid.NewGuid():N}.de",
            FirstName = name,
            Company = "VIP AG",
            Country = "DE",
            Employees = 900,
            Source = SignalType.ContactSales,
            Referral = Referral.Vip,
        }, "test", CancellationToken.None);
        Assert.Equal(LeadStage.ManualReview, result.Stored!.Lead.Stage);
        return result.LeadId!;
    }

    private IRenderedComponent<ManagerBoard> RenderBoard()
    {
        var cut = RenderPage<ManagerBoard>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=board-reps] tbody tr")), Wait);
        return cut;
    }

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
        var row = cut.FindAll("[data-testid=queue-row]").Single(r => r.TextContent.Contains("Needs Owner", StringComparison.Ordinal));
        row.QuerySelector("[data-testid=assign-start]")!.Click();

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
}
