using System.Security.Claims;
using Bunit;
using LeadRouting.Tests.Api;
using LeadRouting.Tests.Leads;
using LeadRouting.Web.Components.Pages.Inbox;
using LeadRouting.Web.Components.Pages.Leads;
using LeadRouting.Web.Data;
using LeadRouting.Web.Data.Entities;
using LeadRouting.Web.Leads;
using LeadRouting.Web.Live;
using LeadRouting.Web.Routing;
using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Components;

/// <summary>
/// Issue 13: what the rep sees of a lead a manager handed them after it waited 64 days in the Unassigned queue — a fresh
/// countdown, not "Overdue", and the manager's reason (as text) on the inbox card, the lead page and its history.
/// </summary>
public sealed class ManagerAssignmentViewsTests : ComponentTestContext
{
    private const string Reason = "<b>VIP</b> \"speaks German\" & knows the buyer";

    private readonly LeadRoutingApiFactory _factory = new();

    public ManagerAssignmentViewsTests()
    {
        Services.AddSingleton(_factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>());
        Services.AddSingleton(_factory.Services.GetRequiredService<LeadActionsService>());
        Services.AddSingleton(_factory.Services.GetRequiredService<ConfigurationStore>());
        Services.AddSingleton(_factory.Services.GetRequiredService<LeadEventNotifier>());
        Services.AddSingleton<TimeProvider>(_factory.Time);
        Services.AddScoped<ICurrentUser, CurrentUser>();
        var authorization = AddAuthorization();
        authorization.SetAuthorized("dach-sdr-1@leadrouting.demo");
        authorization.SetRoles(LeadRoutingRoles.Rep);
        authorization.SetPolicies(LeadRoutingPolicies.Rep);
        authorization.SetClaims(
            new Claim(ClaimTypes.NameIdentifier, "user-dach-sdr-1"),
            new Claim(LeadRoutingClaims.DisplayName, "Lena Schmidt"),
            new Claim(LeadRoutingClaims.RepId, "dach-sdr-1"));
        authorization.SetAuthenticationType(IdentityConstants.ApplicationScheme);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _factory.Dispose();
        }
    }

    private async Task<LeadEntity> AssignedAfterWaitingAsync()
    {
        var queued = await QueuedLeadScenario.UnassignedLeadAsync(_factory, "Queued");
        return await QueuedLeadScenario.AssignAfterWaitingAsync(_factory, queued, "dach-sdr-1", Reason);
    }

    [Fact]
    public async Task The_inbox_card_counts_down_the_fresh_target_and_shows_the_manager_s_reason_as_text()
    {
        var lead = await AssignedAfterWaitingAsync();

        var cut = RenderPage<Inbox>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll($"[data-lead-id='{lead.Id}']")));

        var card = cut.Find($"[data-lead-id='{lead.Id}']");
        Assert.Equal("15m 00s left to respond", card.QuerySelector("[data-testid=countdown]")!.TextContent.Trim());
        Assert.DoesNotContain("Overdue", card.TextContent, StringComparison.Ordinal);
        Assert.Equal($"Assigned by Katrin Vogel: {Reason}", card.QuerySelector("[data-testid=assignment]")!.TextContent);
        Assert.Empty(card.QuerySelectorAll("b"));
    }

    [Fact]
    public async Task The_lead_page_shows_the_reason_the_lapse_in_the_queue_and_the_history_entry_as_text()
    {
        var lead = await AssignedAfterWaitingAsync();

        var cut = Render<LeadDetail>(p => p.Add(c => c.Id, lead.Id));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=lead-clocks]")));

        // Wednesday 3 Feb 2027, 13:33 in Berlin (the team's time zone).
        Assert.Equal($"Assigned by Katrin Vogel, today, 13:33: {Reason}", cut.Find("[data-testid=lead-assignment]").TextContent.Trim());
        var clocks = cut.Find("[data-testid=lead-clocks]").TextContent;
        Assert.Contains("First target lapsed30 Nov 2026, 16:15 in the Unassigned queue", clocks, StringComparison.Ordinal);
        Assert.Contains("Respond bytoday, 13:48", clocks, StringComparison.Ordinal);
        var history = cut.Find("[data-testid=lead-timeline]").TextContent;
        Assert.Contains($"assigned to Lena Schmidt by Katrin Vogel: {Reason}", history, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("b"));
    }
}
