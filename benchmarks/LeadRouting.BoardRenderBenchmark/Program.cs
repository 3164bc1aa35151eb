using System.Diagnostics;
using System.Globalization;
using LeadRouting.BenchmarkSeeding;
using LeadRouting.Web.Analytics;
using LeadRouting.Web.Components.Pages.Board;
using LeadRouting.Web.Data;
using LeadRouting.Web.Routing;
using LeadRouting.Web.Security;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

// /board's first render with a large database, in a real browser (issue 5). Two commands, driven by
// benchmarks/board-render.sh, which starts and kills the app between them:
//
//   seed    --data DIR [--leads 100000]    the database of the sweep benchmark (LoadSeed) in DIR, with every 100th lead a
//                                          VIP referral (Manual review) and every 50th untouched one escalated; the
//                                          outbox marked delivered, so the app starts without a backlog of old events
//   measure --url URL [--runs 10] [--warmup 1] [--chromium /usr/bin/chromium]
//           signs in as the demo manager, then opens /board in a fresh tab per run and reports, from the page's own
//           clock (milliseconds since navigation start), when the prerendered board (compliance tables, rep load) and
//           the interactive board (the queue grid's rows, read over the circuit) were first on screen.
//   reads   --data DIR [--runs 20]        the board's reads alone, in-process over a seeded DIR: each of them timed
internal static class BoardRenderBenchmark
{
    private const string ManagerEmail = "katrin.vogel@leadrouting.demo";

    /// <summary>Every wait in the browser is bounded by this.</summary>
    private const float StepTimeoutMs = 60_000;

    // Installed before the page's own scripts: marks the first animation frame after each part of the board is in the
    // DOM. The prerendered HTML carries the compliance tables and rep load; the queue grid's rows come only from the
    // interactive circuit (MudDataGrid reads server data after its first interactive render).
    private const string MarkScript = """
        (() => {
          const marks = {};
          window.__boardMarks = marks;
          const mark = (name, selector) => {
            if (marks[name] === undefined && !marks['_' + name] && document.querySelector(selector)) {
              marks['_' + name] = true;
              requestAnimationFrame(() => { marks[name] = performance.now(); });
            }
          };
          const check = () => {
            mark('prerendered', '[data-testid=compliance-team] tbody tr');
            mark('reps', '[data-testid=board-reps] tbody tr');
            mark('queueRows', '[data-testid=board-queue] tr.queue-row');
            mark('breachRows', '[data-testid=board-breaches] tr.breach-row');
          };
          new MutationObserver(check).observe(document, { childList: true, subtree: true });
        })();
        """;

    public static async Task<int> Main(string[] args)
    {
        return args.FirstOrDefault() switch
        {
            "seed" => await SeedAsync(Arg(args, "--data") ?? throw new ArgumentException("seed needs --data DIR"), int.Parse(Arg(args, "--leads") ?? "100000", CultureInfo.InvariantCulture)),
            "measure" => await MeasureAsync(
                new Uri(Arg(args, "--url") ?? throw new ArgumentException("measure needs --url URL")),
                int.Parse(Arg(args, "--runs") ?? "10", CultureInfo.InvariantCulture),
                int.Parse(Arg(args, "--warmup") ?? "1", CultureInfo.InvariantCulture),
                Arg(args, "--chromium") ?? "/usr/bin/chromium"),
            "reads" => await ReadsAsync(Arg(args, "--data") ?? throw new ArgumentException("reads needs --data DIR"), int.Parse(Arg(args, "--runs") ?? "20", CultureInfo.InvariantCulture)),
            _ => Usage(),
        };
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: seed --data DIR [--leads N] | measure --url URL [--runs N] [--warmup N] [--chromium PATH] | reads --data DIR [--runs N]");
        return 2;
    }

    private static async Task<int> SeedAsync(string dataDirectory, int leads)
    {
        var clock = Stopwatch.StartNew();
        await using (var app = LoadSeed.HostApp(dataDirectory))
        {
            _ = app.Server;
            await LoadSeed.PublishForLoadAsync(app.Services, "board-render-benchmark");
            var assigned = await LoadSeed.IngestDemoRequestsAsync(app.Services, leads, "board-render-benchmark", vipEvery: 100);
            var decided = LoadSeed.DecideHalfTheFirstResponses(app.Services);
            var escalated = LoadSeed.EscalateSomeUntouched(app.Services, everyNth: 50);
            LoadSeed.MarkOutboxDelivered(app.Services);
            Console.WriteLine($"seeded {leads:N0} leads ({assigned:N0} assigned, {decided:N0} with a decided first response, {escalated:N0} escalated) in {clock.Elapsed.TotalSeconds:N1} s");
        }

        SqliteConnection.ClearAllPools();
        return 0;
    }

    /// <summary>What /board's first render reads, one read at a time: where its server time goes.</summary>
    private static async Task<int> ReadsAsync(string dataDirectory, int runs)
    {
        await using var app = LoadSeed.HostApp(dataDirectory);
        _ = app.Server;
        var services = app.Services;
        var organisation = (await services.GetRequiredService<ConfigurationStore>().CurrentAsync(CancellationToken.None)).Engine.Organisation;
        var dbFactory = services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>();
        var filter = new BoardFilter(null, null, DateTimeOffset.UtcNow.AddDays(-7));
        var reads = new (string Name, Func<Task> Read)[]
        {
            ("snapshot (compliance, activity, reps)", () => BoardQueries.LoadAsync(dbFactory, organisation, filter, DateTimeOffset.UtcNow, CancellationToken.None)),
            ("queue, first page", () => BoardQueries.LoadQueueAsync(dbFactory, organisation, filter, 0, ManagerBoard.QueuePageSize, QueueOrder.Priority, CancellationToken.None)),
            ("breaches, first page", () => BoardQueries.LoadBreachesAsync(dbFactory, organisation, filter, 0, ManagerBoard.BreachPageSize, CancellationToken.None)),
        };
        Console.WriteLine($"board reads over {dataDirectory}, {runs} runs each after 3 warm-up, ms:");
        foreach (var (name, read) in reads)
        {
            var times = new double[runs];
            for (var i = -3; i < runs; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await read();
                if (i >= 0)
                {
                    times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                }
            }

            Summarise(name, times);
        }

        return 0;
    }

    private static async Task<int> MeasureAsync(Uri app, int runs, int warmup, string chromium)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox"],
            Timeout = StepTimeoutMs,
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        await context.AddInitScriptAsync(MarkScript);
        await SignInAsync(context, app);

        var board = new Uri(app, "/board").ToString();
        var results = new List<RunResult>();
        for (var run = -warmup; run < runs; run++)
        {
            var page = await context.NewPageAsync();
            page.SetDefaultTimeout(StepTimeoutMs);
            page.SetDefaultNavigationTimeout(StepTimeoutMs);
            var started = Stopwatch.GetTimestamp();
            await page.GotoAsync(board, new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
            try
            {
                await page.WaitForFunctionAsync(
                    "() => ['prerendered', 'reps', 'queueRows'].every(m => window.__boardMarks && window.__boardMarks[m] !== undefined)",
                    null,
                    new PageWaitForFunctionOptions { Timeout = StepTimeoutMs, PollingInterval = 20 });
            }
            catch (TimeoutException timeout)
            {
                var seen = await page.EvaluateAsync<string>("() => JSON.stringify(window.__boardMarks)");
                throw new TimeoutException($"/board was not complete within {StepTimeoutMs} ms; marks seen: {seen}; URL {page.Url}", timeout);
            }

            var outside = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var marks = await page.EvaluateAsync<Dictionary<string, double>>("""
                () => {
                  const nav = performance.getEntriesByType('navigation')[0];
                  const m = window.__boardMarks;
                  return { responseStart: nav.responseStart, responseEnd: nav.responseEnd, domContentLoaded: nav.domContentLoadedEventEnd,
                           prerendered: Math.max(m.prerendered, m.reps), interactive: m.queueRows };
                }
                """);
            var result = new RunResult(marks["responseStart"], marks["responseEnd"], marks["prerendered"], marks["domContentLoaded"], marks["interactive"], outside);
            Console.WriteLine($"{(run < 0 ? "warm-up" : $"run {run + 1,2}")}  first byte {result.FirstByte,6:N0} ms  html {result.HtmlEnd,6:N0} ms  prerendered board {result.Prerendered,6:N0} ms  queue rows (interactive) {result.Interactive,6:N0} ms  (Playwright's clock {result.Outside,6:N0} ms)");
            if (run >= 0)
            {
                results.Add(result);
            }

            await page.CloseAsync();
        }

        Console.WriteLine();
        Console.WriteLine($"/board at {app}, {runs} runs after {warmup} warm-up, ms since navigation start:");
        Summarise("first byte of the HTML", results.Select(r => r.FirstByte));
        Summarise("prerendered board on screen", results.Select(r => r.Prerendered));
        Summarise("queue rows on screen (interactive)", results.Select(r => r.Interactive));
        return 0;
    }

    private static async Task SignInAsync(IBrowserContext context, Uri app)
    {
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(StepTimeoutMs);
        page.SetDefaultNavigationTimeout(StepTimeoutMs);
        await page.GotoAsync(new Uri(app, "/board").ToString());
        await page.GetByLabel("Email").FillAsync(ManagerEmail);
        await page.GetByLabel("Password").FillAsync(DemoUsers.Password);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(new Uri(app, "/board").ToString(), new PageWaitForURLOptions { Timeout = StepTimeoutMs });
        await page.CloseAsync();
    }

    private static void Summarise(string what, IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        Console.WriteLine($"  {what,-38} p50 {Percentile(sorted, 0.5),6:N0}  p90 {Percentile(sorted, 0.9),6:N0}  max {sorted[^1],6:N0}");
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static string? Arg(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    private sealed record RunResult(double FirstByte, double HtmlEnd, double Prerendered, double DomContentLoaded, double Interactive, double Outside);
}
