using System.Security.Claims;
using Bunit;
using LeadRouting.Core.Leads;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Components.Pages.Leads;
using LeadRouting.Web.Data;
using LeadRouting.Web.Leads;
using LeadRouting.Web.Live;
using LeadRouting.Web.Routing;
using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Components;

/// <summary><c>/leads/{id}</c> over a lead stored by the real write path: what it shows, to whom, and as text.</summary>
public sealed class LeadDetailTests : ComponentTestContext, IClassFixture<LeadRoutingApiFactory>
{
    private readonly LeadRoutingApiFactory _app;

    public LeadDetailTests(LeadRoutingApiFactory app)
    {
        _app = app;
        Services.AddSingleton(app.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>());
        Services.AddSingleton(app.Services.GetRequiredService<ConfigurationStore>());
        Services.AddScoped<ICurrentUser, CurrentUser>();
        Services.AddSingleton(app.Services.GetRequiredService<LeadEventNotifier>());
    }

    private void SignIn(string role, string? repId = null)
    {
        var authorization = AddAuthorization();
        authorization.SetAuthorized("someone@example.com");
        authorization.SetRoles(role);
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, "user-1"), new(LeadRoutingClaims.DisplayName, "Someone") };
        if (repId is not null)
        {
            claims.Add(new Claim(LeadRoutingClaims.RepId, repId));
        }

        authorization.SetClaims([.. claims]);
        authorization.SetAuthenticationType(IdentityConstants.ApplicationScheme);
    }

    /// <summary>A demo request from Germany: routed to a DACH rep (the app's clock is Monday 16:00 Berlin).</summary>
    private async Task<StoredLead> StoredLeadAsync(string firstName)
    {
        var result = await _app.Services.GetRequiredService<LeadIngestionService>().IngestAsync(new LeadSubmission
        {
            Email = $"{Guid.NewGuid():N}@detail-{Guid.NewGuid():N}.de",
            FirstName = firstName,
            LastName = "Ünal \"Q\"",
            Company = "Детали & Co",
            Country = "DE",
            Employees = 400,
            Industry = "Software",
            Source = SignalType.DemoRequest,
        }, "test", CancellationToken.None);
        Assert.Equal(IngestOutcome.Created, result.Outcome);
        Assert.Equal("dach", result.Stored!.Lead.TeamId);
        return result.Stored;
    }

    private IRenderedComponent<LeadDetail> RenderLead(string id)
    {
        var cut = Render<LeadDetail>(p => p.Add(c => c.Id, id));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(".mud-progress-linear")));
        return cut;
    }

    [Fact]
    public async Task A_manager_sees_stage_owner_clocks_next_step_timeline_and_trace_with_names_as_text()
    {
        var stored = await StoredLeadAsync("<script>alert(1)</script>");
        SignIn(LeadRoutingRoles.Manager);

        var cut = RenderLead(stored.Lead.Id);

        Assert.Equal("<script>alert(1)</script> Ünal \"Q\"", cut.Find("[data-testid=lead-contact]").TextContent);
        Assert.Empty(cut.FindAll("script"));
        Assert.Contains("Детали & Co", cut.Markup.Replace("&amp;", "&", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal("Assigned", cut.Find("[data-testid=lead-stage]").TextContent);
        Assert.Equal(stored.Decision!.OwnerName, cut.Find("[data-testid=lead-owner]").TextContent);
        var clocks = cut.Find("[data-testid=lead-clocks]").TextContent;
        Assert.Contains("Respond by", clocks, StringComparison.Ordinal);
        Assert.Contains("today, 16:15", clocks, StringComparison.Ordinal); // 15 min, shown in the reader's zone (Berlin)
        Assert.StartsWith("First response to", cut.Find("[data-testid=lead-next-step]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Routed", cut.Find("[data-testid=lead-timeline]").TextContent, StringComparison.Ordinal);
        var titles = cut.FindAll("[data-testid=lead-trace] .trace-title").Select(t => t.TextContent).ToList();
        Assert.Equal(stored.Trace.Select((step, i) => $"{i + 1}. {step.Step}"), titles);
    }

    [Fact]
    public async Task A_possible_duplicate_links_to_the_other_lead_in_english_and_german()
    {
        // Issue 19: the same name at the same account (here its own domain) under another email.
        var domain = $"dup-{Guid.NewGuid():N}.de";
        await using (var db = await _app.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync())
        {
            db.Accounts.Add(new Web.Data.Entities.AccountEntity { Domain = domain, Name = "Duplikat Werke GmbH", CreatedAt = LeadRoutingApiFactory.Now });
            await db.SaveChangesAsync();
        }

        async Task<string> IngestAsync(string email)
        {
            var result = await _app.Services.GetRequiredService<LeadIngestionService>().IngestAsync(new LeadSubmission
            {
                Email = email, FirstName = "Ada", LastName = "Lovelace", Country = "DE", Employees = 400, Industry = "Software", Source = SignalType.DemoRequest,
            }, "test", CancellationToken.None);
            Assert.Equal(IngestOutcome.Created, result.Outcome);
            return result.LeadId!;
        }

        var first = await IngestAsync($"ada@{domain}");
        var second = await IngestAsync($"a.lovelace@{domain}");
        SignIn(LeadRoutingRoles.Manager);

        var cut = RenderLead(second);

        var link = cut.Find("[data-testid=lead-possible-duplicate-link]");
        Assert.Equal((first, $"/leads/{first}"), (link.TextContent, link.GetAttribute("href")));
        Assert.StartsWith("Possible duplicate of", cut.Find("[data-testid=lead-possible-duplicate]").TextContent.Trim(), StringComparison.Ordinal);
        Assert.Empty(RenderLead(first).FindAll("[data-testid=lead-possible-duplicate]"));
        using (CultureScope.Of("de-DE"))
        {
            Assert.StartsWith("Mögliches Duplikat von", RenderLead(second).Find("[data-testid=lead-possible-duplicate]").TextContent.Trim(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_rep_sees_their_own_teams_lead()
    {
        var stored = await StoredLeadAsync("Own");
        SignIn(LeadRoutingRoles.Rep, repId: "dach-sdr-1");

        Assert.Equal("Assigned", RenderLead(stored.Lead.Id).Find("[data-testid=lead-stage]").TextContent);
    }

    [Fact]
    public async Task A_rep_of_another_team_sees_nothing_of_the_lead()
    {
        var stored = await StoredLeadAsync("Secret");
        SignIn(LeadRoutingRoles.Rep, repId: "uki-mid-1");

        var cut = RenderLead(stored.Lead.Id);

        Assert.NotNull(cut.Find("[data-testid=lead-not-allowed]"));
        Assert.DoesNotContain("Secret", cut.Markup, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=lead-clocks]"));
    }

    [Fact]
    public void An_unknown_lead_says_so()
    {
        SignIn(LeadRoutingRoles.Ops);
        Assert.NotNull(RenderLead("ld_nope").Find("[data-testid=lead-not-found]"));
    }

    [Fact]
    public async Task The_page_follows_its_lead_live_and_stops_listening_when_closed()
    {
        var stored = await StoredLeadAsync("Live");
        SignIn(LeadRoutingRoles.Manager);
        var notifier = _app.Services.GetRequiredService<LeadEventNotifier>();
        var listeners = notifier.SubscriberCount;
        var cut = RenderLead(stored.Lead.Id);
        Assert.Equal(listeners + 1, notifier.SubscriberCount);

        var accepted = await _app.Services.GetRequiredService<LeadActionsService>()
            .AcceptAsync(stored.Lead.Id, new LeadActor(stored.Decision!.OwnerName!, stored.Lead.OwnerId), CancellationToken.None);
        Assert.Equal(LeadActionOutcome.Done, accepted.Outcome);

        // The outbox dispatcher publishes the acceptance; the open page reloads the lead without being asked.
        cut.WaitForAssertion(() => Assert.Equal("Accepted", cut.Find("[data-testid=lead-stage]").TextContent));
        Assert.Contains("Accepted", cut.Find("[data-testid=lead-timeline]").TextContent, StringComparison.Ordinal);

        await DisposeComponentsAsync();
        Assert.Equal(listeners, notifier.SubscriberCount);
    }
}
