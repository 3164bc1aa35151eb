using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LeadRouting.Tests.EndToEnd;

/// <summary>
/// An Ops person imports a Salesforce-style export on <c>/settings/import</c> in a real browser: the file's encoding,
/// separator and first rows are shown, one column is remapped, the dry run counts, the import runs with its progress
/// bar to the end, the summary counts, and the rejected rows download as a CSV with their reasons and cells.
/// </summary>
[Slow(SlowBecause.AppProcess, SlowBecause.Browser)]
public sealed class ImportPageBrowserTests : IDisposable
{
    /// <summary>
    /// Five leads as Salesforce exports them; the country is in a custom field (<c>Country__c</c>) that no header table
    /// knows, so it is ignored until mapped. Line 5 then has a country that does not exist, line 6 no valid email.
    /// </summary>
    private const string SalesforceExport =
        "Lead ID,First Name,Last Name,Company,Email,No. of Employees,Country__c,Lead Source,Lead Status\r\n" +
        "00Q5g00000PgA01,Lena,Vogt,Brightlabs GmbH,lena.vogt@brightlabs-page.de,1054,Germany,Web,Open - Not Contacted\r\n" +
        "00Q5g00000PgA02,Tom,Baker,Northwind Partners,tom@northwind-page.co.uk,250,United Kingdom,Partner Referral,Working - Contacted\r\n" +
        "00Q5g00000PgA03,Eve,Stone,Acme Inc.,eve@acme-page.io,5000,USA,Organic Search,Open - Not Contacted\r\n" +
        "00Q5g00000PgA04,Ola,Nordmann,Fjord AS,ola@fjord-page.no,80,Atlantis,Web,Open - Not Contacted\r\n" +
        "00Q5g00000PgA05,Jan,Kowalski,Wisla SA,not-an-email,120,Poland,Web,Open - Not Contacted\r\n";

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("leadrouting-import-page-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    /// <summary>
    /// Chooses the file until the page answers: the prerendered page shows its upload before its circuit is connected,
    /// and a file chosen in that moment goes nowhere. The choice is repeated, not the wait skipped.
    /// </summary>
    private static async Task UploadUntilPreviewedAsync(IPage page, FilePayload payload)
    {
        // The newest input: once a file is chosen the upload component adds a fresh one for the next choice.
        var input = page.Locator("input[type=file].import-file-input").Last;
        var preview = page.GetByTestId("import-preview");
        var deadline = DateTime.UtcNow.AddMilliseconds(Browser.StepTimeoutMs);
        while (true)
        {
            await input.SetInputFilesAsync(payload);
            try
            {
                await preview.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = 2_000 });
                return;
            }
            catch (TimeoutException) when (DateTime.UtcNow < deadline)
            {
                // Not interactive yet: choose the file again.
            }
        }
    }

    /// <summary>
    /// Waits until the page does not scroll sideways (the layout settles after a resize: the navigation drawer closes
    /// on a narrow window); fails naming the elements that reach past the window's right edge.
    /// </summary>
    private static async Task AssertNoSidewaysScrollAsync(IPage page)
    {
        try
        {
            await page.WaitForFunctionAsync("() => document.documentElement.scrollWidth <= window.innerWidth", null, new PageWaitForFunctionOptions { Timeout = Browser.StepTimeoutMs });
        }
        catch (TimeoutException)
        {
            Assert.Fail($"The page scrolls sideways at {page.ViewportSize?.Width} px: {await OverflowAsync(page)}");
        }
    }

    private static async Task<string> OverflowAsync(IPage page) =>
        await page.EvaluateAsync<string>("""
            () => document.documentElement.scrollWidth <= window.innerWidth ? "" :
                [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.import-scroll'))
                    .slice(0, 8).map(e => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}px`).join('; ')
            """);

    [Fact]
    public async Task Ops_import_a_Salesforce_export_on_the_page_from_upload_to_the_rejected_rows_file()
    {
        using var app = await AppProcess.StartAsync(_dataDirectory, AppProcess.StartTimeout);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        var page = await Browser.SignInAsync(browser, app.BaseAddress, "nora.klein@leadrouting.demo", "/settings/import");
        await page.SetViewportSizeAsync(1440, 900);
        var step = new LocatorAssertionsToContainTextOptions { Timeout = Browser.StepTimeoutMs };
        await Expect(page.GetByTestId("import-options")).ToBeVisibleAsync();

        await UploadUntilPreviewedAsync(page, new FilePayload { Name = "salesforce-leads.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(SalesforceExport) });
        await Expect(page.GetByTestId("import-charset")).ToContainTextAsync("utf-8");
        await Expect(page.GetByTestId("import-separator")).ToContainTextAsync("comma");
        await Expect(page.GetByTestId("import-rows")).ToContainTextAsync("5 rows");
        await Expect(page.GetByTestId("import-first-rows")).ToContainTextAsync("lena.vogt@brightlabs-page.de");
        var country = page.Locator("[data-testid=mapping-row][data-header='Country__c']");
        var status = page.Locator("[data-testid=mapping-row][data-header='Lead Status']");
        await Expect(country.GetByTestId("mapping-note")).ToContainTextAsync("unknown column");
        await Expect(status.GetByTestId("mapping-note")).ToContainTextAsync("used only by mode=history");

        // Remap the custom field to the lead's country; the page reads the file again through the new mapping.
        await country.Locator("select").SelectOptionAsync("country");
        await Expect(country.GetByTestId("mapping-note")).ToBeEmptyAsync(new LocatorAssertionsToBeEmptyOptions { Timeout = Browser.StepTimeoutMs });

        await page.GetByTestId("import-dry-run").ClickAsync();
        var dryRun = page.GetByTestId("dry-run-result");
        await Expect(dryRun).ToContainTextAsync("5 rows: 3 created, 0 merged, 0 already imported, 2 rejected", step);
        await Expect(page.GetByTestId("dry-run-errors")).ToContainTextAsync("Atlantis");

        await page.GetByTestId("import-start").ClickAsync();
        await Expect(page.GetByTestId("import-progress-text")).ToContainTextAsync("5 / 5 rows — done.", step);
        await Expect(page.Locator("[data-testid=import-progress] [role=progressbar]")).ToHaveAttributeAsync("aria-valuenow", "100");
        var summary = page.GetByTestId("import-summary");
        await Expect(summary.GetByTestId("summary-created")).ToHaveTextAsync("3 created");
        await Expect(summary.GetByTestId("summary-rejected")).ToHaveTextAsync("2 rejected");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.Screenshot("import-page.png"), FullPage = true, Timeout = Browser.StepTimeoutMs });

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("import-errors-download").ClickAsync());
        var path = Path.Combine(_dataDirectory, "rejected.csv");
        await download.SaveAsAsync(path);
        var lines = (await File.ReadAllTextAsync(path, Encoding.UTF8)).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("line,field,message,Lead ID,First Name,Last Name,Company,Email,No. of Employees,Country__c,Lead Source,Lead Status", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("5,country,", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(",00Q5g00000PgA04,Ola,Nordmann,Fjord AS,ola@fjord-page.no,80,Atlantis,Web,Open - Not Contacted", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("6,email,", lines[2], StringComparison.Ordinal);
        Assert.EndsWith(",00Q5g00000PgA05,Jan,Kowalski,Wisla SA,not-an-email,120,Poland,Web,Open - Not Contacted", lines[2], StringComparison.Ordinal);

        // The link is no way around the sign-in: without one it leads to the login page, not to the rows.
        var href = await page.GetByTestId("import-errors-download").GetAttributeAsync("href");
        await using var anonymous = await browser.NewContextAsync();
        var stranger = await anonymous.APIRequest.GetAsync(new Uri(app.BaseAddress, href!).ToString());
        Assert.DoesNotContain("Atlantis", await stranger.TextAsync(), StringComparison.Ordinal);

        await AssertNoSidewaysScrollAsync(page);
        await page.SetViewportSizeAsync(390, 844);
        await Expect(summary).ToBeVisibleAsync();
        await AssertNoSidewaysScrollAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.Screenshot("import-page-390.png"), FullPage = true, Timeout = Browser.StepTimeoutMs });
    }

    /// <summary>
    /// The progress bar moves while a larger file imports: several counts between 0 and the end are shown before the
    /// import is done (each one the DOM showed, recorded as it changed), not a jump from nothing to "done". No timing.
    /// Then a USD file is converted at a stated rate, and the summary says so.
    /// </summary>
    [Fact]
    public async Task The_progress_bar_shows_several_counts_before_a_3000_row_import_is_done_and_a_stated_currency_is_converted()
    {
        const int rows = 3_000;
        var csv = new StringBuilder("email,source,estimatedDealSize\n");
        for (var i = 0; i < rows; i++)
        {
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"buyer{i}@progress-firm{i}.de,ContentDownload,{1000 + i}\n");
        }

        using var app = await AppProcess.StartAsync(_dataDirectory, AppProcess.StartTimeout);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        var page = await Browser.SignInAsync(browser, app.BaseAddress, "nora.klein@leadrouting.demo", "/settings/import");
        await Expect(page.GetByTestId("import-options")).ToBeVisibleAsync();
        await UploadUntilPreviewedAsync(page, new FilePayload { Name = "progress.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv.ToString()) });
        await Expect(page.GetByTestId("import-rows")).ToContainTextAsync("3,000 rows");
        await page.Locator("[data-testid=import-currency] input, input[data-testid=import-currency]").FillAsync("USD");
        await page.Locator("[data-testid=import-currency] input, input[data-testid=import-currency]").BlurAsync();
        await Expect(page.GetByTestId("import-options")).ToContainTextAsync("Rate (1 USD = ? EUR)");
        await page.Locator("[data-testid=import-rate] input, input[data-testid=import-rate]").FillAsync("0.5");
        await page.Locator("[data-testid=import-rate] input, input[data-testid=import-rate]").BlurAsync();

        // Every text the progress line shows, in order, as the DOM changes.
        await page.EvaluateAsync("""
            () => {
                window.__progress = [];
                const record = () => {
                    const text = document.querySelector('[data-testid=import-progress-text]')?.textContent?.trim();
                    if (text && window.__progress[window.__progress.length - 1] !== text) window.__progress.push(text);
                };
                new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true });
            }
            """);
        await page.GetByTestId("import-start").ClickAsync();
        await Expect(page.GetByTestId("import-progress-text")).ToContainTextAsync("3,000 / 3,000 rows — done.", new LocatorAssertionsToContainTextOptions { Timeout = 300_000 });

        var shown = await page.EvaluateAsync<string[]>("() => window.__progress");
        var between = shown.Where(t => System.Text.RegularExpressions.Regex.IsMatch(t, "^[1-9][0-9,]* / 3,000 rows$") && t != "3,000 / 3,000 rows").ToList();
        // The bar moves through the import rather than jumping from 0 to done; how many redraws a loaded machine shows varies.
        Assert.True(between.Distinct().Count() >= 2, $"Shown before done: {string.Join(" | ", shown)}");
        await Expect(page.GetByTestId("summary-created")).ToHaveTextAsync("3,000 created");
        await Expect(page.GetByTestId("summary-conversion")).ToContainTextAsync("3,000 converted from USD into EUR at 0.5");
        await Expect(page.GetByTestId("summary-conversion")).ToContainTextAsync("line 2: 1,000 USD → 500.00 EUR");
    }
}
