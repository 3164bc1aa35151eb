using Bunit;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Components.Pages.Rules;

namespace LeadRouting.Tests.Components;

/// <summary><c>/rules</c> over the app's published version 1 (demo organisation) and the demo reps' live states.</summary>
public sealed class RoutingRulesTests(LeadRoutingApiFactory app) : LivePreviewTestContext(app)
{
    private static readonly TimeSpan Patience = Eventually.DefaultTimeout;

    private IRenderedComponent<RoutingRules> RenderRules()
    {
        var cut = RenderPage<RoutingRules>();
        cut.WaitForElement("[data-testid=reps]", Patience);
        return cut;
    }

    [Fact]
    public async Task Shows_segments_in_priority_order()
    {
        var cut = RenderRules();

        var priorities = cut.FindAll("[data-testid=segments] tbody tr td:first-child").Select(td => int.Parse(td.TextContent, System.Globalization.CultureInfo.InvariantCulture)).ToList();

        Assert.Equal((await PublishedAsync()).Engine.Segments.Count, priorities.Count);
        Assert.Equal(priorities.Order(), priorities);
        Assert.Contains("catch-all", cut.Find("[data-testid=segments]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shows_every_rep_with_load_and_availability()
    {
        var cut = RenderRules();

        var rows = cut.FindAll("[data-testid=reps] tbody tr");

        Assert.Equal((await PublishedAsync()).Engine.Organisation.Reps.Count, rows.Count);
        var anna = rows.Single(r => r.TextContent.Contains("dach-jr-1", StringComparison.Ordinal)).TextContent;
        Assert.Contains("Out of office until 3 Dec", anna, StringComparison.Ordinal);
        var clara = rows.Single(r => r.TextContent.Contains("dach-mid-1", StringComparison.Ordinal)).TextContent;
        Assert.Contains("20 / 20", clara, StringComparison.Ordinal);
        Assert.Contains("At capacity", clara, StringComparison.Ordinal);
    }

    [Fact]
    public void Says_which_version_it_shows_with_its_author_and_time()
    {
        var cut = RenderRules();

        Assert.Equal("Version 1, published by system on 30 Nov 2026 15:00 UTC", cut.Find("[data-testid=version] .mud-typography-subtitle2").TextContent.Trim());
        Assert.Contains("Live data", cut.Find("[data-testid=version]").TextContent, StringComparison.Ordinal);
    }
}
