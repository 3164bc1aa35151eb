using LeadRouting.Tests.Api;
using LeadRouting.Web.Booking;
using LeadRouting.Web.Data;
using LeadRouting.Web.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static LeadRouting.Tests.Booking.BookingRace;

namespace LeadRouting.Tests.Booking;

/// <summary>Issue 20: a meeting's copied buyer name and email are personal data — in the person's export, gone after their erasure.</summary>
public sealed class MeetingPrivacyTests : IDisposable
{
    private readonly LeadRoutingApiFactory _app = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string> { ["Notifications:DispatcherEnabled"] = "false" });

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_booked_meeting_is_exported_with_the_buyer_and_erased_to_rep_time_and_status()
    {
        var lead = Assert.Single(await BuyersAsync(_app, "privacy", 1));
        var booked = Assert.IsType<BookingOutcome.Booked>(await Store(_app).TryBookAsync(lead, Rep, Slot, Slot + Duration, TimeSpan.Zero, "Europe/Berlin", CancellationToken.None));

        var report = await _app.Services.GetRequiredService<PersonalDataExport>().ExportAsync("buyer.0@privacy-race.de", CancellationToken.None);
        var exported = Assert.Single(Assert.Single(report.Leads).Meetings!);
        Assert.Equal((booked.Meeting.Id, "Bea Buyer 0", "buyer.0@privacy-race.de", Slot), (exported.Id, exported.BuyerName, exported.BuyerEmail, exported.StartUtc));

        var erased = await _app.Services.GetRequiredService<PersonalDataEraser>().EraseByEmailAsync("buyer.0@privacy-race.de", "test", CancellationToken.None);

        Assert.Equal((1, 1), (erased.Leads, erased.Meetings));
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        var meeting = await db.Meetings.AsNoTracking().SingleAsync(m => m.Id == booked.Meeting.Id);
        Assert.Equal(((string?)null, (string?)null, Rep, Slot, booked.Meeting.Status), (meeting.BuyerName, meeting.BuyerEmail, meeting.RepId, meeting.StartUtc, meeting.Status));

        // An erased lead books nothing more: its link has nobody to book for.
        Assert.IsType<BookingOutcome.LeadGone>(await Store(_app).TryBookAsync(lead, Rep, Slot.AddHours(2), Slot.AddHours(2) + Duration, TimeSpan.Zero, null, CancellationToken.None));
    }
}
