using LeadRouting.Tests.Api;
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
}
