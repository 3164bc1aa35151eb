using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LeadRouting.Tests.EndToEnd;

/// <summary>
/// A rep's inbox on a 390 px phone in German (issue 17): German words, actions a thumb can hit (at least 44 px high),
/// "Warum ich?" with its outcome inside the screen, nothing scrolling sideways. Its screenshot is README's.
/// </summary>
[Slow(SlowBecause.AppProcess, SlowBecause.Browser)]
public sealed class InboxPhoneBrowserTests(DailyUseApp fixture) : IClassFixture<DailyUseApp>
{
    private const string Rep = "dach-mid-1@leadrouting.demo";
    private const int Width = 390;

    [Fact]
    public async Task The_German_inbox_on_a_phone_has_thumb_sized_actions_and_why_me_fits_the_screen()
    {
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = "de-DE",
            ViewportSize = new ViewportSize { Width = Width, Height = 844 },
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(Browser.StepTimeoutMs);
        await page.GotoAsync(new Uri(fixture.App.BaseAddress, "/account/login?ReturnUrl=%2Finbox").ToString());
        await page.Locator("input[name=email]").FillAsync(Rep);
        await page.Locator("input[name=password]").FillAsync(AppProcess.DemoPassword);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Anmelden" }).ClickAsync();

        await Expect(page.Locator("h1")).ToHaveTextAsync("Mein Eingang");
        var cards = page.GetByTestId("lead");
        await Expect(cards.First).ToBeVisibleAsync();
        var first = cards.First;
        foreach (var button in await first.Locator("button").AllAsync())
        {
            var box = await button.BoundingBoxAsync();
            Assert.NotNull(box);
            Assert.True(box.Height >= 44, $"'{await button.InnerTextAsync()}' is {box.Height} px high");
        }

        await first.GetByTestId("why-me").ClickAsync();
        var outcome = first.Locator(".trace-outcome").First;
        await Expect(outcome).ToBeVisibleAsync();
        var outcomeBox = await outcome.BoundingBoxAsync();
        Assert.True(outcomeBox!.X >= 0 && outcomeBox.X + outcomeBox.Width <= Width, $"the outcome spans {outcomeBox.X}–{outcomeBox.X + outcomeBox.Width} px");
        await Expect(first.Locator(".trace-title").First).ToHaveTextAsync("1. Eingang");

        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"the inbox is {overflow} px wider than the phone");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.Screenshot("inbox-de-390.png"), FullPage = false, Timeout = Browser.StepTimeoutMs });
    }
}
