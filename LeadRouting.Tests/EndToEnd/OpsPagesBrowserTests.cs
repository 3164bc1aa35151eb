using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LeadRouting.Tests.EndToEnd;

/// <summary>
/// The Ops pages' tables at a 1440×900 desktop (issue 17): the columns people read are on screen, not behind a
/// sideways scroll inside the table's box (which the page-level overflow check of <see cref="DailyUseBrowserTests"/>
/// cannot see).
/// </summary>
[Slow(SlowBecause.AppProcess, SlowBecause.Browser)]
public sealed class OpsPagesBrowserTests(DailyUseApp fixture) : IClassFixture<DailyUseApp>
{
    private const string Ops = "nora.klein@leadrouting.demo";

    [Theory]
    [InlineData("/settings/reps", "reps", "en-GB")]
    [InlineData("/settings/reps", "reps", "de-DE")]
    [InlineData("/rules", "sla-policies", "en-GB")]
    [InlineData("/rules", "sla-policies", "de-DE")]
    public async Task A_table_shows_every_column_at_1440_px_without_scrolling_sideways(string path, string table, string locale)
    {
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = locale,
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(Browser.StepTimeoutMs);
        await page.GotoAsync(Url("/account/login?ReturnUrl=" + Uri.EscapeDataString(path)));
        await page.Locator("input[name=email]").FillAsync(Ops);
        await page.Locator("input[name=password]").FillAsync(AppProcess.DemoPassword);
        await page.Locator("form[data-testid=login-form] button[type=submit]").ClickAsync();
        await Expect(page).ToHaveURLAsync(Url(path));
        var box = page.GetByTestId(table);
        await Expect(box.Locator("tbody tr").First).ToBeVisibleAsync();

        // Every scrolling box inside the table (MudBlazor wraps the <table> in one) is as wide as its content.
        var hidden = await box.EvaluateAsync<int>(
            "root => Math.max(0, ...[root, ...root.querySelectorAll('*')].map(e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX) ? e.scrollWidth - e.clientWidth : 0))");
        Assert.True(hidden <= 0, $"{path} ({locale}): {hidden} px of the {table} table are behind a sideways scroll at 1440 px");
    }

    private string Url(string path) => new Uri(fixture.App.BaseAddress, path).ToString();
}
