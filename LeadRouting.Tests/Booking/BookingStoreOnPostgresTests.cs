using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Data;
using LeadRouting.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using LeadRouting.Tests.ScaleOut;
using LeadRouting.Web.Booking;
using static LeadRouting.Tests.Booking.BookingRace;

namespace LeadRouting.Tests.Booking;

/// <summary>
/// Issue 20: the race on a real PostgreSQL — within one instance (per-rep advisory lock) and across two instances of the
/// app on one database (two hosts with their own services and connection pools, as two processes would have).
/// </summary>
[Collection(ScaleOutCollection.Name)]
[Slow(SlowBecause.PostgreSql, SlowBecause.Redis)]
public sealed class BookingStoreOnPostgresTests(ScaleOutServers servers)
{
    private static Dictionary<string, string> On(string connectionString) => new()
    {
        ["Storage:Provider"] = "Postgres",
        ["ConnectionStrings:LeadRouting"] = connectionString,
        ["Notifications:DispatcherEnabled"] = "false",
        ["Scheduling:Enabled"] = "false",
    };

    [Fact]
    public async Task Sixteen_buyers_racing_for_one_slot_on_PostgreSQL_get_exactly_one_meeting()
    {
        using var app = LeadRoutingApiFactory.WithSettings(On(await servers.Postgres.CreateDatabaseAsync("booking_race")));
        var buyers = await BuyersAsync(app, "pg-one", 16);
        var store = Store(app);

        var outcomes = await AllAtOnceAsync([.. buyers.Select(lead => (Func<Task<BookingOutcome>>)(() =>
            store.TryBookAsync(lead, Rep, Slot, Slot + Duration, TimeSpan.FromMinutes(10), null, CancellationToken.None)))]);

        var booked = Assert.Single(outcomes.OfType<BookingOutcome.Booked>());
        Assert.Equal(15, outcomes.Count(o => o is BookingOutcome.SlotTaken));
        Assert.Equal(booked.Meeting.Id, Assert.Single(await BookedAsync(app, Rep)).Id);
    }

    [Fact]
    public async Task Two_instances_on_one_PostgreSQL_book_overlapping_slots_of_one_rep_once()
    {
        var connectionString = await servers.Postgres.CreateDatabaseAsync("booking_two_instances");
        using var first = LeadRoutingApiFactory.WithSettings(On(connectionString));
        var buyers = await BuyersAsync(first, "pg-two", 12);
        using var second = LeadRoutingApiFactory.WithSettings(On(connectionString));
        var stores = new[] { Store(first), Store(second) };

        // Overlapping slots (every 10 minutes, 30 long) from both instances, all for one rep.
        var outcomes = await AllAtOnceAsync([.. buyers.Select((lead, i) => (Func<Task<BookingOutcome>>)(() =>
            stores[i % 2].TryBookAsync(lead, Rep, Slot.AddMinutes(10 * (i % 3)), Slot.AddMinutes(10 * (i % 3)) + Duration, TimeSpan.Zero, null, CancellationToken.None)))]);

        Assert.Single(outcomes.OfType<BookingOutcome.Booked>());
        Assert.Equal(11, outcomes.Count(o => o is BookingOutcome.SlotTaken));
        Assert.Single(await BookedAsync(first, Rep));
        Assert.Single(await BookedAsync(second, Rep));
    }

    [Fact]
    public async Task Buyers_posting_one_slot_through_two_instances_over_HTTP_get_one_201_and_the_rest_409()
    {
        var connectionString = await servers.Postgres.CreateDatabaseAsync("booking_api_two_instances");
        var settings = On(connectionString);
        settings["BookingRateLimit:PermitLimit"] = "100000";
        using var first = LeadRoutingApiFactory.WithSettings(settings);
        var client = first.CreateApiClient(ApiScopes.Ingest, ApiScopes.Read);
        var tokens = new List<string>();
        for (var n = 0; n < 8; n++)
        {
            using var response = await client.PostAsJsonAsync("/api/leads", new JsonObject
            {
                ["email"] = $"buyer.{n}@pg-api-race.de", ["firstName"] = "Bea", ["lastName"] = $"Buyer {n}", ["company"] = $"Api Race {n}",
                ["employees"] = 350, ["industry"] = "Software", ["country"] = "DE", ["source"] = "DemoRequest",
            });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var url = new Uri((string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["booking"]!["url"]!);
            tokens.Add(Uri.UnescapeDataString(url.AbsolutePath["/book/".Length..]));
        }

        await using (var db = await first.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync())
        {
            await db.Leads.ExecuteUpdateAsync(l => l.SetProperty(x => x.OwnerId, Rep));
        }

        using var second = LeadRoutingApiFactory.WithSettings(settings);
        var clients = new[] { first.CreateClient(), second.CreateClient() };
        var slots = (await clients[1].GetFromJsonAsync<JsonArray>($"/api/book/{tokens[0]}/slots?days=1"))!;
        var start = (string)slots[0]!["start"]!;

        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var posts = tokens.Select(async (token, i) =>
        {
            await gate.Task;
            using var response = await clients[i % 2].PostAsJsonAsync($"/api/book/{token}", new { start });
            return response.StatusCode;
        }).ToList();
        gate.SetResult();
        var statuses = await Task.WhenAll(posts).WaitAsync(TimeSpan.FromSeconds(120));

        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(7, statuses.Count(s => s == HttpStatusCode.Conflict));
        Assert.Equal(DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture), Assert.Single(await BookedAsync(second, Rep)).StartUtc);
    }
}
