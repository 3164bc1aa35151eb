using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LeadRouting.Tests.EndToEnd;

/// <summary>
/// The components' scoped stylesheet reaches the browser (issue 13 §7): on <c>/analytics</c> over demo history, a
/// conversion row's confidence-interval bar has the height its scoped style gives it, not 0 px.
/// </summary>
[Slow(SlowBecause.AppProcess, SlowBecause.Browser)]
public sealed class AnalyticsBrowserTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("leadrouting-analytics-browser-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task The_confidence_interval_bars_are_drawn_with_their_scoped_style()
    {
        using var app = await AppProcess.StartAsync(_dataDirectory, AppProcess.StartTimeout, new Dictionary<string, string> { ["Demo__HistoryDays"] = "30" });
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        var page = await Browser.SignInAsync(browser, app.BaseAddress, "katrin.vogel@leadrouting.demo", "/analytics");

        var bar = page.GetByTestId("conversion-source").Locator(".interval").First;
        await Expect(bar).ToBeAttachedAsync(new LocatorAssertionsToBeAttachedOptions { Timeout = Browser.StepTimeoutMs });
        // The first interactive render replaces the prerendered chart: an element found just before may be detached
        // by the time it is scrolled to. Measure it once the page holds still (the locator finds the new one).
        // The range beside it is measured in the same pass: measured after, it could belong to a chart that the render
        // replaced in between (a detached element has no box).
        var boxes = await Eventually.FindAsync(async () =>
        {
            try
            {
                await bar.ScrollIntoViewIfNeededAsync(new LocatorScrollIntoViewIfNeededOptions { Timeout = Browser.StepTimeoutMs });
                var barBox = await bar.BoundingBoxAsync();
                var rangeBox = await page.GetByTestId("conversion-source").Locator(".interval-range").First.BoundingBoxAsync();
                return barBox is null || rangeBox is null ? null : new[] { barBox, rangeBox };
            }
            catch (PlaywrightException detached) when (detached.Message.Contains("not attached", StringComparison.Ordinal))
            {
                return null;
            }
        }, "the first confidence-interval bar and its range, attached and measured");

        var (box, range) = (boxes[0], boxes[1]);
        Assert.Equal(10, box.Height, tolerance: 0.5);
        Assert.True(range is { Width: > 0, Height: > 0 }, "the interval's range is drawn");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.Screenshot("analytics-intervals.png"), FullPage = true, Timeout = Browser.StepTimeoutMs });
    }
}
