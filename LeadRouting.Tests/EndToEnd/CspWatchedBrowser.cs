using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace LeadRouting.Tests.EndToEnd;

/// <summary>
/// The browser every browser test gets (<see cref="Browser.LaunchAsync"/>): each of its contexts reports content
/// security policy violations — Chromium's console message for a blocked script, style, connection or frame, and the
/// page's <c>securitypolicyviolation</c> event — and disposing the browser fails the test when any page saw one.
/// </summary>
public sealed class CspWatchedBrowser(IBrowser inner) : IBrowser
{
    /// <summary>Written to the console by <see cref="ViolationListener"/>; Chromium's own messages say "Content Security Policy".</summary>
    public const string ViolationPrefix = "securitypolicyviolation:";

    // Added to every document before the page's own scripts. Playwright injects it outside the page's policy.
    private const string ViolationListener =
        """
        document.addEventListener('securitypolicyviolation', e => console.error(
            'securitypolicyviolation: ' + e.effectiveDirective + ' blocked ' + (e.blockedURI || 'inline')
            + ' in ' + e.sourceFile + ':' + e.lineNumber + ' (' + e.disposition + ')'), true);
        """;

    private readonly ConcurrentQueue<string> _violations = new();

    /// <summary>The violations seen so far, emptied: for a test that provokes one on purpose.</summary>
    public IReadOnlyList<string> TakeViolations()
    {
        var taken = new List<string>();
        while (_violations.TryDequeue(out var violation))
        {
            taken.Add(violation);
        }

        return taken;
    }

    /// <summary>
    /// The language a context's browser asks for unless a test names one (<c>Locale = "de-DE"</c>): British English, the
    /// app's English, so pages show 24-hour times whatever the machine's own locale is.
    /// </summary>
    public const string DefaultLocale = "en-GB";

    public async Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions? options = null)
    {
        options ??= new BrowserNewContextOptions();
        options.Locale ??= DefaultLocale;
        var context = await inner.NewContextAsync(options);
        await WatchAsync(context);
        return context;
    }

    /// <summary>Like Playwright's own: a page in a context of its own, closed with the page.</summary>
    public async Task<IPage> NewPageAsync(BrowserNewPageOptions? options = null)
    {
        options ??= new BrowserNewPageOptions();
        options.Locale ??= DefaultLocale;
        var page = await inner.NewPageAsync(options);
        await WatchAsync(page.Context);
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        var violations = TakeViolations();
        if (violations.Count > 0)
        {
            Assert.Fail($"The pages broke their content security policy {violations.Count} time(s):{Environment.NewLine}{string.Join(Environment.NewLine, violations)}");
        }
    }

    private async Task WatchAsync(IBrowserContext context)
    {
        context.Console += (_, message) =>
        {
            if (message.Text.StartsWith(ViolationPrefix, StringComparison.Ordinal)
                || message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                _violations.Enqueue($"{message.Page?.Url}: {message.Text}");
            }
        };
        await context.AddInitScriptAsync(ViolationListener);
    }

    public IBrowserType BrowserType => inner.BrowserType;

    public IReadOnlyList<IBrowserContext> Contexts => inner.Contexts;

    public bool IsConnected => inner.IsConnected;

    public string Version => inner.Version;

    public event EventHandler<IBrowserContext> Context
    {
        add => inner.Context += value;
        remove => inner.Context -= value;
    }

    public event EventHandler<IBrowser> Disconnected
    {
        add => inner.Disconnected += value;
        remove => inner.Disconnected -= value;
    }

    public Task CloseAsync(BrowserCloseOptions? options = null) => inner.CloseAsync(options);

    public Task<ICDPSession> NewBrowserCDPSessionAsync() => inner.NewBrowserCDPSessionAsync();

    public Task<BrowserBindResult> BindAsync(string title, BrowserBindOptions? options = null) => inner.BindAsync(title, options);

    public Task UnbindAsync() => inner.UnbindAsync();
}
