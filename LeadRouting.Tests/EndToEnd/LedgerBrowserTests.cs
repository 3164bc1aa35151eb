using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LeadRouting.Tests.EndToEnd;

/// <summary>The Distribution tab in a real browser, in German: the ledger of the DACH SDR pool after a run in which a rep hit her hourly cap (docs/images/ledger.png). Adjustments are tested through the service (<c>FairShareApiTests</c>).</summary>
[Slow(SlowBecause.AppProcess, SlowBecause.Browser)]
public sealed class LedgerBrowserTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("leadrouting-ledger-browser-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task A_manager_sees_the_pools_ledger_in_German_with_a_capped_rep_out_of_rotation()
    {
        using var app = await AppProcess.StartAsync(_dataDirectory, AppProcess.StartTimeout, new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development" });
        using var api = app.CreateApiClient();
        var configuration = (await api.GetFromJsonAsync<JsonObject>("/api/config"))!["configuration"]!.AsObject();
        foreach (var rep in configuration["organisation"]!["reps"]!.AsArray())
        {
            rep!["capacity"] = 1_000;
            if ((string)rep["id"]! == "dach-sdr-1")
            {
                rep["hourlyCap"] = 8;
            }
        }

        using (var content = new StringContent(configuration.ToJsonString(), System.Text.Encoding.UTF8, "application/json"))
        {
            Assert.Equal(HttpStatusCode.OK, (await api.PutAsync("/api/config/draft", content)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Created, (await api.PostAsync("/api/config/publish", content: null)).StatusCode);
        for (var i = 0; i < 24; i++)
        {
            var posted = await api.PostAsJsonAsync("/api/leads", new JsonObject
            {
                ["email"] = $"kontakt{i}@hof-{i}.de",
                ["company"] = $"Hof {i} GmbH",
                ["employees"] = 10,
                ["industry"] = "Agriculture",
                ["country"] = "DE",
                ["source"] = "ContactSales",
            });
            Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { Locale = "de-DE", ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(Browser.StepTimeoutMs);
        await page.GotoAsync(new Uri(app.BaseAddress, "/account/login?ReturnUrl=%2Fboard%2Fdistribution%3Fpool%3Ddach%3ASdr").ToString());
        await page.Locator("input[name=email]").FillAsync("katrin.vogel@leadrouting.demo");
        await page.Locator("input[name=password]").FillAsync(AppProcess.DemoPassword);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Anmelden" }).ClickAsync();

        await Expect(page.Locator("h1")).ToHaveTextAsync("Verteilung");
        var sdr1 = page.Locator("[data-testid=ledger-row][data-rep='dach-sdr-1']");
        await Expect(sdr1.GetByTestId("ledger-actual")).ToHaveTextAsync("8");

        // Out of rotation at her cap, she is not held behind: her gap stays within a lead (a German decimal comma).
        await Expect(sdr1.GetByTestId("ledger-gap")).ToContainTextAsync(new System.Text.RegularExpressions.Regex("^[+−]?0(,[0-9])?$"));
        await Expect(page.GetByTestId("adjust-submit")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.Screenshot("ledger.png"), FullPage = false, Timeout = Browser.StepTimeoutMs });
    }
}
