using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LeadRouting.Tests.EndToEnd;

/// <summary>What the browser tests share: Debian's Chromium, headless, a content security policy watch, a step timeout on every wait, sign-in, screenshots.</summary>
public static class Browser
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const float StepTimeoutMs = 30_000;

    /// <summary>
    /// Chromium whose pages may not break their content security policy: disposing it fails the test if one did
    /// (<see cref="CspWatchedBrowser"/>). Also gives every <c>Expect(…)</c> assertion the step timeout instead of
    /// Playwright's 5 s: on a loaded machine a redirect after a click took longer than that (CI, 7 Dec 2026).
    /// </summary>
    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        SetDefaultExpectTimeout(StepTimeoutMs);
        return new CspWatchedBrowser(await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox"],
            Timeout = StepTimeoutMs,
        }));
    }

    /// <summary>
    /// A new browser context (its own cookies) signed in as a demo user through the login form, on <paramref name="path"/>,
    /// with the demo password the test run gives its apps (<see cref="AppProcess.DemoPassword"/>).
    /// </summary>
    public static async Task<IPage> SignInAsync(IBrowser browser, Uri app, string email, string path)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(StepTimeoutMs);
        page.SetDefaultNavigationTimeout(StepTimeoutMs);
        await page.GotoAsync(new Uri(app, path).ToString());
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(AppProcess.DemoPassword);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Uri(app, path).ToString());
        return page;
    }

    /// <summary>
    /// Clicks <paramref name="target"/> until <paramref name="appears"/> is visible. A prerendered page shows its buttons
    /// before its circuit is connected, and a click in that moment does nothing; the click is repeated, not the wait skipped.
    /// </summary>
    public static async Task ClickUntilVisibleAsync(ILocator target, ILocator appears)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(StepTimeoutMs);
        while (true)
        {
            await target.ClickAsync();
            try
            {
                await appears.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = 1_000 });
                return;
            }
            catch (TimeoutException) when (DateTime.UtcNow < deadline)
            {
                // Not interactive yet: click again.
            }
        }
    }

    /// <summary>A path in <c>artifacts/screenshots/</c> at the repository root (git-ignored).</summary>
    public static string Screenshot(string name)
    {
        var screenshots = Path.Combine(RepositoryRoot.Path, "artifacts", "screenshots");
        Directory.CreateDirectory(screenshots);
        return Path.Combine(screenshots, name);
    }
}
