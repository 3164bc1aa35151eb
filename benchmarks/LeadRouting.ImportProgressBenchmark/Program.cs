using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LeadRouting.LoadGenerator;
using Microsoft.Playwright;

// The import page's live progress with a large file (issue 16), in a real browser. Driven by
// benchmarks/import-progress.sh, which builds Release and starts the app with a fresh database:
//
//   --url URL --password PW [--rows 50000] [--probe-every 2] [--chromium /usr/bin/chromium]
//
// Signs in as the demo Ops user, opens /settings/import, chooses the en-US locale, uploads a Salesforce-style export of
// --rows rows (CrmImportRun.Export, the crm load mode's file) and imports it in route mode. The page's own clock records
// every text the progress line shows as the DOM changes (a MutationObserver), the longest gap between the browser's
// animation frames (a frozen tab would show here), and — every --probe-every seconds while the rows import — how long
// the page takes to open its Mode menu, a round trip over the page's own circuit, busy with the import.
internal static class ImportProgressBenchmark
{
    private const string OpsEmail = "nora.klein@leadrouting.demo";
    private const float StepTimeoutMs = 120_000;
    private static readonly TimeSpan ImportTimeout = TimeSpan.FromMinutes(60);

    private static async Task<int> Main(string[] args)
    {
        var options = args.Chunk(2).Where(p => p.Length == 2 && p[0].StartsWith("--", StringComparison.Ordinal))
            .ToDictionary(p => p[0][2..], p => p[1], StringComparer.Ordinal);
        if (!options.TryGetValue("url", out var url) || !options.TryGetValue("password", out var password))
        {
            Console.Error.WriteLine("usage: --url URL --password PW [--rows 50000] [--probe-every 2] [--chromium /usr/bin/chromium]");
            return 2;
        }

        var rows = int.Parse(options.GetValueOrDefault("rows", "50000"), CultureInfo.InvariantCulture);
        var probeEvery = TimeSpan.FromSeconds(double.Parse(options.GetValueOrDefault("probe-every", "2"), CultureInfo.InvariantCulture));
        var file = Path.Combine(Path.GetTempPath(), $"leadrouting-progress-{rows}-{Environment.ProcessId}.csv");
        await File.WriteAllBytesAsync(file, CrmImportRun.Export(rows, "pg", [], seed: 16));
        try
        {
            return await MeasureAsync(new Uri(url), password, file, rows, probeEvery, options.GetValueOrDefault("chromium", "/usr/bin/chromium"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<int> MeasureAsync(Uri app, string password, string file, int rows, TimeSpan probeEvery, string chromium)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox"],
            Timeout = StepTimeoutMs,
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(StepTimeoutMs);
        await page.GotoAsync(new Uri(app, "/settings/import").ToString());
        await page.GetByLabel("Email").FillAsync(OpsEmail);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(new Uri(app, "/settings/import").ToString());

        // Choosing the locale proves the circuit is connected (a prerendered select does not open) and sets en-US.
        var locale = page.Locator("[data-testid=import-locale]").First;
        var usItem = page.GetByText("English (US): 2,448.50");
        await RetryUntilVisibleAsync(() => locale.ClickAsync(), usItem);
        await usItem.ClickAsync();

        var uploadStarted = Stopwatch.GetTimestamp();
        await page.Locator("input[type=file].import-file-input").SetInputFilesAsync(file);
        await page.GetByTestId("import-rows").WaitForAsync(new LocatorWaitForOptions { Timeout = (float)ImportTimeout.TotalMilliseconds });
        var previewed = Stopwatch.GetElapsedTime(uploadStarted);
        Console.WriteLine($"upload + preview    {previewed.TotalSeconds:F1} s for {new FileInfo(file).Length / 1024.0 / 1024.0:F1} MiB, {await page.GetByTestId("import-rows").TextContentAsync()}");

        await page.EvaluateAsync("""
            () => {
                window.__progress = [];
                window.__maxFrameGap = 0;
                const record = () => {
                    const text = document.querySelector('[data-testid=import-progress-text]')?.textContent?.trim();
                    const last = window.__progress[window.__progress.length - 1];
                    if (text && (!last || last.text !== text)) window.__progress.push({ t: performance.now(), text });
                };
                new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true });
                let previous = performance.now();
                const frame = now => {
                    if (window.__t0 !== undefined && !window.__done) window.__maxFrameGap = Math.max(window.__maxFrameGap, now - previous);
                    previous = now;
                    requestAnimationFrame(frame);
                };
                requestAnimationFrame(frame);
            }
            """);

        var importStarted = Stopwatch.GetTimestamp();
        await page.EvaluateAsync("() => { window.__t0 = performance.now(); }");
        await page.GetByTestId("import-start").ClickAsync();

        var done = page.GetByText(" rows — done.");
        var probes = new List<double>();
        var failedProbes = 0;
        var mode = page.Locator("[data-testid=import-mode]").First;
        var historyItem = page.GetByText("History: store each row as it was");
        while (!await done.IsVisibleAsync())
        {
            if (Stopwatch.GetElapsedTime(importStarted) > ImportTimeout)
            {
                Console.Error.WriteLine($"the import did not finish within {ImportTimeout.TotalMinutes:F0} min");
                return 1;
            }

            await Task.Delay(probeEvery);
            if (await done.IsVisibleAsync())
            {
                break;
            }

            // A round trip over the page's circuit: the Mode menu opens on the server's answer to the click.
            var probeStarted = Stopwatch.GetTimestamp();
            try
            {
                await mode.ClickAsync(new LocatorClickOptions { Timeout = 30_000 });
                await historyItem.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
                probes.Add(Stopwatch.GetElapsedTime(probeStarted).TotalMilliseconds);
                await page.Keyboard.PressAsync("Escape");
                await historyItem.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Hidden, Timeout = 30_000 });
            }
            catch (TimeoutException)
            {
                failedProbes++;
            }
        }

        await page.EvaluateAsync("() => { window.__done = true; }");
        var wall = Stopwatch.GetElapsedTime(importStarted);
        using var recorded = JsonDocument.Parse(await page.EvaluateAsync<string>("() => JSON.stringify({ t0: window.__t0, gap: window.__maxFrameGap, progress: window.__progress })"));
        var t0 = recorded.RootElement.GetProperty("t0").GetDouble();
        var samples = recorded.RootElement.GetProperty("progress").EnumerateArray()
            .Select(p => (Seconds: (p.GetProperty("t").GetDouble() - t0) / 1000, Text: p.GetProperty("text").GetString()!))
            .ToList();
        var counts = samples.Where(s => !s.Text.EndsWith("done.", StringComparison.Ordinal) && s.Text.Contains(" / ", StringComparison.Ordinal)).ToList();
        var gaps = samples.Zip(samples.Skip(1), (a, b) => b.Seconds - a.Seconds).DefaultIfEmpty(0).ToList();

        Console.WriteLine($"import wall time    {wall.TotalSeconds:F1} s ({rows / wall.TotalSeconds:N0} rows/s), summary: {(await page.GetByTestId("import-summary").TextContentAsync())?.Trim()}");
        Console.WriteLine($"progress texts      {samples.Count} shown ({counts.Count} counts before done); first at {samples.FirstOrDefault().Seconds:F2} s, " +
            $"largest gap between two {gaps.Max():F2} s, median gap {Median(gaps):F2} s");
        Console.WriteLine($"browser frames      longest gap between animation frames during the import {recorded.RootElement.GetProperty("gap").GetDouble():F0} ms");
        Console.WriteLine(probes.Count == 0
            ? $"circuit round trip  no probe completed ({failedProbes} timed out)"
            : $"circuit round trip  Mode menu opened in median {Median(probes):F0} ms, max {probes.Max():F0} ms over {probes.Count} probes every {probeEvery.TotalSeconds:F0} s ({failedProbes} timed out)");
        Console.WriteLine("progress over time  (seconds since Import was clicked → text shown)");
        var step = Math.Max(1, samples.Count / 25);
        foreach (var (seconds, text) in samples.Where((_, i) => i % step == 0 || i == samples.Count - 1))
        {
            Console.WriteLine($"  {seconds,7:F2} s  {text}");
        }

        return counts.Count >= 5 && failedProbes == 0 ? 0 : 1;
    }

    private static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static async Task RetryUntilVisibleAsync(Func<Task> act, ILocator appears)
    {
        var deadline = Stopwatch.GetTimestamp();
        while (true)
        {
            await act();
            try
            {
                await appears.WaitForAsync(new LocatorWaitForOptions { Timeout = 1_000 });
                return;
            }
            catch (TimeoutException) when (Stopwatch.GetElapsedTime(deadline) < TimeSpan.FromMilliseconds(StepTimeoutMs))
            {
                // The prerendered page is not interactive yet: act again.
            }
        }
    }
}
