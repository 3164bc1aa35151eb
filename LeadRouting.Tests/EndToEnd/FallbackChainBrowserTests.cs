using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LeadRouting.Web.Security;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LeadRouting.Tests.EndToEnd;

/// <summary>
/// An Ops person in a real browser reorders the fallback chain on <c>/settings/fallback</c>, switches a step off, saves it
/// to the draft (one readable change line, the live version unchanged) and publishes it; on a desktop and a phone screen.
/// </summary>
[Slow(SlowBecause.AppProcess, SlowBecause.Browser)]
public sealed class FallbackChainBrowserTests : IDisposable
{
    private const float StepTimeoutMs = Browser.StepTimeoutMs;

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("leadrouting-fallback-browser-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task Ops_reorder_the_fallback_chain_into_the_draft_and_publish_it()
    {
        using var app = await AppProcess.StartAsync(_dataDirectory, AppProcess.StartTimeout, new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development" });
        using var api = app.CreateApiClient();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        var page = await Browser.SignInAsync(browser, app.BaseAddress, "nora.klein@leadrouting.demo", "/settings/fallback");
        await page.SetViewportSizeAsync(1440, 900);
        await Expect(page.GetByTestId("draft-state")).ToContainTextAsync("Live · version 1");
        await Expect(page.GetByTestId("fallback-summary")).ToContainTextAsync("owner's backup → segment pool at the lead's tier → team backup pool → Unassigned");

        var summary = page.GetByTestId("fallback-summary");
        var reordered = summary.Filter(new LocatorFilterOptions { HasText = "segment pool at the lead's tier → owner's backup → team backup pool" });
        await Browser.ClickUntilVisibleAsync(page.GetByTestId("fallback-up-SegmentPool"), reordered);
        await page.Locator("input[data-testid=fallback-use-TeamBackupPool], [data-testid=fallback-use-TeamBackupPool] input").ClickAsync();
        await Expect(summary).ToContainTextAsync("first choice → segment pool at the lead's tier → owner's backup → Unassigned");
        await page.GetByTestId("fallback-save").ClickAsync();

        await Expect(page.GetByTestId("draft-state")).ToHaveTextAsync("Draft");
        await page.GetByTestId("draft-changes").ClickAsync();
        await Expect(page.GetByTestId("draft-change")).ToHaveTextAsync("policy.fallback: OwnerBackup, SegmentPool, TeamBackupPool → SegmentPool, OwnerBackup");
        Assert.Equal(["OwnerBackup", "SegmentPool", "TeamBackupPool"], await PublishedChainAsync(api));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.Screenshot("settings-fallback-1440.png"), FullPage = false, Timeout = StepTimeoutMs });

        await page.SetViewportSizeAsync(390, 844);
        await Expect(page.GetByTestId("fallback-step-SegmentPool")).ToBeVisibleAsync();
        var step = await page.GetByTestId("fallback-step-OwnerBackup").BoundingBoxAsync();
        Assert.True(step is not null && step.X >= 0 && step.X + step.Width <= 390, $"the step fits a 390 px screen ({step?.X}, {step?.Width})");
        await page.GetByTestId("fallback-form").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.Screenshot("settings-fallback-390.png"), FullPage = false, Timeout = StepTimeoutMs });

        await page.GetByTestId("publish-draft").ClickAsync();
        await page.GetByLabel("What changed and why?").FillAsync("Browser test publish");
        await page.GetByTestId("publish-confirm").ClickAsync();
        await Expect(page.GetByTestId("draft-state")).ToContainTextAsync("Live · version 2");
        Assert.Equal(["SegmentPool", "OwnerBackup"], await PublishedChainAsync(api));
    }

    private static async Task<List<string>> PublishedChainAsync(HttpClient api)
    {
        var configuration = (await api.GetFromJsonAsync<JsonObject>("/api/config"))!["configuration"]!;
        return [.. configuration["policy"]!["fallback"]!.AsArray().Select(s => (string)s!)];
    }
}
