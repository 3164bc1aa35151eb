using Bunit;
using LeadRouting.Core;
using LeadRouting.Core.Configuration;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Components.Pages.Settings;

namespace LeadRouting.Tests.Components.Settings;

/// <summary><c>/settings/teams</c> over the running app's draft: list, edit into the draft, field messages, refused deletes, publish.</summary>
public sealed class TeamsSettingsTests(LeadRoutingApiFactory app) : SettingsPageTestContext(app), IClassFixture<LeadRoutingApiFactory>
{
    [Fact]
    public async Task Lists_the_published_teams_and_regions()
    {
        var published = await StartFromPublishedAsync();

        var cut = RenderPage<TeamsSettings>();

        cut.WaitForAssertion(() => Assert.Equal(published.Configuration.Organisation.Teams.Count, cut.FindAll("[data-testid=team-row]").Count));
        Assert.Contains("DACH Sales", cut.Find("[data-testid=teams]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Berlin office", cut.Find("[data-testid=teams]").TextContent, StringComparison.Ordinal);
        Assert.Equal(published.Configuration.Organisation.Regions.Count, cut.FindAll("[data-testid=region-row]").Count);
        Assert.Contains("UK & Ireland", cut.Find("[data-testid=regions]").TextContent, StringComparison.Ordinal);
        Assert.StartsWith("Live", cut.Find("[data-testid=draft-state]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_edited_team_goes_to_the_draft_rendered_as_text_and_the_published_version_is_unchanged()
    {
        await StartFromPublishedAsync();
        const string name = "DACH <script>alert('x')</script> Vertrieb «Süd» 営業";
        var cut = RenderPage<TeamsSettings>();
        cut.WaitForElement("[data-testid=team-row]");

        ClickInRow(cut, "team-row", "DACH Sales", "team-edit");
        Type(cut, "team-name", name);
        Type(cut, "team-manager-email", "new.lead@leadrouting.demo");
        Type(cut, "team-sla-target", "95");
        cut.Find("[data-testid=team-save]").Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=team-form]")));
        var draft = await LoadAsync();
        Assert.True(draft.IsDraft);
        var team = draft.Configuration.Organisation.Teams.Single(t => t.Id == new TeamId("dach"));
        Assert.Equal(name, team.Name);
        Assert.Equal("new.lead@leadrouting.demo", team.ManagerEmail);
        Assert.Equal(95, team.SlaTargetPercent);
        Assert.Equal([new RepId("uki-mid-1"), new RepId("inbound-mid-1")], team.BackupPool);

        var (_, live) = await NewestPublishedAsync();
        Assert.Equal("DACH Sales", live.Organisation.Teams.Single(t => t.Id == new TeamId("dach")).Name);

        cut.WaitForAssertion(() => Assert.Contains(name, cut.Find("[data-testid=teams]").TextContent, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("script"));
        Assert.StartsWith("Draft", cut.Find("[data-testid=draft-state]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_values_show_their_message_under_each_field_and_nothing_is_saved()
    {
        await StartFromPublishedAsync();
        var cut = RenderPage<TeamsSettings>();
        cut.WaitForElement("[data-testid=team-new]").Click();

        Type(cut, "team-id", "DACH East!");
        Type(cut, "team-manager-email", "not-an-email");
        Type(cut, "team-sla-target", "150");
        cut.Find("[data-testid=team-save]").Click();

        var form = cut.Find("[data-testid=team-form]").TextContent;
        Assert.Contains("Between 1 and 100.", form, StringComparison.Ordinal);
        Assert.Contains("Use lowercase letters, digits and dashes", form, StringComparison.Ordinal);
        Assert.Contains("Required.", form, StringComparison.Ordinal);
        Assert.Contains("Choose the team's region.", form, StringComparison.Ordinal);
        Assert.Contains("Choose the calendar its SLA clocks run on.", form, StringComparison.Ordinal);
        Assert.Contains("Enter an email address like name@company.com.", form, StringComparison.Ordinal);
        Assert.False((await LoadAsync()).IsDraft);
    }

    [Fact]
    public async Task A_region_code_already_taken_is_refused_at_the_field()
    {
        await StartFromPublishedAsync();
        var cut = RenderPage<TeamsSettings>();
        cut.WaitForElement("[data-testid=region-new]").Click();

        Type(cut, "region-code", "DACH");
        Type(cut, "region-name", "Germany again");
        Type(cut, "region-countries", "DE, XX");
        cut.Find("[data-testid=region-save]").Click();

        var form = cut.Find("[data-testid=region-form]").TextContent;
        Assert.Contains("'DACH' is already used.", form, StringComparison.Ordinal);
        Assert.Contains("Not an ISO country code: XX.", form, StringComparison.Ordinal);
        Assert.False((await LoadAsync()).IsDraft);
    }

    [Fact]
    public async Task Deleting_a_team_with_reps_and_segments_is_refused_naming_them()
    {
        await StartFromPublishedAsync();
        var cut = RenderPage<TeamsSettings>();
        cut.WaitForElement("[data-testid=team-row]");

        ClickInRow(cut, "team-row", "DACH Sales", "team-delete");

        var refusal = cut.WaitForElement("[data-testid=team-delete-refused]").TextContent;
        Assert.Contains("Team dach is still used by 8 reps (Lena Schmidt, Jonas Weber", refusal, StringComparison.Ordinal);
        Assert.Contains("2 segments (DACH Enterprise, DACH)", refusal, StringComparison.Ordinal);
        Assert.Contains("Move them to another team first.", refusal, StringComparison.Ordinal);
        Assert.False((await LoadAsync()).IsDraft);
    }

    [Fact]
    public async Task Deleting_a_region_a_team_belongs_to_is_refused_naming_it()
    {
        await StartFromPublishedAsync();
        var cut = RenderPage<TeamsSettings>();
        cut.WaitForElement("[data-testid=region-row]");

        ClickInRow(cut, "region-row", "UKI", "region-delete");

        var refusal = cut.WaitForElement("[data-testid=region-delete-refused]").TextContent;
        Assert.Contains("Region UKI is still used by 1 team (UK & Ireland Sales) and 2 segments", refusal, StringComparison.Ordinal);
        Assert.False((await LoadAsync()).IsDraft);
    }

    [Fact]
    public async Task A_team_nobody_uses_is_deleted_from_the_draft()
    {
        var start = await StartFromPublishedAsync();
        var spare = new Team { Id = new TeamId("spare"), Name = "Spare team", Region = "DACH", CalendarId = "berlin" };
        var withSpare = start.Configuration with { Organisation = start.Configuration.Organisation with { Teams = [.. start.Configuration.Organisation.Teams, spare] } };
        Assert.True((await Drafts.SaveAsync(TestOps, start, withSpare, "test: spare team", CancellationToken.None)).Succeeded);
        var cut = RenderPage<TeamsSettings>();
        cut.WaitForElement("[data-testid=team-row]");

        ClickInRow(cut, "team-row", "Spare team", "team-delete");

        cut.WaitForAssertion(() => Assert.DoesNotContain("Spare team", cut.Find("[data-testid=teams]").TextContent, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid=team-delete-refused]"));
        Assert.DoesNotContain((await LoadAsync()).Configuration.Organisation.Teams, t => t.Id == spare.Id);
    }

    [Fact]
    public async Task Publish_from_the_shell_makes_the_draft_the_next_version()
    {
        await StartFromPublishedAsync();
        var (versionBefore, _) = await NewestPublishedAsync();
        var cut = RenderPage<TeamsSettings>();
        cut.WaitForElement("[data-testid=team-row]");
        ClickInRow(cut, "team-row", "North America Sales", "team-edit");
        Type(cut, "team-manager-name", "Maria González-Ruiz");
        cut.Find("[data-testid=team-save]").Click();
        cut.WaitForAssertion(() => Assert.StartsWith("Draft", cut.Find("[data-testid=draft-state]").TextContent, StringComparison.Ordinal));

        // Publishing asks what changed and why; without an answer nothing is published.
        cut.Find("[data-testid=publish-draft]").Click();
        cut.Find("[data-testid=publish-confirm]").Click();
        Assert.Contains("Say in a few words what changed and why", cut.Find("[data-testid=publish-note-box]").TextContent, StringComparison.Ordinal);
        Assert.Equal(versionBefore, (await NewestPublishedAsync()).Version);
        cut.Find("[data-testid=publish-cancel]").Click();
        Assert.Empty(cut.FindAll("[data-testid=publish-note-box]"));

        DraftBar.Publish(cut, "NA manager changed <per HR>");

        cut.WaitForAssertion(() => Assert.StartsWith("Live", cut.Find("[data-testid=draft-state]").TextContent, StringComparison.Ordinal));
        var (version, live) = await NewestPublishedAsync();
        Assert.True(version > versionBefore);
        Assert.Equal("NA manager changed <per HR>", (await Drafts.HistoryAsync(CancellationToken.None))[0].Comment);
        Assert.Equal($"Live · version {version}", cut.Find("[data-testid=draft-state]").TextContent.Trim());
        Assert.Equal("Maria González-Ruiz", live.Organisation.Teams.Single(t => t.Id == new TeamId("na")).ManagerName);
        Assert.False((await LoadAsync()).IsDraft);
    }
}
