using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LeadRouting.Web.Leads;
using LeadRouting.Web.Security;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LeadRouting.Tests.EndToEnd;

/// <summary>
/// The real app with its data folder on a small tmpfs that runs full: leads are refused with 503, the process stays
/// up, and routing resumes by itself when space comes back — no acknowledged lead lost, the database intact.
/// </summary>
[Slow(SlowBecause.Tmpfs, SlowBecause.AppProcess, SlowBecause.Browser)]
public sealed class DiskFullTests : IDisposable
{
    /// <summary>How long the test waits for the app to route again after space came back (it tries every second).</summary>
    private static readonly TimeSpan RecoveryWait = TimeSpan.FromSeconds(60);

    private readonly SmallTmpfs _disk = SmallTmpfs.Mount(megabytes: 32);

    public void Dispose() => _disk.Dispose();

    [Fact]
    public async Task On_a_full_disk_leads_get_503_with_Retry_After_and_the_app_routes_again_by_itself_when_space_returns()
    {
        var acknowledged = new Dictionary<string, string>(StringComparer.Ordinal); // email → lead id, every 201
        var refused = new List<string>();                                          // emails answered 503
        var sent = 0;
        using (var app = await AppProcess.StartAsync(_disk.Path, AppProcess.StartTimeout))
        {
            var key = await app.DemoKey.WaitAsync(TimeSpan.FromSeconds(30));
            // Generous, yet shorter than "hang and reset": a refused lead must be answered, not left waiting.
            using var http = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            http.DefaultRequestHeaders.Add("X-Api-Key", key);

            async Task<HttpResponseMessage> PostAsync()
            {
                var email = $"disk{sent++}@full-disk-{sent}.de";
                var response = await http.PostAsJsonAsync("/api/leads", new JsonObject
                {
                    ["email"] = email,
                    ["employees"] = 300,
                    ["country"] = "DE",
                    ["source"] = "DemoRequest",
                });
                switch (response.StatusCode)
                {
                    case HttpStatusCode.Created:
                        acknowledged[email] = (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["lead"]!["id"]!;
                        break;
                    case HttpStatusCode.ServiceUnavailable:
                        refused.Add(email);
                        break;
                    default:
                        Assert.Fail($"Lead {email} was answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                        break;
                }

                return response;
            }

            for (var i = 0; i < 5; i++)
            {
                Assert.Equal(HttpStatusCode.Created, (await PostAsync()).StatusCode);
            }

            _disk.Fill();
            Assert.True(_disk.FreeBytes < 4096, $"the tmpfs still has {_disk.FreeBytes} bytes free");

            // SQLite reuses the room its write-ahead log already has, so a few more leads may still commit (and must
            // then be kept); the first one that needs a new page of disk is refused.
            HttpResponseMessage refusal;
            do
            {
                Assert.True(sent < 5_000, "5,000 leads were accepted on a full disk");
                refusal = await PostAsync();
            }
            while (refusal.StatusCode == HttpStatusCode.Created);

            Assert.True(refusal.Headers.RetryAfter?.Delta > TimeSpan.Zero, "the 503 says when to come back (Retry-After in seconds)");
            Assert.Equal("application/problem+json", refusal.Content.Headers.ContentType?.MediaType);
            var problem = (await refusal.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.Equal(503, (int)problem["status"]!);
            Assert.Contains("full", (string)problem["reason"]!, StringComparison.Ordinal);

            var health = await http.GetAsync("/health");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
            var report = await health.Content.ReadAsStringAsync();
            Assert.StartsWith("Unhealthy\ndatabase: Writes fail since ", report, StringComparison.Ordinal);
            Assert.Contains("the disk or the database is full", report, StringComparison.Ordinal);

            // Still refused, and still answered: the writer is alive and so is the host.
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await PostAsync()).StatusCode);
            Assert.False(app.HasExited, "the app exited on a full disk");

            _disk.Free();
            await Eventually.HoldsAsync(async () => (await PostAsync()).StatusCode == HttpStatusCode.Created, "a lead routed once space is back", RecoveryWait);

            Assert.Equal("Healthy", await http.GetStringAsync("/health"));
            for (var i = 0; i < 20; i++)
            {
                Assert.Equal(HttpStatusCode.Created, (await PostAsync()).StatusCode);
            }

            app.KillHard();
        }

        SqliteConnection.ClearAllPools();
        // Read-write: the app was killed, and SQLite recovers the write-ahead log it left on open.
        await using var db = new SqliteConnection($"Data Source={Path.Combine(_disk.Path, "leadrouting.db")}");
        await db.OpenAsync();
        var stored = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var command = db.CreateCommand())
        {
            command.CommandText = "SELECT Email, Id FROM Leads";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                stored[reader.GetString(0)] = reader.GetString(1);
            }
        }

        Assert.NotEmpty(refused);
        foreach (var (email, id) in acknowledged)
        {
            Assert.True(stored.TryGetValue(email, out var storedId), $"lead {email} was acknowledged with 201 but is not stored");
            Assert.Equal(id, storedId);
        }

        // A 503 means nothing was stored: sending the lead again cannot create it twice.
        Assert.All(refused, email => Assert.False(stored.ContainsKey(email), $"lead {email} was refused with 503 but stored"));
        Assert.Equal("ok", await ScalarAsync(db, "PRAGMA integrity_check"));
        Assert.Equal(1L, await ScalarAsync(db, $"SELECT COUNT(*) FROM AuditEvents WHERE Type = '{LeadWriter.StorageRecoveredAuditType}'"));
    }

    private static async Task<object?> ScalarAsync(SqliteConnection db, string sql)
    {
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    [Fact]
    public async Task A_reps_accept_on_a_full_disk_shows_why_in_the_inbox_and_works_once_space_returns()
    {
        // Without Quartz: its own file is on the same disk, and each of its transactions frees the journal it wrote, so
        // the last few kilobytes of a full disk come and go — and a rep's small write may then fit where a lead does not.
        using var app = await AppProcess.StartAsync(_disk.Path, AppProcess.StartTimeout, new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Scheduling__Enabled"] = "false",
        });
        using var api = app.CreateApiClient();

        // Calendars around the clock, so the immediate action finds AEs at any hour of the test: a demo request from a
        // fitting British company goes to a UK mid-market AE, and one of them, Jack (uki-mid-1), has a sign-in.
        var configuration = (await api.GetFromJsonAsync<JsonObject>("/api/config"))!["configuration"]!.AsObject();
        foreach (var calendar in configuration["organisation"]!["calendars"]!.AsArray())
        {
            calendar!["hours"] = new JsonArray(new JsonObject
            {
                ["days"] = new JsonArray("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
                ["start"] = "00:00",
                ["end"] = "00:00",
            });
            calendar["holidays"] = new JsonArray();
        }

        using (var draft = new StringContent(configuration.ToJsonString(), System.Text.Encoding.UTF8, "application/json"))
        {
            Assert.Equal(HttpStatusCode.OK, (await api.PutAsync("/api/config/draft", draft)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Created, (await api.PostAsync("/api/config/publish", content: null)).StatusCode);
        // Three leads for Jack: a small write may still fit where a lead does not (SQLite reuses its write-ahead log's
        // space: the frames a refused transaction wrote, a log started over), and each Accept that fits uses some of
        // that space up; so the test accepts them in turn until the disk refuses one.
        var leadIds = new List<string>();
        var owners = new List<string?>();
        for (var i = 0; leadIds.Count < 3; i++)
        {
            Assert.True(i < 60, $"fewer than 3 leads reached uki-mid-1 in 60 tries: {string.Join(", ", owners)}");
            var posted = await api.PostAsJsonAsync("/api/leads", new JsonObject
            {
                ["email"] = $"buyer{i}@thames-works-{i}.co.uk",
                ["firstName"] = "Mila",
                ["lastName"] = $"Novák {i}",
                ["company"] = "Thames Works",
                ["employees"] = 400,
                ["industry"] = "Software",
                ["country"] = "GB",
                ["techStack"] = new JsonArray("HubSpot"),
                ["source"] = "DemoRequest",
                ["estimatedDealSize"] = 30000,
            });
            Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
            var decision = (await posted.Content.ReadFromJsonAsync<JsonObject>())!;
            owners.Add((string?)decision["decision"]!["ownerId"]);
            if (owners[^1] == "uki-mid-1")
            {
                leadIds.Add((string)decision["lead"]!["id"]!);
            }
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        var inbox = await Browser.SignInAsync(browser, app.BaseAddress, "uki-mid-1@leadrouting.demo", "/inbox");
        await inbox.SetViewportSizeAsync(1440, 900);
        var cards = leadIds.Select(id => inbox.Locator($"[data-testid=lead][data-lead-id='{id}']")).ToList();
        foreach (var each in cards)
        {
            await Expect(each).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = Browser.StepTimeoutMs });
        }

        // A read-only click first, until the page answers: from then on one click on Accept is one attempt.
        await Browser.ClickUntilVisibleAsync(cards[0].GetByTestId("why-me"), cards[0].GetByTestId("why-me-panel"));

        _disk.Fill();
        HttpStatusCode status;
        var filled = 0;
        do
        {
            Assert.True(filled < 5_000, "5,000 leads were accepted on a full disk");
            status = (await api.PostAsJsonAsync("/api/leads", new JsonObject { ["email"] = $"fill{filled}@fill-{filled++}.de", ["country"] = "DE", ["source"] = "DemoRequest" })).StatusCode;
        }
        while (status == HttpStatusCode.Created);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);

        // Kilobytes can come back after the refused write (its rolled-back journal), and on a loaded machine the rep's
        // small write took them before the click (an Accept that went through in a full run): take them first.
        _disk.Fill();

        // The page says why, keeps working (the circuit is alive), and nothing changed.
        const string why = "The database cannot take changes right now: the disk or the database is full (SQLite error 13). Nothing was changed; try again in a moment.";
        var snackbar = inbox.Locator(".mud-snackbar").Filter(new LocatorFilterOptions { HasText = why });
        Microsoft.Playwright.ILocator? card = null;
        foreach (var each in cards)
        {
            await each.GetByTestId("accept").ClickAsync();
            // Either outcome is a right one, and the page shows which: refused with the reason, or accepted.
            await Expect(snackbar.Or(each.GetByTestId("stage").GetByText("Accepted", new LocatorGetByTextOptions { Exact = true })))
                .ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = Browser.StepTimeoutMs });
            if (await snackbar.IsVisibleAsync())
            {
                card = each;
                break;
            }
        }

        Assert.True(card is not null, "all three Accepts went through on a full disk");
        await Expect(card.GetByTestId("stage")).ToHaveTextAsync("Assigned");
        // Screenshots once the snackbar has faded in, at desktop and phone sizes (while it is still shown).
        await snackbar.EvaluateAsync("e => Promise.allSettled(e.getAnimations({ subtree: true }).map(a => a.finished))");
        await inbox.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.Screenshot("inbox-disk-full.png"), Timeout = Browser.StepTimeoutMs });
        await inbox.SetViewportSizeAsync(390, 844);
        await inbox.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.Screenshot("inbox-disk-full-mobile.png"), Timeout = Browser.StepTimeoutMs });

        // Space back: once the writer's own probe has ended the outage, the same click accepts the lead.
        _disk.Free();
        await Eventually.HoldsAsync(async () => (await api.GetAsync("/health")).StatusCode == HttpStatusCode.OK, "/health to report Healthy once space is back", RecoveryWait);

        await card.GetByTestId("accept").ClickAsync();
        await Expect(card.GetByTestId("stage")).ToHaveTextAsync("Accepted", new LocatorAssertionsToHaveTextOptions { Timeout = Browser.StepTimeoutMs });
    }
}
