using LeadRouting.Web.Components.Pages.Settings;
using Microsoft.Extensions.Time.Testing;

namespace LeadRouting.Tests.Components.Settings;

/// <summary>
/// The import page's progress bar (issue 16): it moves through its steps however fast the rows go — a small or fast
/// import must not jump from 0 to 100 % — and between steps redraws at most once per interval.
/// </summary>
public sealed class ImportProgressTests
{
    [Fact]
    public void A_fast_import_is_drawn_at_each_of_the_bars_steps_not_only_at_the_end()
    {
        var drawn = new List<int>();
        ImportProgress? progress = null;
        progress = new ImportProgress(3_000, dryRun: false, () => { drawn.Add(progress!.Done); return Task.CompletedTask; }, TimeSpan.FromMilliseconds(150));

        // Rows finishing far faster than the redraw interval, as a small file does on a quick writer.
        for (var row = 1; row <= 3_000; row++)
        {
            progress.Report(row);
        }

        Assert.True(drawn.Count >= 50, $"Drawn {drawn.Count} times: {string.Join(", ", drawn)}");
        Assert.Equal(drawn.Order(), drawn);
        Assert.Equal(drawn.Count, drawn.Distinct().Count());
        Assert.Contains(drawn, done => done <= 100);
        Assert.Contains(drawn, done => done is > 1_400 and < 1_600);
        Assert.Equal(3_000, drawn[^1]);
    }

    [Fact]
    public void Between_the_bars_steps_the_count_is_redrawn_at_most_once_per_interval()
    {
        var clock = new FakeTimeProvider();
        var drawn = 0;
        var progress = new ImportProgress(1_000_000, dryRun: false, () => { drawn++; return Task.CompletedTask; }, TimeSpan.FromMilliseconds(150), clock);

        // 100 rows of a million (well inside the first 2 % step), one every 10 ms: one second.
        for (var row = 1; row <= 100; row++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(10));
            progress.Report(row);
        }

        Assert.Equal(6, drawn);
        Assert.Equal("100 / 1,000,000 rows", progress.Text);
    }
}
