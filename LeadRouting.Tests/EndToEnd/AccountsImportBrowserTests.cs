using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LeadRouting.Tests.EndToEnd;

/// <summary>
/// An Ops person in a real browser uploads named accounts saved by Excel in windows-1252 (no charset travels with a
/// browser upload): the umlauts arrive intact; a file whose charset cannot be told is refused with the reason, and
/// nothing of it is imported.
/// </summary>
[Slow(SlowBecause.AppProcess, SlowBecause.Browser)]
public sealed class AccountsImportBrowserTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("leadrouting-accounts-browser-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    /// <summary>Single-byte text built by hand (ü ß are Latin-1, € is 0x80 in windows-1252, the Polish letters are windows-1250).</summary>
    private static byte[] SingleByte(string text, IReadOnlyDictionary<char, byte> beyondLatin1) =>
        [.. text.Select(c => beyondLatin1.TryGetValue(c, out var b) ? b : (byte)c)];

    /// <summary>
    /// Chooses the file until the import answers: the prerendered page shows its file input before its circuit is
    /// connected, and a file chosen in that moment goes nowhere. The choice is repeated, not the wait skipped.
    /// </summary>
    private static async Task UploadUntilAnsweredAsync(ILocator file, FilePayload payload, ILocator result)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(Browser.StepTimeoutMs);
        while (true)
        {
            await file.SetInputFilesAsync(payload);
            try
            {
                await result.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = 2_000 });
                return;
            }
            catch (TimeoutException) when (DateTime.UtcNow < deadline)
            {
                // Not interactive yet: choose the file again.
            }
        }
    }

    /// <summary>
    /// Chooses an accounts file once, on a page proven interactive, and waits for the answer: choosing it again after a
    /// slow answer (a loaded machine) would import it twice and answer "Nothing changed". The Character set menu opens
    /// only on the server's answer to the click, so once it has, the circuit is connected.
    /// </summary>
    private static async Task UploadAccountsAsync(IPage page, ILocator file, FilePayload payload, ILocator result)
    {
        var charsetChoice = page.GetByText("Windows-1252 (Excel, Western Europe)");
        await Browser.ClickUntilVisibleAsync(page.GetByTestId("account-charset").First, charsetChoice);
        await page.Keyboard.PressAsync("Escape");
        await Expect(charsetChoice).ToBeHiddenAsync(new LocatorAssertionsToBeHiddenOptions { Timeout = Browser.StepTimeoutMs });
        await file.SetInputFilesAsync(payload);
        await result.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = Browser.StepTimeoutMs });
    }

    [Fact]
    public async Task Ops_upload_a_windows_1252_accounts_file_and_the_umlauts_arrive_intact()
    {
        using var app = await AppProcess.StartAsync(_dataDirectory, AppProcess.StartTimeout, new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development" });
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        var page = await Browser.SignInAsync(browser, app.BaseAddress, "nora.klein@leadrouting.demo", "/settings/accounts");
        await page.SetViewportSizeAsync(1440, 900);
        var file = page.Locator("input[type=file][data-testid=account-file]");
        var result = page.GetByTestId("import-result");

        var excel = SingleByte("domain;name\r\nmueller-soehne.de;Müller & Söhne GmbH\r\nstrauss.at;Strauß KG €\r\n", new Dictionary<char, byte> { ['€'] = 0x80 });
        await UploadAccountsAsync(page, file, new FilePayload { Name = "accounts.csv", MimeType = "text/csv", Buffer = excel }, result);
        await Expect(result).ToContainTextAsync("2 accounts imported", new LocatorAssertionsToContainTextOptions { Timeout = Browser.StepTimeoutMs });
        await page.Locator("[data-testid=account-search] input, input[data-testid=account-search]").FillAsync("soehne");
        // In the accounts table: the import's "Created" list (folded) names it too.
        await Expect(page.GetByTestId("accounts").GetByText("Müller & Söhne GmbH")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.Screenshot("accounts-import-1252.png"), Timeout = Browser.StepTimeoutMs });

        var polish = SingleByte("domain,name\nwroclaw-firma.pl,Łódź Żółć sp. z o.o.\n", new Dictionary<char, byte>
        {
            ['Ł'] = 0xA3, ['ó'] = 0xF3, ['ź'] = 0x9F, ['Ż'] = 0xAF, ['ł'] = 0xB3, ['ć'] = 0xE6,
        });
        await file.SetInputFilesAsync(new FilePayload { Name = "polish.csv", MimeType = "text/csv", Buffer = polish });
        await Expect(result).ToContainTextAsync("Nothing was imported", new LocatorAssertionsToContainTextOptions { Timeout = Browser.StepTimeoutMs });
        await Expect(result).ToContainTextAsync("choose its character set");
        await page.SetViewportSizeAsync(390, 844);
        await result.ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.Screenshot("accounts-import-refused-390.png"), Timeout = Browser.StepTimeoutMs });
        await page.SetViewportSizeAsync(1440, 900);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.Screenshot("accounts-import-refused.png"), Timeout = Browser.StepTimeoutMs });
    }

    [Fact]
    public async Task Ops_re_import_a_Salesforce_export_and_see_the_diff_then_import_reps_into_the_draft()
    {
        using var app = await AppProcess.StartAsync(_dataDirectory, AppProcess.StartTimeout, new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development" });
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        var page = await Browser.SignInAsync(browser, app.BaseAddress, "nora.klein@leadrouting.demo", "/settings/accounts");
        await page.SetViewportSizeAsync(1440, 900);
        var file = page.Locator("input[type=file][data-testid=account-file]");
        var result = page.GetByTestId("import-result");
        const string header = "\"Account ID\",\"Account Name\",\"Type\",\"Website\",\"Account Owner\",\"Industry\",\"Employees\",\"Billing Country\",\"Parent Account\"\r\n";
        var first = header +
            "\"001A\",\"Siemens AG\",\"Customer - Direct\",\"https://www.siemens.com/global/en.html\",\"Elif Yılmaz\",\"Manufacturing\",\"300000\",\"Germany\",\"Siemens Group\"\r\n" +
            "\"001B\",\"Siemens AG\",\"Customer - Direct\",\"siemens.de\",\"Elif Yılmaz\",\"Manufacturing\",\"300000\",\"Germany\",\"Siemens Group\"\r\n";
        await UploadAccountsAsync(page, file, new FilePayload { Name = "accounts.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(first) }, result);
        await Expect(result).ToContainTextAsync("2 accounts imported", new LocatorAssertionsToContainTextOptions { Timeout = Browser.StepTimeoutMs });

        var second = first.Replace("\"Elif Yılmaz\",\"Manufacturing\",\"300000\",\"Germany\",\"Siemens Group\"\r\n\"001B", "\"Friedrich Köhler\",\"Manufacturing\",\"300000\",\"Germany\",\"Siemens Group\"\r\n\"001B", StringComparison.Ordinal);
        await file.SetInputFilesAsync(new FilePayload { Name = "accounts.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(second) });
        await Expect(result).ToContainTextAsync("2 accounts imported: 0 created, 0 updated, 1 owner changed, 1 unchanged", new LocatorAssertionsToContainTextOptions { Timeout = Browser.StepTimeoutMs });
        await page.GetByTestId("import-owner-changed").Locator("summary").ClickAsync();
        await Expect(page.GetByTestId("import-owner-changed")).ToContainTextAsync("Siemens AG (siemens.com): Elif Yılmaz");
        await Expect(page.GetByTestId("import-warnings")).ToContainTextAsync("'Siemens AG' is the name of 2 accounts on different domains");
        await Expect(page.GetByTestId("import-ignored")).ToContainTextAsync("Account ID, Type");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.Screenshot("accounts-import-diff.png"), FullPage = true, Timeout = Browser.StepTimeoutMs });
        await page.SetViewportSizeAsync(390, 844);
        await result.ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.Screenshot("accounts-import-diff-390.png"), Timeout = Browser.StepTimeoutMs });

        await page.SetViewportSizeAsync(1440, 900);
        await page.GotoAsync(new Uri(app.BaseAddress, "/settings/reps").ToString());
        var reps = "name,email,team,level,capacity,languages\nHanna Berg,hanna.berg@leadrouting.demo,DACH Sales,Mid-level AE,30,de;en\n";
        await UploadUntilAnsweredAsync(
            page.Locator("input[type=file][data-testid=reps-file]"),
            new FilePayload { Name = "reps.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(reps) },
            page.GetByTestId("draft-state").GetByText("Draft"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.Screenshot("reps-import-draft.png"), Timeout = Browser.StepTimeoutMs });
        await page.SetViewportSizeAsync(390, 844);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.Screenshot("reps-import-draft-390.png"), Timeout = Browser.StepTimeoutMs });

        await page.SetViewportSizeAsync(1440, 900);
        await page.GotoAsync(new Uri(app.BaseAddress, "/settings/tiers").ToString());
        await Expect(page.Locator("input[data-testid=tiers-currency], [data-testid=tiers-currency] input")).ToHaveValueAsync("EUR");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.Screenshot("tiers-currency.png"), Timeout = Browser.StepTimeoutMs });
        await page.SetViewportSizeAsync(390, 844);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.Screenshot("tiers-currency-390.png"), Timeout = Browser.StepTimeoutMs });
    }
}
