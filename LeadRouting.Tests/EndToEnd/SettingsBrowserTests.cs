using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LeadRouting.Web.Security;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LeadRouting.Tests.EndToEnd;

/// <summary>
/// An Ops person in a real browser edits a rep in <c>/settings/reps</c>: the change goes to the draft (the live version
/// is unchanged), the preview box routes a sample lead against it, and Publish makes it the next version.
/// </summary>
[Slow(SlowBecause.AppProcess, SlowBecause.Browser)]
public sealed class SettingsBrowserTests : IDisposable
{
    private const float StepTimeoutMs = Browser.StepTimeoutMs;

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("leadrouting-settings-browser-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task Ops_edit_a_rep_into_the_draft_preview_a_lead_and_publish_a_new_version()
    {
        using var app = await AppProcess.StartAsync(_dataDirectory, AppProcess.StartTimeout, new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development" });
        using var api = app.CreateApiClient();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        var page = await Browser.SignInAsync(browser, app.BaseAddress, "nora.klein@leadrouting.demo", "/settings/reps");
        await Expect(page.GetByTestId("draft-state")).ToContainTextAsync("Live · version 1");

        var clara = page.GetByTestId("reps").Locator("tbody tr").Filter(new LocatorFilterOptions { HasText = "dach-mid-1" });
        var capacity = page.Locator("input[data-testid=rep-capacity], [data-testid=rep-capacity] input");
        await Browser.ClickUntilVisibleAsync(clara.GetByTestId("rep-edit"), capacity);
        await capacity.FillAsync("33");
        await capacity.BlurAsync();
        await page.GetByTestId("rep-save").ClickAsync();
        await Expect(page.GetByTestId("draft-state")).ToHaveTextAsync("Draft");
        Assert.Equal(20, await PublishedCapacityAsync(api, "dach-mid-1"));

        await page.GetByTestId("preview-route").ClickAsync();
        await Expect(page.GetByTestId("preview-result")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("preview-verdict")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.Screenshot("settings-reps.png"), FullPage = false, Timeout = StepTimeoutMs });

        await page.GetByTestId("publish-draft").ClickAsync();
        await page.GetByLabel("What changed and why?").FillAsync("Browser test publish");
        await page.GetByTestId("publish-confirm").ClickAsync();
        await Expect(page.GetByTestId("draft-state")).ToContainTextAsync("Live · version 2");
        Assert.Equal(33, await PublishedCapacityAsync(api, "dach-mid-1"));
    }

    private static async Task<int> PublishedCapacityAsync(HttpClient api, string repId)
    {
        var configuration = (await api.GetFromJsonAsync<JsonObject>("/api/config"))!["configuration"]!;
        return (int)configuration["organisation"]!["reps"]!.AsArray().Single(r => (string)r!["id"]! == repId)!["capacity"]!;
    }
}
