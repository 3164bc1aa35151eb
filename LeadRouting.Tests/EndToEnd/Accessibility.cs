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
