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
        await UploadUntilAnsweredAsync(file, new FilePayload { Name = "accounts.csv", MimeType = "text/csv", Buffer = excel }, result);
        await Expect(result).ToContainTextAsync("2 accounts imported", new LocatorAssertionsToContainTextOptions { Timeout = Browser.StepTimeoutMs });
        await page.Locator("[data-testid=account-search] input, input[data-testid=account-search]").FillAsync("soehne");
        await Expect(page.GetByText("Müller & Söhne GmbH")).ToBeVisibleAsync();
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
}
