using Bunit;
using LeadRouting.Tests.Api;
using LeadRouting.Tests.Replay;
using LeadRouting.Web.Components.Pages.Settings;
using LeadRouting.Web.Replay;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Components.Settings;

/// <summary><c>/settings/replay</c>: runs the replay and shows what the draft would change, or says there is no draft.</summary>
public sealed class ReplaySettingsTests : SettingsPageTestContext
{
    private readonly LeadRoutingApiFactory _app;

    public ReplaySettingsTests(LeadRoutingApiFactory app)
        : base(app)
    {
        _app = app;
        Services.AddSingleton(app.Services.GetRequiredService<ReplayService>());
    }

    [Fact]
    public async Task Without_a_draft_it_says_so_and_offers_no_run()
    {
        await StartWithoutDraftAsync();

        var cut = RenderPage<ReplaySettings>();

        cut.WaitForAssertion(() => Assert.Contains("There is no draft", cut.Find("[data-testid=replay-no-draft]").TextContent, StringComparison.Ordinal));
        Assert.True(cut.Find("button[data-testid=replay-run]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Runs_the_replay_and_lists_the_leads_the_draft_moves_with_links()
    {
        await StartWithoutDraftAsync();
        // Friday 27 Nov, 15:00 UTC: the Berlin and London offices are both open, so the AE pools decide, not a backup pool.
        var moved = await ReplayTestLeads.IngestAsync(_app, "AT", 3, "gletscher", firstName: "<b>Gletscher</b>");
        await SaveDraftAsync(ReplayTestLeads.WithAustriaToUk);

        var cut = RenderPage<ReplaySettings>();
        cut.WaitForAssertion(() => cut.Find("[data-testid=replay-draft]"));
        cut.Find("button[data-testid=replay-days-7]").Click();
        cut.Find("button[data-testid=replay-run]").Click();

        cut.WaitForAssertion(() => cut.Find("[data-testid=replay-summary]"), TimeSpan.FromSeconds(30));
        var row = cut.FindAll("[data-testid=replay-moved-row]").Single(r => r.GetAttribute("data-lead") == moved).ParentElement!;
        var link = row.QuerySelector("a")!;
        Assert.Equal($"/leads/{moved}", link.GetAttribute("href"));
        Assert.Equal("<b>Gletscher</b> Replay", link.TextContent.Trim()); // the name is text, never markup
        Assert.Contains("DACH Sales", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("UK & Ireland Sales", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("team", row.TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(cut.FindAll("[data-testid=replay-rep-row]"));
        Assert.NotEmpty(cut.FindAll("[data-testid=replay-team-row]"));
        Assert.Empty(cut.FindAll("[data-testid=replay-progress]"));
    }

    [Fact]
    public async Task A_German_reader_sees_the_draft_the_run_and_the_moved_leads_in_German()
    {
        using var german = CultureScope.Of("de-DE");
        await StartWithoutDraftAsync();
        var moved = await ReplayTestLeads.IngestAsync(_app, "AT", 3, "firn");
        await SaveDraftAsync(ReplayTestLeads.WithAustriaToUk);

        var cut = RenderPage<ReplaySettings>();
        cut.WaitForAssertion(() => Assert.StartsWith("Entwurf gespeichert von", cut.Find("[data-testid=replay-draft]").TextContent.Trim(), StringComparison.Ordinal));
        Assert.DoesNotContain("UTC", cut.Find("[data-testid=replay-draft]").TextContent, StringComparison.Ordinal);
        Assert.Equal("7 Tage", cut.Find("button[data-testid=replay-days-7]").TextContent.Trim());
        cut.Find("button[data-testid=replay-days-7]").Click();
        cut.Find("button[data-testid=replay-run]").Click();

        cut.WaitForAssertion(() => Assert.Contains("Leads simuliert", cut.Find("[data-testid=replay-summary]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        var row = cut.FindAll("[data-testid=replay-moved-row]").Single(r => r.GetAttribute("data-lead") == moved).ParentElement!;
        var text = System.Text.RegularExpressions.Regex.Replace(row.TextContent, @"\s+", " ");
        Assert.True(text.Contains("Team", StringComparison.Ordinal) && text.Contains("Zugewiesen", StringComparison.Ordinal), text);
        Assert.DoesNotContain("UTC", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("Eingegangen", cut.Find("[data-testid=replay-moved]").TextContent, StringComparison.Ordinal);
    }
}
