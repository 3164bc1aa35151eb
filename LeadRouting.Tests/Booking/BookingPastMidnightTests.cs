using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LeadRouting.Core;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Booking;
using LeadRouting.Web.Data;
using LeadRouting.Web.Data.Entities;
using LeadRouting.Web.Routing;
using LeadRouting.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Booking;

/// <summary>
/// Issue 20, found by the booking load benchmark: a slot of a round-the-clock calendar that starts late and runs past
/// midnight (23:45–00:15) is offered by the slots API and must be bookable — the booking's check of the start used to
/// compute one working day, which ends at midnight, and refused it with 422.
/// </summary>
public sealed class BookingPastMidnightTests : IDisposable
{
    /// <summary>Sunday 6 Dec 2026, 14:00 in Berlin: DACH is closed, a demo request goes to the follow-the-sun backup rep.</summary>
    private static readonly DateTimeOffset Sunday = new(2026, 12, 6, 13, 0, 0, TimeSpan.Zero);

    private readonly LeadRoutingApiFactory _app = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string>
    {
        ["Notifications:DispatcherEnabled"] = "false",
        ["BookingRateLimit:PermitLimit"] = "100000",
        ["CalendarFeeds:Enabled"] = "false",
    });

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_slot_running_past_midnight_that_the_slots_API_offers_is_booked()
    {
        _app.Time.SetUtcNow(Sunday);
        var client = _app.CreateApiClient(ApiScopes.Ingest, ApiScopes.Read);
        using var posted = await client.PostAsJsonAsync("/api/leads", new JsonObject
        {
            ["email"] = "cfo@fintech-midnight.de",
            ["firstName"] = "Jana",
            ["lastName"] = "Richter",
            ["company"] = "Midnight Fintech",
            ["employees"] = 250,
            ["industry"] = "Fintech",
            ["country"] = "DE",
            ["techStack"] = new JsonArray("HubSpot"),
            ["source"] = "DemoRequest",
            ["estimatedDealSize"] = 5_000,
        });
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        var body = (await posted.Content.ReadFromJsonAsync<JsonObject>())!;
        var ownerId = (string)body["lead"]!["ownerId"]!;
        var token = Uri.UnescapeDataString(new Uri((string)body["booking"]!["url"]!).AbsolutePath["/book/".Length..]);
        var published = await _app.Services.GetRequiredService<ConfigurationStore>().CurrentAsync(CancellationToken.None);
        var zone = published.Engine.Organisation.FindRep(new RepId(ownerId))!.Calendar.TimeZone;

        var anonymous = _app.CreateClient();
        var slots = (await anonymous.GetFromJsonAsync<JsonArray>($"/api/book/{Uri.EscapeDataString(token)}/slots?days=3"))!
            .Select(s => ((DateTimeOffset)s!["start"]!, (DateTimeOffset)s["end"]!)).ToList();
        // The owner's calendar runs round the clock: some offered slot ends on the next local day.
        var (start, end) = slots.First(s => TimeZoneInfo.ConvertTime(s.Item1, zone).Date != TimeZoneInfo.ConvertTime(s.Item2, zone).Date);

        using var booked = await anonymous.PostAsJsonAsync($"/api/book/{Uri.EscapeDataString(token)}", new { start = start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        var meeting = await db.Meetings.AsNoTracking().SingleAsync(m => m.LeadId == (string)body["lead"]!["id"]!);
        Assert.Equal((start, end, MeetingStatus.Booked), (meeting.StartUtc, meeting.EndUtc, meeting.Status));
    }
}
