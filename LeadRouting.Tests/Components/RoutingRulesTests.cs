using Bunit;
using LeadRouting.Web.Components.Pages.Rules;

namespace LeadRouting.Tests.Components;

public sealed class RoutingRulesTests : ComponentTestContext
{
    [Fact]
    public void Shows_segments_in_priority_order()
    {
        var cut = RenderPage<RoutingRules>();

        var priorities = cut.FindAll("[data-testid=segments] tbody tr td:first-child").Select(td => int.Parse(td.TextContent, System.Globalization.CultureInfo.InvariantCulture)).ToList();

        Assert.Equal(Preview.Engine.Segments.Count, priorities.Count);
        Assert.Equal(priorities.Order(), priorities);
        Assert.Contains("catch-all", cut.Find("[data-testid=segments]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Shows_every_rep_with_load_and_availability()
    {
        var cut = RenderPage<RoutingRules>();

        var rows = cut.FindAll("[data-testid=reps] tbody tr");

        Assert.Equal(Preview.Engine.Organisation.Reps.Count, rows.Count);
        var anna = rows.Single(r => r.TextContent.Contains("dach-jr-1", StringComparison.Ordinal)).TextContent;
        Assert.Contains("Out of office until 3 Dec", anna, StringComparison.Ordinal);
        var clara = rows.Single(r => r.TextContent.Contains("dach-mid-1", StringComparison.Ordinal)).TextContent;
        Assert.Contains("20 / 20", clara, StringComparison.Ordinal);
        Assert.Contains("At capacity", clara, StringComparison.Ordinal);
    }
}
