using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AngleSharp.Dom;
using Bunit;
using LeadRouting.Core.Configuration;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Components.Pages.Playground;
using LeadRouting.Web.Components.Pages.Rules;
using LeadRouting.Web.Live;
using LeadRouting.Web.Routing;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace LeadRouting.Tests.Components;

/// <summary>
/// The playground and <c>/rules</c> show what is live: the published version and the state posted leads leave behind
/// (issue 13, point 1). Each test starts its own app and database, since each changes what is live.
/// </summary>
public sealed class LivePreviewPagesTests : ComponentTestContext
{
    private static readonly TimeSpan Patience = Eventually.DefaultTimeout;

    private LeadRoutingApiFactory _app = null!;

    private void StartApp(LeadRoutingApiFactory app)
    {
        _app = app;
        Services.AddSingleton(app.Services.GetRequiredService<PreviewService>());
        Services.AddSingleton(app.Services.GetRequiredService<LeadEventNotifier>());
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _app?.Dispose();
        }
    }

    [Fact]
    public async Task Rules_show_the_capacity_of_the_newly_published_version()
    {
        StartApp(new LeadRoutingApiFactory());
        var version = await PublishedConfigurationEdits.PublishAsync(_app.CreateApiClient(), document => PublishedConfigurationEdits.Rep(document, "dach-mid-1")["capacity"] = 25);

        var cut = RenderPage<RoutingRules>();

        cut.WaitForAssertion(
            () =>
            {
                Assert.Contains("20 / 25", RepRow(cut, "dach-mid-1"), StringComparison.Ordinal);
                Assert.DoesNotContain("At capacity", RepRow(cut, "dach-mid-1"), StringComparison.Ordinal);
                Assert.StartsWith($"Version {version["version"]}, published by {version["author"]} on ", cut.Find("[data-testid=version]").TextContent.Trim(), StringComparison.Ordinal);
            },
            Patience);
    }

    [Fact]
    public async Task Rules_show_the_load_a_posted_lead_adds_while_the_page_is_open()
    {
        StartApp(new LeadRoutingApiFactory());
        var cut = RenderPage<RoutingRules>();
        cut.WaitForAssertion(() => Assert.Contains("7 / 20", RepRow(cut, "dach-mid-2"), StringComparison.Ordinal), Patience);

        // A DACH mid-market demo request goes to David Wagner (dach-mid-2), the least loaded.
        var response = await _app.CreateApiClient().PostAsJsonAsync("/api/leads", DachDemoRequest("jana.richter@brightlabs.de"));
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);

        cut.WaitForAssertion(() => Assert.Contains("8 / 20", RepRow(cut, "dach-mid-2"), StringComparison.Ordinal), Patience);
    }

    [Fact]
    public async Task Playground_routes_a_lead_from_a_company_a_rep_already_works_to_that_rep()
    {
        StartApp(new LeadRoutingApiFactory());
        var response = await _app.CreateApiClient().PostAsJsonAsync("/api/leads", DachDemoRequest("jana.richter@brightlabs.de"));
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        var cut = RenderPage<Playground>();
        cut.WaitForElement("[data-testid=decision]", Patience);

        // The small US shop would go to the North America juniors; its domain is in play with David Wagner.
        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Pricing visit, small US shop").Click();
        cut.WaitForAssertion(() => Assert.Equal("Weighted round-robin", Fact(cut, "Distribution")), Patience);
        cut.FindComponents<MudTextField<string>>().Single(f => f.Instance.Label == "Company domain").Find("input").Input("brightlabs.de");
        Time.Advance(TimeSpan.FromMilliseconds(Playground.DebounceMilliseconds));

        cut.WaitForAssertion(
            () =>
            {
                Assert.Contains("David Wagner", cut.Find("[data-testid=owner]").TextContent, StringComparison.Ordinal);
                Assert.Equal("Account in play", Fact(cut, "Distribution"));
            },
            Patience);
    }

    [Fact]
    public void Without_demo_data_no_demo_person_appears_in_the_playground_or_the_rules()
    {
        StartApp(LeadRoutingApiFactory.WithSettings(new Dictionary<string, string> { ["Demo:Enabled"] = "false" }));

        var playground = RenderPage<Playground>();
        playground.WaitForElement("[data-testid=decision]", Patience);
        var rules = Render<RoutingRules>();
        rules.WaitForElement("[data-testid=version]", Patience);

        Assert.Contains("version 1, published by system", playground.Find("[data-testid=routed-with]").TextContent, StringComparison.Ordinal);
        Assert.Empty(rules.FindAll("[data-testid=reps] tbody tr"));
        var shown = Text(playground) + "\n" + Text(rules);
        foreach (var rep in DemoRoster.Configuration().Organisation.Reps)
        {
            Assert.DoesNotContain(rep.Name, shown, StringComparison.Ordinal);
            Assert.DoesNotContain(rep.Id.Value, shown, StringComparison.Ordinal);
        }
    }

    private static JsonObject DachDemoRequest(string email) => new()
    {
        ["email"] = email,
        ["company"] = "Brightlabs GmbH",
        ["employees"] = 350,
        ["industry"] = "Software",
        ["country"] = "DE",
        ["techStack"] = new JsonArray("HubSpot"),
        ["source"] = "DemoRequest",
        ["estimatedDealSize"] = 30000,
    };

    private static string Text<TPage>(IRenderedComponent<TPage> cut)
        where TPage : Microsoft.AspNetCore.Components.IComponent =>
        string.Join("\n", cut.Nodes.Select(n => n.TextContent));

    private static string RepRow(IRenderedComponent<RoutingRules> cut, string repId) =>
        cut.FindAll("[data-testid=reps] tbody tr").Single(r => r.TextContent.Contains(repId, StringComparison.Ordinal)).TextContent;

    private static string Fact(IRenderedComponent<Playground> cut, string label) =>
        cut.Find($"[data-fact='{label}'] .fact-value").TextContent.Trim();
}
