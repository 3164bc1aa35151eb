using LeadRouting.Web.Security;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LeadRouting.Tests.EndToEnd;

/// <summary>
/// A real browser against the real app: Debian's Chromium (<c>/usr/bin/chromium</c>, installed by scripts/test.sh),
/// driven headless by Playwright for .NET, which downloads nothing. Screenshots go to <c>artifacts/screenshots/</c>.
/// </summary>
[Slow(SlowBecause.AppProcess, SlowBecause.Browser)]
public sealed class SignInBrowserTests : IDisposable
{
    private static readonly TimeSpan AppStart = AppProcess.StartTimeout;
    private const float StepTimeoutMs = Browser.StepTimeoutMs;

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("leadrouting-browser-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task A_demo_rep_signs_in_through_the_login_form_and_sees_their_name_after_a_wrong_password_was_refused()
    {
        // Development, as `dotnet run` starts it: the demo users have the published password, which the login page
        // lists (an empty Demo__Password leaves it unset, so the published one applies).
        using var app = await AppProcess.StartAsync(_dataDirectory, AppStart, new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development", ["Demo__Password"] = "" });
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        page.SetDefaultTimeout(StepTimeoutMs);
        page.SetDefaultNavigationTimeout(StepTimeoutMs);

        // Anonymous: the home page sends the browser to the login page, which lists the demo users.
        await page.GotoAsync(app.BaseAddress.ToString());
        await Expect(page).ToHaveURLAsync(new Uri(app.BaseAddress, "/account/login?ReturnUrl=%2F").ToString());
        await Expect(page.GetByTestId("demo-users")).ToContainTextAsync("dach-mid-1@leadrouting.demo");
        await ScreenshotAsync(page, "login.png");

        await page.GetByLabel("Email").FillAsync("dach-mid-1@leadrouting.demo");
        await page.GetByLabel("Password").FillAsync("not-the-password");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByTestId("login-error")).ToContainTextAsync("The email or password is wrong.");
        await ScreenshotAsync(page, "login-wrong-password.png");

        // The typed email is kept; only the password is typed again.
        await Expect(page.GetByLabel("Email")).ToHaveValueAsync("dach-mid-1@leadrouting.demo");
        await Expect(page.GetByLabel("Password")).ToHaveValueAsync("");
        await page.GetByLabel("Password").FillAsync(DemoUsers.Password);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in" }).ClickAsync();

        // A rep's home is their inbox.
        await Expect(page).ToHaveURLAsync(new Uri(app.BaseAddress, "/inbox").ToString());
        await Expect(page.GetByTestId("signed-in-name")).ToHaveTextAsync("Clara Fischer");
        await Expect(page.GetByTestId("signed-in-role")).ToContainTextAsync("Rep");
        await Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "My inbox" })).ToBeVisibleAsync();
        await ScreenshotAsync(page, "home-signed-in.png");
    }

    private static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.Screenshot(name), FullPage = true, Timeout = StepTimeoutMs });
}
