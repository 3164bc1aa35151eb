using LeadRouting.Core;
using LeadRouting.Core.Configuration;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Components.Pages.Settings;

namespace LeadRouting.Tests.Components.Settings;

/// <summary>
/// The item forms' deletes (<see cref="ItemDeletion"/>) and saves (<see cref="ItemList"/>) over the app's published
/// configuration: an item still in use stays with a refusal naming its users, an unused one is removed and nothing else.
/// </summary>
public sealed class ItemDeletionTests(LeadRoutingApiFactory app) : SettingsPageTestContext(app), IClassFixture<LeadRoutingApiFactory>
{
    [Fact]
    public async Task A_team_that_still_owns_reps_and_segments_stays_and_the_refusal_names_both()
    {
        var config = await PublishedAsync();

        var (edited, refusal) = TeamForm.Delete(config, new TeamId("dach"), Messages);

        Assert.Null(edited);
        Assert.StartsWith("Team dach is still used by ", refusal, StringComparison.Ordinal);
        Assert.Matches(@"\d+ reps? \(.+\) and \d+ segments? \(.+\)\. Move them to another team first\.$", refusal);
    }

    [Fact]
    public async Task A_calendar_nobody_works_on_is_removed_and_the_other_calendars_stay_in_order()
    {
        var published = await PublishedAsync();
        var calendars = published.Organisation.Calendars;
        var config = published with { Organisation = published.Organisation with { Calendars = [.. calendars, calendars[0] with { Id = "spare" }] } };

        var (edited, refusal) = CalendarForm.Delete(config, "spare", Messages);

        Assert.Null(refusal);
        Assert.Equal(calendars.Select(c => c.Id), edited!.Organisation.Calendars.Select(c => c.Id));
        Assert.Equal(config.Organisation.Teams, edited.Organisation.Teams);
    }

    [Fact]
    public async Task A_region_named_by_teams_stays()
    {
        var config = await PublishedAsync();
        var region = config.Organisation.Teams[0].Region;

        var (edited, refusal) = RegionForm.Delete(config, region, Messages);

        Assert.Null(edited);
        Assert.StartsWith($"Region {region} is still used by ", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void A_saved_item_is_appended_when_new_and_replaces_the_edited_one_in_place()
    {
        string[] items = ["a", "b", "c"];

        Assert.Equal(["a", "b", "c", "d"], ItemList.WithSaved(items, "d", isNew: true, i => i == "d"));
        Assert.Equal(["a", "B", "c"], ItemList.WithSaved(items, "B", isNew: false, i => i == "b"));
    }
}
