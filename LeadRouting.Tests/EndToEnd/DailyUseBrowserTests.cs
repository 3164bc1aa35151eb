using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LeadRouting.Tests.EndToEnd;

/// <summary>One app (Development, demo data) and one browser for the daily-use checks of a class.</summary>
public sealed class DailyUseApp : IAsyncLifetime
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("leadrouting-daily-use-").FullName;
    private AppProcess? _app;
    private IPlaywright? _playwright;

    public AppProcess App => _app ?? throw new InvalidOperationException("not started");

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>A lead routed to the DACH team, for the lead page.</summary>
    public string LeadId { get; private set; } = "";

    private readonly Dictionary<string, string> _signedIn = new(StringComparer.Ordinal);

    /// <summary>
    /// The browser storage (the sign-in cookie) of <paramref name="email"/> signed in once through the login form; a page
    /// check opens a fresh context with it instead of signing in again (sign-in itself is checked by the tests above).
    /// It holds no culture cookie (only choosing a language sets one), so each context's locale still decides.
    /// </summary>
    public async Task<string> SignedInStateAsync(string email)
    {
        if (_signedIn.TryGetValue(email, out var state))
        {
            return state;
        }

        await using var context = await Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-GB" });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(EndToEnd.Browser.StepTimeoutMs);
        await page.GotoAsync(new Uri(App.BaseAddress, "/account/login").ToString());
        await DailyUseBrowserTests.SignInAsync(page, email);
        await Expect(page.GetByTestId("time-zone-note")).ToBeVisibleAsync();
        state = await context.StorageStateAsync();
        Assert.DoesNotContain(".AspNetCore.Culture", state, StringComparison.Ordinal);
        _signedIn[email] = state;
        return state;
    }

    public async Task InitializeAsync()
    {
        _app = await AppProcess.StartAsync(_dataDirectory, AppProcess.StartTimeout, new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development" });
        _playwright = await Playwright.CreateAsync();
        Browser = await EndToEnd.Browser.LaunchAsync(_playwright);
        using var http = new HttpClient { BaseAddress = App.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("X-Api-Key", await App.DemoKey);
        var response = await http.PostAsJsonAsync("/api/leads", new JsonObject
        {
            ["email"] = "petra.lang@kaltwasser-systems.de",
            ["firstName"] = "Petra",
            ["lastName"] = "Lang",
            ["company"] = "Kaltwasser Systems",
            ["employees"] = 400,
            ["industry"] = "Software",
            ["country"] = "DE",
            ["source"] = "DemoRequest",
            ["estimatedDealSize"] = 30000,
        });
        response.EnsureSuccessStatusCode();
        LeadId = (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["lead"]!["id"]!;
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright?.Dispose();
        _app?.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDirectory, recursive: true);
    }
}

/// <summary>
/// Daily use in a real browser (issue 17): each role's home, the language switch remembered per person, times named in
/// the person's zone, and every page at a desktop and a phone width in both languages with no horizontal overflow,
/// sign-out in reach and no serious accessibility violation (axe-core).
/// </summary>
[Slow(SlowBecause.AppProcess, SlowBecause.Browser)]
public sealed class DailyUseBrowserTests(DailyUseApp fixture) : IClassFixture<DailyUseApp>
{
    private const string Rep = "dach-mid-1@leadrouting.demo";
    private const string Manager = "katrin.vogel@leadrouting.demo";
    private const string Ops = "nora.klein@leadrouting.demo";

    [Theory]
    [InlineData(Rep, "/inbox")]
    [InlineData(Manager, "/board")]
    [InlineData(Ops, "/board")]
    public async Task Each_role_lands_on_its_home_after_sign_in(string user, string home)
    {
        await using var context = await fixture.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(Browser.StepTimeoutMs);

        await page.GotoAsync(Url("/account/login"));
        await SignInAsync(page, user);

        await Expect(page).ToHaveURLAsync(Url(home));
    }

    [Fact]
    public async Task A_manager_s_board_opens_on_their_own_team_and_Ops_sees_every_team()
    {
        await using var context = await fixture.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(Browser.StepTimeoutMs);

        // Katrin Vogel manages DACH Sales: her board shows its reps (Clara Fischer), not North America's (Ryan Davis).
        await page.GotoAsync(Url("/account/login"));
        await SignInAsync(page, Manager);
        await Expect(page).ToHaveURLAsync(Url("/board"));
        await Expect(page.GetByTestId("board-reps")).ToContainTextAsync("Clara Fischer");
        await Expect(page.GetByTestId("board-reps")).Not.ToContainTextAsync("Ryan Davis");
        await page.GetByTestId("sign-out").GetByRole(AriaRole.Button).ClickAsync();

        // Nora Klein (Ops) manages no team: every team's reps.
        await SignInAsync(page, Ops);
        await Expect(page).ToHaveURLAsync(Url("/board"));
        await Expect(page.GetByTestId("board-reps")).ToContainTextAsync("Ryan Davis");
        await Expect(page.GetByTestId("board-reps")).ToContainTextAsync("Clara Fischer");
    }

    [Fact]
    public async Task The_language_switch_turns_the_pages_German_for_the_person_in_every_browser_and_the_login_page_keeps_it()
    {
        await using var english = await fixture.Browser.NewContextAsync();
        var page = await english.NewPageAsync();
        page.SetDefaultTimeout(Browser.StepTimeoutMs);
        await page.GotoAsync(Url("/account/login?ReturnUrl=%2Frules"));
        await SignInAsync(page, Manager);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.GetByTestId("sign-out").GetByRole(AriaRole.Button)).ToHaveAttributeAsync("aria-label", "Sign out");

        try
        {
            await page.GetByTestId("language-de").ClickAsync();

            await Expect(page).ToHaveURLAsync(Url("/rules"));
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "de");
            await Expect(page.GetByTestId("sign-out").GetByRole(AriaRole.Button)).ToHaveAttributeAsync("aria-label", "Abmelden");
            await Expect(page.GetByTestId("language-de")).ToHaveAttributeAsync("aria-pressed", "true");

            // Another browser asking for English: after sign-in the person's German comes with them.
            await using var other = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-US" });
            var second = await other.NewPageAsync();
            second.SetDefaultTimeout(Browser.StepTimeoutMs);
            await second.GotoAsync(Url("/account/login?ReturnUrl=%2Frules"));
            await Expect(second.Locator("h1")).ToHaveTextAsync("Sign in");
            await SignInAsync(second, Manager);
            await Expect(second.Locator("html")).ToHaveAttributeAsync("lang", "de");

            // Signed out, this browser's login page stays German.
            await page.GetByTestId("sign-out").GetByRole(AriaRole.Button).ClickAsync();
            await Expect(page.Locator("h1")).ToHaveTextAsync("Anmelden");
            await SignInAsync(page, Manager, button: "Anmelden");
        }
        finally
        {
            await page.GetByTestId("language-en").ClickAsync();
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        }
    }

    [Fact]
    public async Task Times_are_named_in_the_persons_zone_which_they_can_change()
    {
        await using var context = await fixture.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(Browser.StepTimeoutMs);
        await page.GotoAsync(Url("/account/login?ReturnUrl=%2Finbox"));
        await SignInAsync(page, Rep);
        await Expect(page.GetByTestId("time-zone-note")).ToContainTextAsync("Europe/Berlin");

        try
        {
            await page.GotoAsync(Url("/account/preferences"));
            await page.GetByTestId("preferences-time-zone").SelectOptionAsync("America/New_York");
            await page.GetByTestId("preferences-save").ClickAsync();
            await Expect(page.GetByTestId("time-zone-note")).ToContainTextAsync("America/New_York");
            await page.GotoAsync(Url("/inbox"));
            await Expect(page.GetByTestId("time-zone-note")).ToContainTextAsync("America/New_York");
        }
        finally
        {
            await page.GotoAsync(Url("/account/preferences"));
            await page.GetByTestId("preferences-time-zone").SelectOptionAsync("");
            await page.GetByTestId("preferences-save").ClickAsync();
            await Expect(page.GetByTestId("time-zone-note")).ToContainTextAsync("Europe/Berlin");
        }
    }

    public static TheoryData<string, string?, string> PagesInBothLanguages()
    {
        (string Path, string? User)[] pages =
        [
            ("/account/login", null),
            ("/inbox", Rep),
            ("/leads/{lead}", Manager), // managers see every lead; the fixture lead need not be the rep's team's
            ("/board", Manager),
            ("/analytics", Manager),
            ("/rules", Rep),
            ("/playground", Ops),
            ("/account/preferences", Rep),
            ("/settings/teams", Ops),
            ("/settings/reps", Ops),
            ("/settings/calendars", Ops),
            ("/settings/segments", Ops),
            ("/settings/scoring", Ops),
            ("/settings/matrix", Ops),
            ("/settings/tiers", Ops),
            ("/settings/sla", Ops),
            ("/settings/fallback", Ops),
            ("/settings/versions", Ops),
            ("/settings/replay", Ops),
            ("/settings/import", Ops),
            ("/settings/accounts", Ops),
            ("/settings/api-keys", Ops),
            ("/settings/demo", Ops),
            ("/settings/privacy", Ops),
        ];
        var data = new TheoryData<string, string?, string>();
        foreach (var (path, user) in pages)
        {
            data.Add(path, user, "de-DE");
            data.Add(path, user, "en-GB");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PagesInBothLanguages))]
    public async Task A_page_fits_a_phone_and_a_desktop_and_has_no_serious_accessibility_violation(string path, string? user, string locale)
    {
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = locale,
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
            StorageState = user is null ? null : await fixture.SignedInStateAsync(user),
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(Browser.StepTimeoutMs);
        var url = Url(path.Replace("{lead}", Uri.EscapeDataString(fixture.LeadId), StringComparison.Ordinal));
        await page.GotoAsync(url);
        if (user is not null)
        {
            await Expect(page).ToHaveURLAsync(url);
            await Expect(page.GetByTestId("time-zone-note")).ToBeVisibleAsync();
        }

        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", locale[..2]);
        var name = $"{path.Trim('/').Replace('/', '-').Replace("{lead}", "lead", StringComparison.Ordinal)}-{locale}";
        foreach (var (width, height) in new[] { (1440, 900), (390, 844) })
        {
            await page.SetViewportSizeAsync(width, height);
            if (width < 960)
            {
                // As a phone opens the page: loaded at its width. (A page resized from the desktop keeps its navigation
                // drawer open until the layout hears of the new width, and a static page never does.)
                await page.ReloadAsync();
                await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", locale[..2]);
                if (user is not null)
                {
                    await Expect(page.GetByTestId("time-zone-note")).ToBeVisibleAsync();
                }
            }

            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.Screenshot($"daily-{name}-{width}.png"), FullPage = true, Timeout = Browser.StepTimeoutMs });

            // Nothing wider than the screen: a page that scrolls sideways hides what is off to the right.
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            Assert.True(overflow <= 0, $"{path} ({locale}) at {width} px is {overflow} px wider than the screen");
            if (user is not null)
            {
                await Expect(page.GetByTestId("sign-out").GetByRole(AriaRole.Button)).ToBeInViewportAsync();
            }

            await Accessibility.AssertNoSeriousViolationsAsync(page, $"{path} in {locale} at {width} px");
        }
    }

    private string Url(string path) => new Uri(fixture.App.BaseAddress, path).ToString();

    internal static async Task SignInAsync(IPage page, string email, string button = "Sign in")
    {
        await page.Locator("input[name=email]").FillAsync(email);
        await page.Locator("input[name=password]").FillAsync(AppProcess.DemoPassword);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = button }).ClickAsync();
    }
}
