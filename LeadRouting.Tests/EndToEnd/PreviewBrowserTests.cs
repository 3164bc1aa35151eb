using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Security;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LeadRouting.Tests.EndToEnd;

/// <summary>
/// Issue 13, point 1 in a real browser against the real app: <c>/rules</c> names the published version and shows a
/// rep's load move when a lead is posted (no reload), and a newly published capacity; the playground names the version
/// it routed with and routes "as of" Friday 17:55 in Berlin. Screenshots at 1440×900 and 390×844.
/// </summary>
[Slow(SlowBecause.AppProcess, SlowBecause.Browser)]
public sealed partial class PreviewBrowserTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("leadrouting-preview-browser-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task Rules_and_playground_show_the_published_version_and_live_loads()
    {
        // Development: the app runs from the build output, where only Development serves Blazor's script (static web assets).
        using var app = await AppProcess.StartAsync(_dataDirectory, AppProcess.StartTimeout, new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development" });
        using var api = app.CreateApiClient();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        var page = await Browser.SignInAsync(browser, app.BaseAddress, "dach-mid-1@leadrouting.demo", "/rules");
        await page.SetViewportSizeAsync(1440, 900);
        await Expect(page.GetByTestId("version")).ToContainTextAsync("Version 1, published by system on ");
        await Expect(page.GetByTestId("reps").Locator("tbody tr")).ToHaveCountAsync(28);

        // A lead posted while the page is open: its owner's open leads go up by one without a reload.
        var loadsBefore = await OpenLeadsAsync(page);
        var response = await api.PostAsJsonAsync("/api/leads", new JsonObject
        {
            ["email"] = "paul.meier@kieselwerk.de", ["employees"] = 350, ["industry"] = "Software", ["country"] = "DE",
            ["techStack"] = new JsonArray("HubSpot"), ["source"] = "DemoRequest", ["estimatedDealSize"] = 30000,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var owner = (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["decision"]!["ownerId"];
        Assert.NotNull(owner);
        await Expect(RepRow(page, owner).GetByTestId("rep-load")).ToHaveTextAsync(new Regex($@"^\s*{loadsBefore[owner] + 1} / \d+\s*$"), new LocatorAssertionsToHaveTextOptions { Timeout = Browser.StepTimeoutMs });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.Screenshot("rules-1440.png"), Timeout = Browser.StepTimeoutMs });
        await ScrollToAsync(page, "[data-testid=reps] tbody tr:last-child");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.Screenshot("rules-1440-reps.png"), Timeout = Browser.StepTimeoutMs });

        await PublishedConfigurationEdits.PublishAsync(api, document => PublishedConfigurationEdits.Rep(document, "dach-mid-1")["capacity"] = 25);
        await page.ReloadAsync();
        await Expect(page.GetByTestId("version")).ToContainTextAsync("Version 2, published by ");
        await Expect(RepRow(page, "dach-mid-1").GetByTestId("rep-load")).ToHaveTextAsync(new Regex(@"^\s*\d+ / 25\s*$"));
        await page.SetViewportSizeAsync(390, 844);
        await page.ReloadAsync();
        await Expect(page.GetByTestId("version")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.Screenshot("rules-390.png"), Timeout = Browser.StepTimeoutMs });
        await ScrollToAsync(page, "[data-testid=reps]");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.Screenshot("rules-390-reps.png"), Timeout = Browser.StepTimeoutMs });

        await page.SetViewportSizeAsync(1440, 900);
        await page.GotoAsync(new Uri(app.BaseAddress, "/playground").ToString());
        await Expect(page.GetByTestId("routed-with")).ToContainTextAsync("version 2, published by ");
        await Expect(page.GetByTestId("routed-with")).ToContainTextAsync("live data");

        // "How would a demo request route on Friday 17:55 Berlin?": 5 business minutes that day, 10 on Monday.
        var fridayPreset = page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Demo request, Friday 17:55 Berlin" });
        await Browser.ClickUntilVisibleAsync(fridayPreset, page.GetByText("Five minutes before closing", new PageGetByTextOptions { Exact = false }));
        await Expect(page.Locator("[data-fact='Respond by'] .fact-value")).ToContainTextAsync("09:10");
        await Expect(page.Locator("[data-fact='Respond by'] .fact-value")).ToContainTextAsync("Mon");
        await page.Mouse.MoveAsync(0, 0);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.Screenshot("playground-1440.png"), Timeout = Browser.StepTimeoutMs });
        await page.SetViewportSizeAsync(390, 844);
        await page.ReloadAsync();
        await Expect(page.GetByTestId("routed-with")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.Screenshot("playground-390.png"), Timeout = Browser.StepTimeoutMs });
        await ScrollToAsync(page, "[data-testid=decision]");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.Screenshot("playground-390-decision.png"), Timeout = Browser.StepTimeoutMs });
    }

    /// <summary>Scrolls in one step inside the page, so a re-render (prerender to interactive, a live reload) cannot detach the target mid-way.</summary>
    private static Task ScrollToAsync(IPage page, string selector) =>
        page.EvaluateAsync("selector => document.querySelector(selector).scrollIntoView()", selector);

    private static ILocator RepRow(IPage page, string repId) =>
        page.GetByTestId("reps").Locator("tbody tr").Filter(new LocatorFilterOptions { HasText = repId });

    /// <summary>Every rep's open leads as /rules shows them ("7 / 20").</summary>
    private static async Task<Dictionary<string, int>> OpenLeadsAsync(IPage page)
    {
        var loads = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in await page.GetByTestId("reps").Locator("tbody tr").AllAsync())
        {
            var id = await row.Locator(".rep-id").InnerTextAsync();
            var load = LoadPattern().Match(await row.GetByTestId("rep-load").InnerTextAsync());
            loads[id.Trim()] = int.Parse(load.Groups[1].Value, CultureInfo.InvariantCulture);
        }

        return loads;
    }

    [GeneratedRegex(@"^\s*(\d+) / \d+\s*$")]
    private static partial Regex LoadPattern();
}
