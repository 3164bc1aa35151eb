using LeadRouting.Tests.Api;
using LeadRouting.Web.Booking;
using LeadRouting.Web.Data;
using LeadRouting.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static LeadRouting.Tests.Booking.BookingRace;

namespace LeadRouting.Tests.Booking;

/// <summary>Issue 20: <see cref="BookingStore"/> on a real SQLite file — racing buyers get exactly one meeting.</summary>
public sealed class BookingStoreTests : IDisposable
{
    private readonly LeadRoutingApiFactory _app = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string> { ["Notifications:DispatcherEnabled"] = "false" });

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Twelve_buyers_racing_for_one_slot_get_exactly_one_meeting()
    {
        var buyers = await BuyersAsync(_app, "sqlite-one", 12);
        var store = Store(_app);

        var outcomes = await AllAtOnceAsync([.. buyers.Select(lead => (Func<Task<BookingOutcome>>)(() =>
            store.TryBookAsync(lead, Rep, Slot, Slot + Duration, TimeSpan.Zero, "Europe/Berlin", CancellationToken.None)))]);

        var booked = Assert.Single(outcomes.OfType<BookingOutcome.Booked>());
        Assert.Equal(11, outcomes.Count(o => o is BookingOutcome.SlotTaken));
        var stored = Assert.Single(await BookedAsync(_app, Rep));
        Assert.Equal((booked.Meeting.Id, booked.Meeting.LeadId, Slot, Slot + Duration), (stored.Id, stored.LeadId, stored.StartUtc, stored.EndUtc));
        Assert.StartsWith("Bea Buyer ", stored.BuyerName, StringComparison.Ordinal);
        Assert.Equal(("Europe/Berlin", 0), (stored.BuyerTimeZone, stored.Sequence));
        Assert.EndsWith("@sqlite-one-race.de", stored.BuyerEmail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overlapping_slots_of_one_rep_including_the_buffer_get_one_meeting_and_other_reps_are_not_affected()
    {
        var buyers = await BuyersAsync(_app, "sqlite-overlap", 8);
        var store = Store(_app);
        var buffer = TimeSpan.FromMinutes(10);

        // Starts 0, 15, 30 and 35 minutes after the slot: with a 10-minute buffer each overlaps the others' widened time.
        var offsets = new[] { 0, 15, 30, 35 };
        var outcomes = await AllAtOnceAsync([
            .. buyers.Take(4).Select((lead, i) => (Func<Task<BookingOutcome>>)(() =>
                store.TryBookAsync(lead, Rep, Slot.AddMinutes(offsets[i]), Slot.AddMinutes(offsets[i]) + Duration, buffer, null, CancellationToken.None))),
            .. buyers.Skip(4).Select(lead => (Func<Task<BookingOutcome>>)(() =>
                store.TryBookAsync(lead, "dach-mid-2", Slot, Slot + Duration, buffer, null, CancellationToken.None))),
        ]);

        Assert.Single(outcomes.Take(4).OfType<BookingOutcome.Booked>());
        Assert.Single(outcomes.Skip(4).OfType<BookingOutcome.Booked>());
        Assert.Single(await BookedAsync(_app, Rep));
        Assert.Single(await BookedAsync(_app, "dach-mid-2"));
    }

    [Fact]
    public async Task The_buffer_keeps_the_next_meeting_away_and_a_slot_after_it_is_free()
    {
        var buyers = await BuyersAsync(_app, "sqlite-buffer", 3);
        var store = Store(_app);
        var buffer = TimeSpan.FromMinutes(10);

        Assert.IsType<BookingOutcome.Booked>(await store.TryBookAsync(buyers[0], Rep, Slot, Slot + Duration, buffer, null, CancellationToken.None));
        // Starting 5 minutes after the first one ends is inside its buffer.
        var tooClose = Slot + Duration + TimeSpan.FromMinutes(5);
        Assert.IsType<BookingOutcome.SlotTaken>(await store.TryBookAsync(buyers[1], Rep, tooClose, tooClose + Duration, buffer, null, CancellationToken.None));
        // Starting when the buffer ends is free; without a buffer, back to back is free.
        var afterBuffer = Slot + Duration + buffer;
        Assert.IsType<BookingOutcome.Booked>(await store.TryBookAsync(buyers[1], Rep, afterBuffer, afterBuffer + Duration, buffer, null, CancellationToken.None));
        var before = Slot - Duration;
        Assert.IsType<BookingOutcome.Booked>(await store.TryBookAsync(buyers[2], Rep, before, Slot, TimeSpan.Zero, null, CancellationToken.None));
    }

    [Fact]
    public async Task A_cancelled_meetings_time_is_free_again()
    {
        var buyers = await BuyersAsync(_app, "sqlite-cancel", 2);
        var store = Store(_app);
        var first = Assert.IsType<BookingOutcome.Booked>(await store.TryBookAsync(buyers[0], Rep, Slot, Slot + Duration, TimeSpan.Zero, null, CancellationToken.None));

        await using (var db = await _app.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync())
        {
            Assert.Equal(1, await db.Meetings.Where(m => m.Id == first.Meeting.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(m => m.Status, MeetingStatus.Cancelled).SetProperty(m => m.CancelledAt, LeadRoutingApiFactory.Now)));
        }

        var second = Assert.IsType<BookingOutcome.Booked>(await store.TryBookAsync(buyers[1], Rep, Slot, Slot + Duration, TimeSpan.Zero, null, CancellationToken.None));
        Assert.Equal(second.Meeting.Id, Assert.Single(await BookedAsync(_app, Rep)).Id);
    }

    [Fact]
    public async Task A_lead_that_does_not_exist_books_nothing() =>
        Assert.IsType<BookingOutcome.LeadGone>(await Store(_app).TryBookAsync("ld_nope", Rep, Slot, Slot + Duration, TimeSpan.Zero, null, CancellationToken.None));

    [Fact]
    public async Task The_unique_index_refuses_a_second_booked_meeting_at_the_same_start_even_past_the_check()
    {
        var buyers = await BuyersAsync(_app, "sqlite-index", 2);
        Assert.IsType<BookingOutcome.Booked>(await Store(_app).TryBookAsync(buyers[0], Rep, Slot, Slot + Duration, TimeSpan.Zero, null, CancellationToken.None));

        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        db.Meetings.Add(new MeetingEntity { Id = "mtg_direct", LeadId = buyers[1], RepId = Rep, StartUtc = Slot, EndUtc = Slot.AddMinutes(5), Status = MeetingStatus.Booked });
        var failure = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        Assert.True(LeadRoutingStorage.IsUniqueViolation(failure));
    }
}
