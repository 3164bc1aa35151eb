using Bunit;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Components.Pages.Settings;
using LeadRouting.Web.Routing;

namespace LeadRouting.Tests.Components.Settings;

/// <summary>
/// A draft built up form by form may not route leads yet; the draft bar says why and Publish stays off, and the
/// service refuses the publish on the server as well (issue 13 §5).
/// </summary>
public sealed class DraftPublishBlockersTests(LeadRoutingApiFactory app) : SettingsPageTestContext(app)
{
    [Fact]
    public async Task A_draft_without_segments_is_saved_but_cannot_be_published()
    {
        await StartWithoutDraftAsync();
        await SaveDraftAsync(config => config with { Organisation = config.Organisation with { Segments = [] } });

        var cut = RenderPage<SegmentsSettings>();

        cut.WaitForAssertion(() => Assert.Contains("organisation.segments must not be empty", cut.Find("[data-testid=publish-blockers]").TextContent, StringComparison.Ordinal));
        Assert.True(cut.Find("[data-testid=publish-draft]").HasAttribute("disabled"));
        var refused = await Drafts.PublishAsync(Ops, CancellationToken.None);
        Assert.Equal(DraftOutcome.Invalid, refused.Result.Outcome);
        Assert.Null(refused.Version);
    }

    [Fact]
    public async Task A_publishable_draft_shows_no_blockers()
    {
        await StartWithoutDraftAsync();
        await SaveDraftAsync(config => config with { Policy = config.Policy with { DisqualifyBelowFitScore = 25 } });

        var cut = RenderPage<SegmentsSettings>();

        cut.WaitForAssertion(() => Assert.Equal("Draft", cut.Find("[data-testid=draft-state]").TextContent.Trim()));
        Assert.Empty(cut.FindAll("[data-testid=publish-blockers]"));
        Assert.False(cut.Find("[data-testid=publish-draft]").HasAttribute("disabled"));
    }
}
