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
        using var british = CultureScope.Of("en-GB");
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
        using var british = CultureScope.Of("en-GB");
        var cut = RenderRules();

        // 15:00 UTC on the reader's clock (Europe/Berlin), no "UTC" label: the layout names the zone once.
        Assert.Equal("Version 1, published by system on 30 Nov 2026 at 16:00", cut.Find("[data-testid=version] .mud-typography-subtitle2").TextContent.Trim());
        Assert.Contains("Live data", cut.Find("[data-testid=version]").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("UTC", cut.Find("[data-testid=version]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void In_German_the_rules_speak_German_with_words_for_the_treatments_and_German_dates()
    {
        using var german = CultureScope.Of("de-DE");
        var cut = RenderRules();

        Assert.Equal("Routing-Regeln", cut.Find("h1").TextContent.Trim());
        Assert.Equal("Version 1, veröffentlicht von system am 30. Nov. 2026 um 16:00", cut.Find("[data-testid=version] .mud-typography-subtitle2").TextContent.Trim());
        var headings = cut.FindAll("h2").Select(h => h.TextContent.Trim()).ToList();
        Assert.Contains("Behandlungsmatrix", headings);
        Assert.Contains("SLA-Richtlinien", headings);
        var text = cut.Markup;
        Assert.Contains("Senior AE, sofortige Reaktion", text, StringComparison.Ordinal);
        Assert.DoesNotContain("AeImmediate", text, StringComparison.Ordinal);
        Assert.Contains("Auffangsegment", cut.Find("[data-testid=segments]").TextContent, StringComparison.Ordinal);
        var sla = cut.Find("[data-testid=sla-policies]").TextContent;
        Assert.Contains("Reaktionsziel", sla, StringComparison.Ordinal);
        Assert.Contains("Eskalationsauslöser", sla, StringComparison.Ordinal);
        Assert.Contains("Demo-Anfrage", sla, StringComparison.Ordinal);
        var rows = cut.FindAll("[data-testid=reps] tbody tr");
        Assert.Contains("Abwesend bis 3. Dez.", rows.Single(r => r.TextContent.Contains("dach-jr-1", StringComparison.Ordinal)).TextContent, StringComparison.Ordinal);
        Assert.Contains("Kapazität erreicht", rows.Single(r => r.TextContent.Contains("dach-mid-1", StringComparison.Ordinal)).TextContent, StringComparison.Ordinal);
    }
}
