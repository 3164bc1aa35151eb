using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace LeadRouting.Tests.EndToEnd;

/// <summary>
/// axe-core in the browser: a page has no serious or critical accessibility violation (WCAG 2.1 A and AA rules, plus
/// axe's best practices). Minor and moderate findings are reported in the failure message of a failing page only.
/// </summary>
public static class Accessibility
{
    private static readonly string[] Blocking = ["serious", "critical"];

    /// <summary>Runs axe over the whole page as it is now and fails naming each serious or critical violation.</summary>
    public static async Task AssertNoSeriousViolationsAsync(IPage page, string what)
    {
        // Checked as a person sees the page once it has settled: while an interactive page starts its circuit, Blazor
        // swaps the prerendered <head> content for its own, and for that moment the document has no <title>.
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle, new PageWaitForLoadStateOptions { Timeout = Browser.StepTimeoutMs });
        await Assertions.Expect(page).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex(@"\S"), new PageAssertionsToHaveTitleOptions { Timeout = Browser.StepTimeoutMs });
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
        });
        var blocking = result.Violations.Where(v => Blocking.Contains(v.Impact)).ToList();
        Assert.True(blocking.Count == 0,
            $"{what} ({page.Url}): {blocking.Count} serious or critical accessibility violation(s):{Environment.NewLine}" +
            string.Join(Environment.NewLine, blocking.Select(v =>
                $"- {v.Impact} {v.Id}: {v.Help} — {string.Join("; ", v.Nodes.Take(5).Select(n => string.Join(" ", n.Target?.ToString() ?? "") + " " + Trim(n.Html)))}")));
    }

    private static string Trim(string? html) => html is null ? "" : html.Length <= 160 ? html : html[..160] + "…";
}
