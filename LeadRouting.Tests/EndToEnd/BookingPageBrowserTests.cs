using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LeadRouting.Tests.Notifications;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using MimeKit;
using static Microsoft.Playwright.Assertions;

namespace LeadRouting.Tests.EndToEnd;

/// <summary>
/// Issue 20 end to end: a lead posted through the API gets a booking offer; its link opens the booking page in Chromium
/// in New York with a German browser; the page picks the browser's zone, shows the API's slots in New York time, a click
/// books, the confirmation shows, the meeting is stored and the buyer's invitation arrives over SMTP. axe-core finds no
/// serious violation; screenshots at 1440×900 and 390×844, German and English.
/// </summary>
[Slow(SlowBecause.AppProcess, SlowBecause.Browser)]
public sealed class BookingPageBrowserTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("leadrouting-booking-browser-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task A_buyer_in_New_York_with_a_German_browser_books_a_slot_and_the_meeting_and_invitation_follow()
    {
        await using var smtp = await SmtpSink.StartAsync();
        // Development: the app runs from the build output, where only Development serves wwwroot (static web assets).
        using var app = await AppProcess.StartAsync(_dataDirectory, AppProcess.StartTimeout, new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Notifications__Smtp__Host"] = "127.0.0.1",
            ["Notifications__Smtp__Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Notifications__Smtp__UseTls"] = "false",
            ["Notifications__Smtp__From"] = "LeadRouting <routing@example.test>",
        });

        using var api = app.CreateApiClient();
        using var posted = await api.PostAsJsonAsync("/api/leads", new JsonObject
        {
            ["email"] = "bea.buyer@newyork-e2e.example",
            ["firstName"] = "Bea",
            ["lastName"] = "Buyer",
            ["company"] = "Hudson Analytics",
            ["employees"] = 350,
            ["industry"] = "Software",
            ["country"] = "DE",
            ["source"] = "DemoRequest",
        });
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        var lead = (await posted.Content.ReadFromJsonAsync<JsonObject>())!;
        var leadId = (string)lead["lead"]!["id"]!;
        var path = new Uri((string)lead["booking"]!["url"]!).AbsolutePath;
        using var anonymous = new HttpClient { BaseAddress = app.BaseAddress };
        var slots = (await anonymous.GetFromJsonAsync<JsonArray>($"/api{path}/slots"))!
            .Select(s => ((DateTimeOffset)s!["start"]!).ToUniversalTime()).ToList();
        Assert.NotEmpty(slots);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            TimezoneId = "America/New_York",
            Locale = "de-DE",
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(Browser.StepTimeoutMs);
        page.SetDefaultNavigationTimeout(Browser.StepTimeoutMs);

        // The link as the website shows it; booking.js switches to the browser's zone.
        await page.GotoAsync(new Uri(app.BaseAddress, path).ToString());
        await Expect(page).ToHaveURLAsync(new Regex("tz=America%2FNew_York"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Termin buchen", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Zeitzone")).ToHaveValueAsync("America/New_York");

        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        // Each slot button posts its start and its rep ("start|repId"): the booking is with the rep the buyer saw.
        var buttons = page.Locator("button[name=slot]");
        Assert.All(await buttons.EvaluateAllAsync<string[]>("bs => bs.map(b => b.value)"), v => Assert.Contains('|', v));
        var values = await buttons.EvaluateAllAsync<string[]>("bs => bs.map(b => b.dataset.start)");
        var texts = await buttons.AllInnerTextsAsync();
        var shown = values.Select(v => DateTimeOffset.Parse(v, CultureInfo.InvariantCulture).ToUniversalTime()).ToList();
        Assert.NotEmpty(shown);
        // The page is the API's answer, made a moment later on the real clock: the minimum notice may have moved past a
        // slot at the front meanwhile (it moves on every quarter hour), nothing else differs.
        Assert.Equal(slots.Where(s => s >= shown[0]), shown);
        Assert.Equal(shown.Select(s => TimeZoneInfo.ConvertTime(s, newYork).ToString("HH:mm", CultureInfo.InvariantCulture)), texts.Select(t => t.Trim()));
        var firstDay = TimeZoneInfo.ConvertTime(shown[0], newYork);
        await Expect(page.Locator("h2").First).ToHaveTextAsync(firstDay.ToString("dddd, d. MMMM", CultureInfo.GetCultureInfo("de-DE")));

        await Accessibility.AssertNoSeriousViolationsAsync(page, "the booking page (German)");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.Screenshot("booking-de-1440.png"), Timeout = Browser.StepTimeoutMs });
        await page.SetViewportSizeAsync(390, 844);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.Screenshot("booking-de-390.png"), Timeout = Browser.StepTimeoutMs });

        // English by the page's switch, the zone kept.
        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Book a meeting", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Time zone")).ToHaveValueAsync("America/New_York");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the booking page (English)");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.Screenshot("booking-en-390.png"), Timeout = Browser.StepTimeoutMs });
        await page.SetViewportSizeAsync(1440, 900);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.Screenshot("booking-en-1440.png"), Timeout = Browser.StepTimeoutMs });

        // Back to German, book a slot some hours ahead (one at the front could pass the minimum notice while the test runs).
        await page.GetByRole(AriaRole.Link, new() { Name = "Deutsch" }).ClickAsync();
        var index = Math.Min(shown.Count - 1, 12);
        var chosen = TimeZoneInfo.ConvertTime(shown[index], newYork);
        await page.Locator($"button[name=slot][data-start='{values[index]}']").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ihr Termin ist gebucht", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText("Eine Einladung ist unterwegs an bea.buyer@newyork-e2e.example.")).ToBeVisibleAsync();
        await Expect(page.Locator("dl.meeting")).ToContainTextAsync(
            $"{chosen:HH:mm}–{chosen.AddMinutes(30):HH:mm} (America/New_York)");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Termin absagen" })).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the booking confirmation");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.Screenshot("booking-de-booked-1440.png"), Timeout = Browser.StepTimeoutMs });

        await using (var db = new SqliteConnection($"Data Source={Path.Combine(_dataDirectory, "leadrouting.db")};Mode=ReadOnly;Pooling=False"))
        {
            await db.OpenAsync();
            await using var command = db.CreateCommand();
            command.CommandText = "SELECT \"Status\", \"BuyerTimeZone\", \"BuyerEmail\" FROM \"Meetings\" WHERE \"LeadId\" = $lead";
            command.Parameters.AddWithValue("$lead", leadId);
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal(("Booked", "America/New_York", "bea.buyer@newyork-e2e.example"), (reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            Assert.False(await reader.ReadAsync());
        }

        // The buyer's invitation: an email with an iCalendar request (other mails — the rep's notifications — pass by).
        MimeMessage invitation;
        do
        {
            invitation = await smtp.NextMessageAsync();
        }
        while (!invitation.To.Mailboxes.Any(m => m.Address == "bea.buyer@newyork-e2e.example"));

        Assert.Contains(invitation.BodyParts, p => p.ContentType.MimeType == "text/calendar");
    }
}
