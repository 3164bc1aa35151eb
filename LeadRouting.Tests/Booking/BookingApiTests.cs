using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LeadRouting.Core;
using LeadRouting.Core.Booking;
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
/// Issue 20: <c>GET /api/book/{token}/slots</c> and <c>POST /api/book/{token}</c> over real HTTP on a SQLite file, with
/// the fake clock at Monday 30 November 2026 15:00 UTC (16:00 in Berlin: with two hours' notice the first slots are on
/// Tuesday, 09:00 Berlin = 08:00 UTC).
/// </summary>
public sealed class BookingApiTests : IDisposable
{
    private static readonly DateTimeOffset Tuesday = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly LeadRoutingApiFactory _app = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string>
    {
        ["Notifications:DispatcherEnabled"] = "false",
        ["BookingRateLimit:PermitLimit"] = "100000",
        ["CalendarFeeds:Enabled"] = "false",
    });

    public void Dispose() => _app.Dispose();

    private sealed record Buyer(string LeadId, string OwnerId, string Token);

    private static async Task<List<Buyer>> BuyersAsync(LeadRoutingApiFactory app, string run, int count)
    {
        var client = app.CreateApiClient(ApiScopes.Ingest, ApiScopes.Read);
        var buyers = new List<Buyer>();
        for (var n = 0; n < count; n++)
        {
            using var response = await client.PostAsJsonAsync("/api/leads", new JsonObject
            {
                ["email"] = $"buyer.{n}@{run}-book.de",
                ["firstName"] = "Bea",
                ["lastName"] = $"Buyer {n}",
                ["company"] = $"Book {run} {n}",
                ["employees"] = 350,
                ["industry"] = "Software",
                ["country"] = "DE",
                ["source"] = "DemoRequest",
            });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
            var url = new Uri((string)body["booking"]!["url"]!);
            buyers.Add(new Buyer((string)body["lead"]!["id"]!, (string)body["lead"]!["ownerId"]!, Uri.UnescapeDataString(url.AbsolutePath["/book/".Length..])));
        }

        return buyers;
    }

    private HttpClient Anonymous() => _app.CreateClient();

    private static async Task<List<(DateTimeOffset Start, DateTimeOffset End, string RepId)>> SlotsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var array = (await response.Content.ReadFromJsonAsync<JsonArray>())!;
        return [.. array.Select(s => ((DateTimeOffset)s!["start"]!, (DateTimeOffset)s["end"]!, (string)s["repId"]!))];
    }

    private async Task<List<(DateTimeOffset Start, DateTimeOffset End, string RepId)>> GetSlotsAsync(string token, string query = "") =>
        await SlotsAsync(await Anonymous().GetAsync($"/api/book/{Uri.EscapeDataString(token)}/slots{query}"));

    private async Task<RepAvailability> CalendarOfAsync(string repId)
    {
        var published = await _app.Services.GetRequiredService<ConfigurationStore>().CurrentAsync(CancellationToken.None);
        var rep = published.Engine.Organisation.FindRep(new RepId(repId))!;
        return new RepAvailability { RepId = rep.Id, Calendar = rep.Calendar };
    }

    private async Task<LeadRoutingDbContext> DbAsync() =>
        await _app.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();

    private static async Task<JsonObject> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    [Fact]
    public async Task The_slots_are_SlotFinders_for_the_owner_less_booked_meetings_out_of_office_and_stored_feed_busy_times()
    {
        var buyer = (await BuyersAsync(_app, "slots", 1))[0];
        var policy = BookingPolicy.Default;
        var owner = await CalendarOfAsync(buyer.OwnerId);

        // Working hours only: Tuesday 09:00–18:00 Berlin on the quarter hours, the last one at 17:30 Berlin.
        var plain = await GetSlotsAsync(buyer.Token, "?days=3");
        var expected = SlotFinder.FreeSlots(owner, policy, LeadRoutingApiFactory.Now, LeadRoutingApiFactory.Now, 3);
        Assert.Equal(expected.Select(s => (s.Start, s.End, s.RepId.Value)), plain);
        Assert.Equal((Tuesday.AddHours(8), Tuesday.AddHours(8.5), buyer.OwnerId), plain[0]);
        Assert.Equal(Tuesday.AddHours(16.5), plain.Where(s => s.Start.Date == Tuesday.Date).Max(s => s.Start));

        // A meeting of the owner Tuesday 10:00–10:30 UTC, out of office until Tuesday 09:00 UTC, a feed event Wednesday 12:00–13:00 UTC.
        var meeting = new TimeRange(Tuesday.AddHours(10), Tuesday.AddHours(10.5));
        var absence = new TimeRange(LeadRoutingApiFactory.Now, Tuesday.AddHours(9));
        var feedBusy = new TimeRange(Tuesday.AddDays(1).AddHours(12), Tuesday.AddDays(1).AddHours(13));
        await using (var db = await DbAsync())
        {
            db.Meetings.Add(new MeetingEntity
            {
                Id = "mtg_other", LeadId = "ld_other", RepId = buyer.OwnerId, StartUtc = meeting.Start, EndUtc = meeting.End,
                Status = MeetingStatus.Booked, CreatedAt = LeadRoutingApiFactory.Now,
            });
            db.Meetings.Add(new MeetingEntity
            {
                Id = "mtg_cancelled", LeadId = "ld_other", RepId = buyer.OwnerId, StartUtc = Tuesday.AddHours(14), EndUtc = Tuesday.AddHours(14.5),
                Status = MeetingStatus.Cancelled, CreatedAt = LeadRoutingApiFactory.Now,
            });
            if (await db.RepStates.SingleOrDefaultAsync(s => s.RepId == buyer.OwnerId) is { } state)
            {
                state.OutOfOfficeUntil = absence.End;
            }
            else
            {
                db.RepStates.Add(new RepStateEntity { RepId = buyer.OwnerId, OutOfOfficeUntil = absence.End });
            }

            db.RepCalendarFeeds.Add(new RepCalendarFeedEntity
            {
                RepId = buyer.OwnerId, Url = "https://calendar.example.com/secret.ics", UpdatedAt = LeadRoutingApiFactory.Now,
                BusyJson = FeedBusyJson.Write([feedBusy]), BusyFrom = LeadRoutingApiFactory.Now.AddDays(-1), BusyUntil = LeadRoutingApiFactory.Now.AddDays(70),
            });
            await db.SaveChangesAsync();
        }

        var busy = await GetSlotsAsync(buyer.Token, "?days=3");
        var expectedBusy = SlotFinder.FreeSlots(
            owner with { Meetings = [meeting], OutOfOffice = [absence], Busy = [feedBusy] }, policy, LeadRoutingApiFactory.Now, LeadRoutingApiFactory.Now, 3);
        Assert.Equal(expectedBusy.Select(s => (s.Start, s.End, s.RepId.Value)), busy);
        var tuesday = busy.Where(s => s.Start.Date == Tuesday.Date).Select(s => s.Start.TimeOfDay.TotalHours).ToList();
        // Away until 09:00 (+10 min buffer): 09:15 first; the meeting 10:00–10:30 with 10 min either side: 09:15 and then 10:45.
        Assert.Equal(new[] { 9.25, 10.75, 11 }, tuesday.Take(3));
        Assert.Contains(14, tuesday); // the cancelled meeting holds no time
        var wednesday = busy.Where(s => s.Start.Date == Tuesday.AddDays(1).Date).Select(s => s.Start.TimeOfDay.TotalHours).ToList();
        Assert.DoesNotContain(wednesday, h => h is > 11.25 and < 13.25);
        Assert.Contains(11.25, wednesday);
        Assert.Contains(13.25, wednesday);

        // from narrows the start; days widens the horizon.
        var later = await GetSlotsAsync(buyer.Token, $"?from={Uri.EscapeDataString("2026-12-02T14:00:00+01:00")}&days=1");
        Assert.Equal(Tuesday.AddDays(1).AddHours(13.25), later[0].Start);
        Assert.All(later, s => Assert.Equal(Tuesday.AddDays(1).Date, s.Start.Date));
        Assert.Equal(
            SlotFinder.FreeSlots(owner with { Meetings = [meeting], OutOfOffice = [absence], Busy = [feedBusy] }, policy, LeadRoutingApiFactory.Now, LeadRoutingApiFactory.Now).Count,
            (await GetSlotsAsync(buyer.Token)).Count);
    }

    [Fact]
    public async Task Invalid_tampered_and_expired_tokens_are_refused_and_bad_from_and_days_name_their_field()
    {
        var buyer = (await BuyersAsync(_app, "tokens", 1))[0];
        var client = Anonymous();

        await ProblemAsync(await client.GetAsync("/api/book/not-a-token/slots"), HttpStatusCode.NotFound);
        var middle = buyer.Token.Length / 2;
        var tampered = buyer.Token[..middle] + (buyer.Token[middle] == 'A' ? 'B' : 'A') + buyer.Token[(middle + 1)..];
        await ProblemAsync(await client.GetAsync($"/api/book/{tampered}/slots"), HttpStatusCode.NotFound);
        await ProblemAsync(await client.PostAsJsonAsync($"/api/book/{tampered}", new { start = "2026-12-01T08:00:00Z" }), HttpStatusCode.NotFound);

        var tokens = _app.Services.GetRequiredService<BookingTokens>();
        var expired = tokens.Token(new BookingTokenClaims(buyer.LeadId, LeadRoutingApiFactory.Now));
        Assert.Contains("expired", (string)(await ProblemAsync(await client.GetAsync($"/api/book/{expired}/slots"), HttpStatusCode.Gone))["title"]!, StringComparison.Ordinal);
        await ProblemAsync(await client.PostAsJsonAsync($"/api/book/{expired}", new { start = "2026-12-01T08:00:00Z" }), HttpStatusCode.Gone);

        foreach (var (query, field) in new[]
        {
            ("?from=2026-12-01T09:00:00", "from"), ("?from=tomorrow", "from"), ("?from=2026-12-01", "from"), ("?from=2028-01-01T09:00:00Z", "from"),
            ("?days=0", "days"), ("?days=61", "days"), ("?days=two", "days"), ("?days=-1", "days"),
        })
        {
            var problem = await ProblemAsync(await client.GetAsync($"/api/book/{buyer.Token}/slots{query}"), HttpStatusCode.BadRequest);
            Assert.True(problem["errors"]!.AsObject().ContainsKey(field), query);
        }

        Assert.NotEmpty(await GetSlotsAsync(buyer.Token, "?days=60"));
    }

    [Fact]
    public async Task A_booking_answers_201_with_the_meeting_then_its_slot_is_gone_and_the_lead_books_no_second_one()
    {
        var buyers = await BuyersAsync(_app, "book", 2);
        var buyer = buyers[0];
        var client = Anonymous();
        var first = (await GetSlotsAsync(buyer.Token, "?days=1"))[0];

        using var response = await client.PostAsJsonAsync($"/api/book/{buyer.Token}", new { start = "2026-12-01T09:00:00+01:00", timeZone = "Europe/Berlin" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var meeting = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.StartsWith("mtg_", (string)meeting["id"]!, StringComparison.Ordinal);
        Assert.Equal((buyer.LeadId, buyer.OwnerId, first.Start, first.End, "Booked"),
            ((string)meeting["leadId"]!, (string)meeting["repId"]!, (DateTimeOffset)meeting["start"]!, (DateTimeOffset)meeting["end"]!, (string)meeting["status"]!));
        Assert.EndsWith("+00:00", meeting["start"]!.GetValue<string>(), StringComparison.Ordinal);

        await using (var db = await DbAsync())
        {
            var stored = await db.Meetings.AsNoTracking().SingleAsync(m => m.Id == (string)meeting["id"]!);
            Assert.Equal(("Europe/Berlin", MeetingStatus.Booked), (stored.BuyerTimeZone, stored.Status));
        }

        // The slot and its buffer are gone for everyone booking with this rep.
        var after = await GetSlotsAsync(buyer.Token, "?days=1");
        Assert.DoesNotContain(after, s => s.Start < first.End.AddMinutes(10) && s.End > first.Start.AddMinutes(-10));
        Assert.Equal(first.End.AddMinutes(15), after[0].Start);

        var again = await ProblemAsync(await client.PostAsJsonAsync($"/api/book/{buyer.Token}", new { start = after[0].Start }), HttpStatusCode.Conflict);
        Assert.Contains("already", (string)again["title"]!, StringComparison.Ordinal);

        // A start that is not a free slot: off the grid, outside hours, taken.
        var other = buyers[1];
        await using (var db = await DbAsync())
        {
            await db.Leads.Where(l => l.Id == other.LeadId).ExecuteUpdateAsync(s => s.SetProperty(l => l.OwnerId, buyer.OwnerId));
        }

        foreach (var start in new[] { "2026-12-01T08:50:00Z", "2026-12-01T20:00:00Z", "2026-11-30T15:30:00Z", "2026-12-05T09:00:00Z" })
        {
            var problem = await ProblemAsync(await client.PostAsJsonAsync($"/api/book/{other.Token}", new { start }), (HttpStatusCode)422);
            Assert.True(problem["errors"]!.AsObject().ContainsKey("start"), start);
        }

        // The booked slot itself (or one within its buffer) is taken: 409, as for the loser of a race.
        foreach (var start in new[] { "2026-12-01T08:00:00Z", "2026-12-01T08:30:00Z" })
        {
            await ProblemAsync(await client.PostAsJsonAsync($"/api/book/{other.Token}", new { start }), HttpStatusCode.Conflict);
        }

        foreach (var body in new object[] { new { start = "2026-12-01T09:00:00" }, new { start = "" }, new { when = "2026-12-01T09:00:00Z" } })
        {
            var problem = await ProblemAsync(await client.PostAsJsonAsync($"/api/book/{other.Token}", body), HttpStatusCode.BadRequest);
            Assert.True(problem["errors"]!.AsObject().ContainsKey("start"));
        }

        var zone = await ProblemAsync(await client.PostAsJsonAsync($"/api/book/{other.Token}", new { start = after[0].Start, timeZone = "Mars/Olympus" }), HttpStatusCode.BadRequest);
        Assert.True(zone["errors"]!.AsObject().ContainsKey("timeZone"));
        Assert.Single(await BookingRace.BookedAsync(_app, buyer.OwnerId));
    }

    [Fact]
    public async Task Two_buyers_posting_one_slot_at_once_get_one_201_and_one_409()
    {
        var buyers = await BuyersAsync(_app, "race", 2);
        var owner = buyers[0].OwnerId;
        await using (var db = await DbAsync())
        {
            await db.Leads.Where(l => l.Id == buyers[1].LeadId).ExecuteUpdateAsync(s => s.SetProperty(l => l.OwnerId, owner));
        }

        var slot = (await GetSlotsAsync(buyers[0].Token, "?days=1"))[3];
        Assert.Equal(slot, (await GetSlotsAsync(buyers[1].Token, "?days=1"))[3]);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var posts = buyers.Select(async b =>
        {
            await gate.Task;
            using var response = await Anonymous().PostAsJsonAsync($"/api/book/{b.Token}", new { start = slot.Start });
            return response.StatusCode;
        }).ToList();
        gate.SetResult();
        var statuses = await Task.WhenAll(posts).WaitAsync(TimeSpan.FromSeconds(120));

        Assert.Equal(new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }, statuses.Order());
        var booked = Assert.Single(await BookingRace.BookedAsync(_app, owner));
        Assert.Equal(slot.Start, booked.StartUtc);
    }

    [Fact]
    public async Task One_link_posting_two_different_slots_at_once_books_one_meeting()
    {
        var buyer = (await BuyersAsync(_app, "twice", 1))[0];
        var slots = await GetSlotsAsync(buyer.Token, "?days=1");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var posts = new[] { slots[0].Start, slots[8].Start }.Select(async start =>
        {
            await gate.Task;
            using var response = await Anonymous().PostAsJsonAsync($"/api/book/{buyer.Token}", new { start });
            return response.StatusCode;
        }).ToList();
        gate.SetResult();
        var statuses = await Task.WhenAll(posts).WaitAsync(TimeSpan.FromSeconds(120));

        Assert.Equal(new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }, statuses.Order());
        await using var db = await DbAsync();
        Assert.Equal(1, await db.Meetings.CountAsync(m => m.LeadId == buyer.LeadId && m.Status == MeetingStatus.Booked));
    }

    [Fact]
    public async Task A_lead_without_an_owner_gets_409_and_a_closed_one_410()
    {
        var buyers = await BuyersAsync(_app, "gone", 2);
        await using (var db = await DbAsync())
        {
            await db.Leads.Where(l => l.Id == buyers[0].LeadId).ExecuteUpdateAsync(s => s.SetProperty(l => l.OwnerId, (string?)null));
            await db.Leads.Where(l => l.Id == buyers[1].LeadId).ExecuteUpdateAsync(s => s.SetProperty(l => l.ClosedAt, LeadRoutingApiFactory.Now));
        }

        var client = Anonymous();
        Assert.Contains("owner", (string)(await ProblemAsync(await client.GetAsync($"/api/book/{buyers[0].Token}/slots"), HttpStatusCode.Conflict))["detail"]!, StringComparison.Ordinal);
        await ProblemAsync(await client.PostAsJsonAsync($"/api/book/{buyers[0].Token}", new { start = "2026-12-01T08:00:00Z" }), HttpStatusCode.Conflict);
        await ProblemAsync(await client.GetAsync($"/api/book/{buyers[1].Token}/slots"), HttpStatusCode.Gone);
        await ProblemAsync(await client.PostAsJsonAsync($"/api/book/{buyers[1].Token}", new { start = "2026-12-01T08:00:00Z" }), HttpStatusCode.Gone);
    }
}

/// <summary>Issue 20: the booking API's per-address fixed window answers 429 with Retry-After once it is used up.</summary>
public sealed class BookingRateLimitTests : IDisposable
{
    private readonly LeadRoutingApiFactory _app = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string>
    {
        ["Notifications:DispatcherEnabled"] = "false",
        ["BookingRateLimit:PermitLimit"] = "3",
        ["BookingRateLimit:Window"] = "01:00:00",
    });

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task The_fourth_request_in_the_window_gets_429_with_Retry_After()
    {
        var client = _app.CreateClient();
        for (var n = 0; n < 3; n++)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/book/guess-{n}/slots")).StatusCode);
        }

        using var refused = await client.PostAsJsonAsync("/api/book/guess-4", new { start = "2026-12-01T08:00:00Z" });
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("/api/book/guess-5/slots")).StatusCode);
    }
}
