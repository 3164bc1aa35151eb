using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Booking;
using LeadRouting.Web.Data;
using LeadRouting.Web.Data.Entities;
using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Booking;

/// <summary>
/// Issue 20: the booking page <c>/book/{token}</c> over real HTTP on a SQLite file, fake clock at Monday 30 November
/// 2026 15:00 UTC (the first slots are Tuesday 09:00 Berlin = 08:00 UTC): the slots as the API answers them, in the
/// buyer's zone and language; booking and moving through the one booking path; refusals as friendly pages; framing.
/// </summary>
public sealed partial class BookingPageTests : IDisposable
{
    private readonly LeadRoutingApiFactory _app = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string>
    {
        ["Notifications:DispatcherEnabled"] = "false",
        ["BookingRateLimit:PermitLimit"] = "100000",
        ["CalendarFeeds:Enabled"] = "false",
        ["Booking:EmbedOrigins:0"] = "https://www.example.com",
    });

    public void Dispose() => _app.Dispose();

    private sealed record Buyer(string LeadId, string OwnerId, string Token);

    internal static async Task<(string LeadId, string OwnerId, string Token)> BuyerAsync(LeadRoutingApiFactory app, string run)
    {
        var client = app.CreateApiClient(ApiScopes.Ingest, ApiScopes.Read);
        using var response = await client.PostAsJsonAsync("/api/leads", new JsonObject
        {
            ["email"] = $"bea@{run}-page.de",
            ["firstName"] = "Bea",
            ["lastName"] = "Buyer",
            ["company"] = $"Page {run}",
            ["employees"] = 350,
            ["industry"] = "Software",
            ["country"] = "DE",
            ["source"] = "DemoRequest",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var url = new Uri((string)body["booking"]!["url"]!);
        return ((string)body["lead"]!["id"]!, (string)body["lead"]!["ownerId"]!, Uri.UnescapeDataString(url.AbsolutePath["/book/".Length..]));
    }

    private HttpClient Browser(string language = "en")
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return client;
    }

    private static async Task<string> HtmlAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    private static List<string> Starts(string html) => [.. SlotButton().Matches(html).Select(m => m.Groups[1].Value)];

    private static List<string> Times(string html) => [.. SlotButton().Matches(html).Select(m => m.Groups[2].Value)];

    [GeneratedRegex("<button type=\"submit\" name=\"slot\" value=\"([^\"|]+)[|][^\"]+\" data-start=\"[^\"]+\">([^<]+)(?:<span class=\"rep\">[^<]+</span>)?</button>")]
    private static partial Regex SlotButton();

    private async Task<LeadRoutingDbContext> DbAsync() =>
        await _app.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();

    [Fact]
    public async Task The_page_offers_the_APIs_slots_grouped_by_local_date_in_the_chosen_zone_and_language()
    {
        var buyer = await BuyerAsync(_app, "slots");
        var api = (await (await Browser().GetAsync($"/api/book/{buyer.Token}/slots")).Content.ReadFromJsonAsync<JsonArray>())!
            .Select(s => ((DateTimeOffset)s!["start"]!).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.NotEmpty(api);

        // German browser, no zone chosen: the rep's zone (Berlin), German words and formats.
        var german = await HtmlAsync(await Browser("de-DE,de;q=0.9").GetAsync($"/book/{buyer.Token}"), HttpStatusCode.OK);
        Assert.Equal(api, Starts(german));
        Assert.Contains("<html lang=\"de\"", german, StringComparison.Ordinal);
        Assert.Contains("Termin buchen", german, StringComparison.Ordinal);
        Assert.Contains("<h2 id=\"day1\">Dienstag, 1. Dezember</h2>", german, StringComparison.Ordinal);
        Assert.Equal("09:00", Times(german)[0]);
        Assert.Contains("<option selected>Europe/Berlin</option>", german, StringComparison.Ordinal);
        Assert.Contains("<script src=\"/booking.js\"></script>", german, StringComparison.Ordinal);

        // English by choice, New York: the same instants five hours earlier; the zone rides along in the form.
        var english = await HtmlAsync(await Browser("de-DE").GetAsync($"/book/{buyer.Token}?tz=America/New_York&lang=en"), HttpStatusCode.OK);
        Assert.Equal(api, Starts(english));
        Assert.Contains("<html lang=\"en\"", english, StringComparison.Ordinal);
        Assert.Contains("Book a meeting", english, StringComparison.Ordinal);
        Assert.Contains("Tuesday, 1 December", english, StringComparison.Ordinal);
        Assert.Equal("03:00", Times(english)[0]);
        Assert.Contains("<input type=\"hidden\" name=\"tz\" value=\"America/New_York\">", english, StringComparison.Ordinal);
        Assert.Contains("<option selected>America/New_York</option>", english, StringComparison.Ordinal);

        // An unknown zone falls back to the rep's.
        var unknown = await HtmlAsync(await Browser().GetAsync($"/book/{buyer.Token}?tz=Mars/Olympus"), HttpStatusCode.OK);
        Assert.Contains("<option selected>Europe/Berlin</option>", unknown, StringComparison.Ordinal);
        Assert.DoesNotContain("Mars", unknown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_and_expired_links_and_too_many_requests_get_friendly_localized_pages()
    {
        var buyer = await BuyerAsync(_app, "refused");
        var notFound = await HtmlAsync(await Browser("de").GetAsync("/book/not-a-token"), HttpStatusCode.NotFound);
        Assert.Contains("Dieser Link ist ungültig", notFound, StringComparison.Ordinal);
        var middle = buyer.Token.Length / 2;
        var tampered = buyer.Token[..middle] + (buyer.Token[middle] == 'A' ? 'B' : 'A') + buyer.Token[(middle + 1)..];
        Assert.Contains("This link is not valid", await HtmlAsync(await Browser().GetAsync($"/book/{tampered}"), HttpStatusCode.NotFound), StringComparison.Ordinal);
        var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["start"] = "2026-12-01T08:00:00Z" });
        await HtmlAsync(await Browser().PostAsync($"/book/{tampered}", content), HttpStatusCode.NotFound);

        var expired = _app.Services.GetRequiredService<BookingTokens>().Token(new BookingTokenClaims(buyer.LeadId, LeadRoutingApiFactory.Now));
        Assert.Contains("This link has expired", await HtmlAsync(await Browser().GetAsync($"/book/{expired}"), HttpStatusCode.Gone), StringComparison.Ordinal);
        Assert.Contains("Dieser Link ist abgelaufen", await HtmlAsync(await Browser().GetAsync($"/book/{expired}?lang=de"), HttpStatusCode.Gone), StringComparison.Ordinal);

        using var limited = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string>
        {
            ["Notifications:DispatcherEnabled"] = "false",
            ["BookingRateLimit:PermitLimit"] = "2",
            ["BookingRateLimit:Window"] = "01:00:00",
            ["CalendarFeeds:Enabled"] = "false",
        });
        var client = limited.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de");
        await HtmlAsync(await client.GetAsync("/book/not-a-token"), HttpStatusCode.NotFound);
        await HtmlAsync(await client.GetAsync("/book/not-a-token"), HttpStatusCode.NotFound);
        using var third = await client.GetAsync("/book/not-a-token");
        Assert.Contains("Zu viele Anfragen", await HtmlAsync(third, HttpStatusCode.TooManyRequests), StringComparison.Ordinal);
        Assert.True(third.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }

    [Fact]
    public async Task Posting_a_slot_books_it_redirects_to_the_confirmation_and_a_taken_slot_says_so_with_fresh_slots()
    {
        var buyer = await BuyerAsync(_app, "book");
        var client = Browser();
        var page = await HtmlAsync(await client.GetAsync($"/book/{buyer.Token}?tz=America/New_York"), HttpStatusCode.OK);
        var starts = Starts(page);

        // Another buyer has just booked the first slot: the page says so and offers the fresh slots without it.
        await using (var db = await DbAsync())
        {
            db.Meetings.Add(new MeetingEntity
            {
                Id = "mtg_faster", LeadId = "ld_faster", RepId = buyer.OwnerId, StartUtc = DateTimeOffset.Parse(starts[0], System.Globalization.CultureInfo.InvariantCulture),
                EndUtc = DateTimeOffset.Parse(starts[0], System.Globalization.CultureInfo.InvariantCulture).AddMinutes(30), Status = MeetingStatus.Booked, CreatedAt = LeadRoutingApiFactory.Now,
            });
            await db.SaveChangesAsync();
        }

        var taken = await HtmlAsync(
            await client.PostAsync($"/book/{buyer.Token}", new FormUrlEncodedContent(new Dictionary<string, string> { ["start"] = starts[0], ["tz"] = "America/New_York" })),
            HttpStatusCode.Conflict);
        Assert.Contains("This time was just taken. Please choose another.", taken, StringComparison.Ordinal);
        Assert.DoesNotContain(starts[0], Starts(taken));
        Assert.NotEmpty(Starts(taken));

        // Not a slot at all (off the grid).
        var offGrid = await HtmlAsync(
            await client.PostAsync($"/book/{buyer.Token}", new FormUrlEncodedContent(new Dictionary<string, string> { ["start"] = "2026-12-01T08:50:00Z" })), (HttpStatusCode)422);
        Assert.Contains("This time is no longer free", offGrid, StringComparison.Ordinal);

        // A free one: 303 to the confirmation, the meeting stored with the buyer's zone.
        var free = Starts(taken)[0];
        using var booked = await client.PostAsync($"/book/{buyer.Token}", new FormUrlEncodedContent(new Dictionary<string, string> { ["start"] = free, ["tz"] = "America/New_York", ["lang"] = "de" }));
        Assert.Equal(HttpStatusCode.SeeOther, booked.StatusCode);
        var location = booked.Headers.Location!.ToString();
        Assert.Equal($"/book/{Uri.EscapeDataString(buyer.Token)}?tz=America%2FNew_York&lang=de&done=booked", location);
        MeetingEntity meeting;
        await using (var db = await DbAsync())
        {
            meeting = await db.Meetings.AsNoTracking().SingleAsync(m => m.LeadId == buyer.LeadId);
        }

        Assert.Equal((DateTimeOffset.Parse(free, System.Globalization.CultureInfo.InvariantCulture), "America/New_York", MeetingStatus.Booked), (meeting.StartUtc, meeting.BuyerTimeZone, meeting.Status));

        var confirmation = await HtmlAsync(await client.GetAsync(location), HttpStatusCode.OK);
        Assert.Contains("Ihr Termin ist gebucht", confirmation, StringComparison.Ordinal);
        Assert.Contains("Eine Einladung ist unterwegs an bea@book-page.de.", confirmation, StringComparison.Ordinal);
        Assert.Contains("30 Minuten", confirmation, StringComparison.Ordinal);
        Assert.Contains("(America/New_York)", confirmation, StringComparison.Ordinal);
        Assert.Contains($"/cancel?meeting={meeting.Id}", confirmation, StringComparison.Ordinal);
        var local = TimeZoneInfo.ConvertTime(meeting.StartUtc, TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));
        Assert.Contains($"{local:HH:mm}–{local.AddMinutes(30):HH:mm}", confirmation, StringComparison.Ordinal);

        // Posting again: the lead already has its meeting; the page shows it.
        using var again = await client.PostAsync($"/book/{buyer.Token}", new FormUrlEncodedContent(new Dictionary<string, string> { ["start"] = Starts(taken)[^1] }));
        Assert.Equal(HttpStatusCode.SeeOther, again.StatusCode);
        var already = await HtmlAsync(await client.GetAsync(again.Headers.Location!.ToString()), HttpStatusCode.OK);
        Assert.Contains("You already have a meeting booked", already, StringComparison.Ordinal);
        Assert.Contains("(America/New_York)", already, StringComparison.Ordinal); // the meeting's zone when none is chosen
        Assert.Empty(Starts(already));
    }

    [Fact]
    public async Task A_booked_lead_chooses_another_time_and_the_meeting_moves_through_reschedule()
    {
        var buyer = await BuyerAsync(_app, "move");
        var client = Browser();
        var first = Starts(await HtmlAsync(await client.GetAsync($"/book/{buyer.Token}"), HttpStatusCode.OK))[0];
        using var booked = await client.PostAsync($"/book/{buyer.Token}", new FormUrlEncodedContent(new Dictionary<string, string> { ["start"] = first }));
        Assert.Equal(HttpStatusCode.SeeOther, booked.StatusCode);
        string meetingId;
        await using (var db = await DbAsync())
        {
            meetingId = (await db.Meetings.AsNoTracking().SingleAsync(m => m.LeadId == buyer.LeadId)).Id;
        }

        // The invitation's reschedule link opens the page: the meeting, "Choose another time" and the cancel link.
        var shown = await HtmlAsync(await client.GetAsync($"/book/{buyer.Token}"), HttpStatusCode.OK);
        Assert.Contains("You already have a meeting booked", shown, StringComparison.Ordinal);
        Assert.Contains("change=1", shown, StringComparison.Ordinal);

        var change = await HtmlAsync(await client.GetAsync($"/book/{buyer.Token}?change=1"), HttpStatusCode.OK);
        Assert.Contains("Choose another time", change, StringComparison.Ordinal);
        Assert.Contains($"action=\"/book/{Uri.EscapeDataString(buyer.Token)}/reschedule\"", change, StringComparison.Ordinal);
        Assert.Contains($"<input type=\"hidden\" name=\"meeting\" value=\"{meetingId}\">", change, StringComparison.Ordinal);
        Assert.DoesNotContain(first, Starts(change)); // its own time is not offered as a new one
        var later = Starts(change)[^1];

        using var moved = await client.PostAsync($"/book/{buyer.Token}/reschedule", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["meeting"] = meetingId, ["start"] = later, ["tz"] = "Europe/Berlin",
        }));
        Assert.Equal(HttpStatusCode.SeeOther, moved.StatusCode);
        Assert.Contains("Your meeting has been moved", await HtmlAsync(await client.GetAsync(moved.Headers.Location!.ToString()), HttpStatusCode.OK), StringComparison.Ordinal);
        await using (var db = await DbAsync())
        {
            var meeting = await db.Meetings.AsNoTracking().SingleAsync(m => m.LeadId == buyer.LeadId);
            Assert.Equal((meetingId, DateTimeOffset.Parse(later, System.Globalization.CultureInfo.InvariantCulture), MeetingStatus.Booked, 1), (meeting.Id, meeting.StartUtc, meeting.Status, meeting.Sequence));
        }
    }

    [Fact]
    public async Task Nobody_to_book_with_and_a_closed_request_get_a_friendly_text_instead_of_slots()
    {
        var buyer = await BuyerAsync(_app, "closed");
        await using (var db = await DbAsync())
        {
            await db.Leads.Where(l => l.Id == buyer.LeadId).ExecuteUpdateAsync(s => s.SetProperty(l => l.OwnerId, (string?)null));
        }

        var noOwner = await HtmlAsync(await Browser("de").GetAsync($"/book/{buyer.Token}"), HttpStatusCode.OK);
        Assert.Contains("Ein Termin kann gerade nicht online gebucht werden. Wir melden uns bei Ihnen.", noOwner, StringComparison.Ordinal);
        Assert.Empty(Starts(noOwner));

        await using (var db = await DbAsync())
        {
            await db.Leads.Where(l => l.Id == buyer.LeadId).ExecuteUpdateAsync(s => s.SetProperty(l => l.ClosedAt, LeadRoutingApiFactory.Now));
        }

        var closed = await HtmlAsync(await Browser().GetAsync($"/book/{buyer.Token}"), HttpStatusCode.Gone);
        Assert.Contains("This request is closed. If you still want to talk, please contact us.", closed, StringComparison.Ordinal);
        var posted = await HtmlAsync(
            await Browser().PostAsync($"/book/{buyer.Token}", new FormUrlEncodedContent(new Dictionary<string, string> { ["start"] = "2026-12-01T08:00:00Z" })), HttpStatusCode.Gone);
        Assert.Contains("This request is closed.", posted, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_booking_page_may_be_framed_and_only_by_the_configured_origins()
    {
        var buyer = await BuyerAsync(_app, "frame");
        using var page = await Browser().GetAsync($"/book/{buyer.Token}");
        Assert.Contains("frame-ancestors 'self' https://www.example.com;", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        using var notFound = await Browser().GetAsync("/book/not-a-token");
        Assert.Contains("frame-ancestors 'self' https://www.example.com;", notFound.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        using var login = await Browser().GetAsync(AccountEndpoints.LoginPath);
        Assert.Contains("frame-ancestors 'self';", login.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        using var api = await Browser().GetAsync($"/api/book/{buyer.Token}/slots");
        Assert.Contains("frame-ancestors 'self';", api.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);

        // Default: nobody else.
        using var plain = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string> { ["Notifications:DispatcherEnabled"] = "false", ["CalendarFeeds:Enabled"] = "false" });
        using var closed = await plain.CreateClient().GetAsync("/book/not-a-token");
        Assert.Contains("frame-ancestors 'self';", closed.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);

        // A bad origin stops the start.
        using var bad = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string> { ["Booking:EmbedOrigins:0"] = "https://*.example.com" });
        var error = Assert.ThrowsAny<Exception>(() => bad.CreateClient());
        Assert.Contains("Booking:EmbedOrigins", error.ToString(), StringComparison.Ordinal);
    }
}
