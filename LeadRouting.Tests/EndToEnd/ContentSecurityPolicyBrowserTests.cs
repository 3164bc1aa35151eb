using LeadRouting.Web.Security;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LeadRouting.Tests.EndToEnd;

/// <summary>
/// Issue 14 §6 in a real browser: the app's pages run under their content security policy — each opens its circuit's
/// WebSocket and the console shows no violation (every browser test's <see cref="CspWatchedBrowser"/> fails on one) —
/// and the policy does stop a script the page did not ship. Screenshots at 1440×900 and 390×844.
/// </summary>
[Slow(SlowBecause.AppProcess, SlowBecause.Browser)]
public sealed class ContentSecurityPolicyBrowserTests : IDisposable
{
    private const string Ops = "nora.klein@leadrouting.demo";

    private static readonly string[] Pages =
    [
        "/settings/reps", "/inbox", "/board", "/rules", "/playground", "/analytics", "/settings/teams", "/settings/matrix",
        "/settings/api-keys", "/settings/accounts", "/settings/versions",
    ];

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("leadrouting-csp-browser-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task Every_page_opens_its_circuit_with_no_content_security_policy_violation_at_desktop_and_phone_width()
    {
        // Development: the app runs from the build output, where only Development serves Blazor's script (static web assets).
        using var app = await AppProcess.StartAsync(_dataDirectory, TimeSpan.FromSeconds(90), new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development" });
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        var page = await Browser.SignInAsync(browser, app.BaseAddress, Ops, "/playground");

        foreach (var (width, height) in new[] { (1440, 900), (390, 844) })
        {
            await page.SetViewportSizeAsync(width, height);
            foreach (var path in Pages)
            {
                // The circuit's WebSocket is the connection the policy's connect-src must allow; a frame from the server
                // means Blazor got past its handshake on this page.
                var circuitAnswered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                void OnWebSocket(object? sender, IWebSocket socket)
                {
                    if (socket.Url.Contains("/_blazor", StringComparison.Ordinal))
                    {
                        socket.FrameReceived += (_, _) => circuitAnswered.TrySetResult();
                    }
                }

                page.WebSocket += OnWebSocket;
                await page.GotoAsync(new Uri(app.BaseAddress, path).ToString());
                await circuitAnswered.Task.WaitAsync(TimeSpan.FromMilliseconds(Browser.StepTimeoutMs));
                page.WebSocket -= OnWebSocket;
                await Expect(page.GetByTestId("signed-in-name")).ToHaveTextAsync("Nora Klein");
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.Screenshot($"csp{path.Replace('/', '-').TrimEnd('-')}-{width}.png"), Timeout = Browser.StepTimeoutMs });
            }
        }

        // Disposing the browser (above) fails the test on any violation these pages reported.
    }

    [Fact]
    public async Task A_script_the_app_did_not_ship_is_blocked_and_reported_as_a_violation()
    {
        using var app = await AppProcess.StartAsync(_dataDirectory, TimeSpan.FromSeconds(90), new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development" });
        using var playwright = await Playwright.CreateAsync();
        await using var browser = (CspWatchedBrowser)await Browser.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        page.SetDefaultTimeout(Browser.StepTimeoutMs);
        await page.GotoAsync(new Uri(app.BaseAddress, AccountEndpoints.LoginPath).ToString());

        // What injected markup would try: an inline script, an inline event handler, a script from another origin.
        var ran = await page.EvaluateAsync<bool>(
            """
            () => {
                const inline = document.createElement('script');
                inline.textContent = 'window.injected = true';
                document.body.appendChild(inline);
                const handler = document.createElement('img');
                handler.setAttribute('onerror', 'window.injected = true');
                handler.src = 'data:,';
                document.body.appendChild(handler);
                const foreign = document.createElement('script');
                foreign.src = 'https://cdn.example.invalid/x.js';
                document.body.appendChild(foreign);
                return window.injected === true;
            }
            """);

        var violations = new List<string>();
        var deadline = DateTime.UtcNow.AddMilliseconds(Browser.StepTimeoutMs);
        while (!(violations.Count(v => v.Contains(CspWatchedBrowser.ViolationPrefix, StringComparison.Ordinal)) >= 3) && DateTime.UtcNow < deadline)
        {
            violations.AddRange(browser.TakeViolations());
            await page.WaitForTimeoutAsync(50);
        }

        Assert.False(ran);
        Assert.False(await page.EvaluateAsync<bool>("() => window.injected === true"));
        var reported = violations.Where(v => v.Contains(CspWatchedBrowser.ViolationPrefix, StringComparison.Ordinal)).ToList();
        Assert.Contains(reported, v => v.Contains("script-src-elem blocked inline", StringComparison.Ordinal));
        Assert.Contains(reported, v => v.Contains("script-src-attr blocked inline", StringComparison.Ordinal));
        Assert.Contains(reported, v => v.Contains("blocked https://cdn.example.invalid/x.js", StringComparison.Ordinal));
    }
}
