using LeadRouting.Core.Leads;
using LeadRouting.Core.Routing;
using LeadRouting.Core.Sla;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Analytics;
using LeadRouting.Web.Booking;
using LeadRouting.Web.Data;
using LeadRouting.Web.Data.Entities;
using LeadRouting.Web.Routing;
using LeadRouting.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Analytics;

/// <summary>
/// Issue 20's numbers over <see cref="AnalyticsDataset"/> plus four leads and five meetings, answers worked out by hand:
/// offered (assigned, bookable treatment) an-1, an-2, bk-3 … bk-6; booked an-1 (held, after 30 min), bk-3 (no-show, 120
/// min), bk-4 (upcoming, 10 min), bk-6 (past, not marked, 60 min); bk-5's meeting was cancelled, so it did not book.
/// </summary>
public sealed class BookingReportTests(LeadRoutingApiFactory app) : IClassFixture<LeadRoutingApiFactory>, IAsyncLifetime
{
    private static readonly DateTimeOffset Monday = AnalyticsDataset.Monday;
    private static readonly DateTimeOffset Tuesday = AnalyticsDataset.Tuesday;
    private static readonly SignedInUser Mid2 = new("u-mid2", "Mid Two", "dach-mid-2@example.com", [LeadRoutingRoles.Rep], "dach-mid-2");
    private static readonly SignedInUser Mid1 = new("u-mid1", "Mid One", "dach-mid-1@example.com", [LeadRoutingRoles.Rep], "dach-mid-1");

    private IDbContextFactory<LeadRoutingDbContext> Db => app.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>();

    public async Task InitializeAsync()
    {
        await AnalyticsDataset.SeedAsync(app.Services);
        await using var db = await Db.CreateDbContextAsync();
        await db.Meetings.ExecuteDeleteAsync();
        db.Leads.AddRange(
            AnalyticsDataset.Lead("bk-3", Tuesday, SignalType.ContactSales, TreatmentAction.SdrFastTrack, "dach", "dach-mid-2", 5, ResponseStatus.Met, LeadStage.Disqualified),
            AnalyticsDataset.Lead("bk-4", Tuesday, SignalType.DemoRequest, TreatmentAction.AeImmediate, "dach", "dach-mid-1", 5, ResponseStatus.Met, LeadStage.Contacted),
            AnalyticsDataset.Lead("bk-5", Tuesday, SignalType.DemoRequest, TreatmentAction.AeImmediate, "dach", "dach-mid-1", 5, ResponseStatus.Met, LeadStage.Contacted),
            AnalyticsDataset.Lead("bk-6", Tuesday, SignalType.ContactSales, TreatmentAction.SdrFastTrack, "dach", "dach-mid-2", 5, ResponseStatus.Met, LeadStage.Converted));
        db.Meetings.AddRange(
            Meeting("m-1", "an-1", "dach-mid-1", Monday.AddMinutes(30), Tuesday.AddHours(-4), MeetingStatus.Held),
            Meeting("m-3", "bk-3", "dach-mid-2", Tuesday.AddMinutes(120), Tuesday.AddDays(1), MeetingStatus.NoShow),
            Meeting("m-4", "bk-4", "dach-mid-1", Tuesday.AddMinutes(10), new DateTimeOffset(2026, 12, 20, 10, 0, 0, TimeSpan.Zero), MeetingStatus.Booked),
            Meeting("m-5", "bk-5", "dach-mid-1", Tuesday.AddMinutes(15), Tuesday.AddDays(2), MeetingStatus.Cancelled),
            Meeting("m-6", "bk-6", "dach-mid-2", Tuesday.AddMinutes(60), new DateTimeOffset(2026, 11, 10, 10, 0, 0, TimeSpan.Zero), MeetingStatus.Booked));
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static MeetingEntity Meeting(string id, string lead, string rep, DateTimeOffset bookedAt, DateTimeOffset start, MeetingStatus status) => new()
    {
        Id = id,
        LeadId = lead,
        RepId = rep,
        StartUtc = start,
        EndUtc = start.AddMinutes(30),
        Status = status,
        CreatedAt = bookedAt,
        CancelledAt = status == MeetingStatus.Cancelled ? bookedAt.AddHours(1) : null,
    };

    private async Task<BookingReport> ReportAsync()
    {
        var engine = (await app.Services.GetRequiredService<ConfigurationStore>().CurrentAsync(CancellationToken.None)).Engine;
        return await ReportQueries.BookingAsync(Db, engine, AnalyticsDataset.Filter, app.Time.GetUtcNow(), CancellationToken.None);
    }

    [Fact]
    public async Task Booking_rate_by_source_time_to_booked_outcomes_and_conversion_booked_vs_not()
    {
        var report = await ReportAsync();

        Assert.Equal((6, 4), (report.Overall.Offered, report.Overall.Booked));
        Assert.Equal(4 / 6.0, report.Overall.Rate!.Value, 9);
        Assert.True(report.Overall.Lower < 4 / 6.0 && report.Overall.Upper > 4 / 6.0, "the interval holds the rate");
        Assert.Equal([("ContactSales", 2, 2), ("DemoRequest", 4, 2)], report.BySource.Select(r => (r.Key, r.Offered, r.Booked)).OrderBy(r => r.Key));
        Assert.Equal([("dach", 6, 4)], report.BySegment.Select(r => (r.Key, r.Offered, r.Booked)));
        Assert.Equal((TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(120)), (report.MedianTimeToBooked, report.P90TimeToBooked));
        Assert.Equal(new MeetingOutcomeCounts(Held: 1, NoShow: 1, PastUnmarked: 1, Upcoming: 1, Cancelled: 1), report.Outcomes);
        Assert.Equal(0.5, report.Outcomes.ShowRate.Rate);
        Assert.Equal((4, 3, 2), (report.ConversionBooked.Assigned, report.ConversionBooked.Closed, report.ConversionBooked.Won));
        Assert.Equal((2, 1, 1), (report.ConversionNotBooked.Assigned, report.ConversionNotBooked.Closed, report.ConversionNotBooked.Won));
    }

    [Fact]
    public async Task A_booking_policy_without_bookable_treatments_offers_nothing()
    {
        var engine = (await app.Services.GetRequiredService<ConfigurationStore>().CurrentAsync(CancellationToken.None)).Engine;
        var off = new RoutingEngine(engine.Configuration with
        {
            Policy = engine.Configuration.Policy with { Booking = engine.Configuration.Policy.Booking with { BookableTreatments = [] } },
        }, app.Time);
        var report = await ReportQueries.BookingAsync(Db, off, AnalyticsDataset.Filter, app.Time.GetUtcNow(), CancellationToken.None);
        Assert.Equal((0, 0, null), (report.Overall.Offered, report.Overall.Booked, report.Overall.Rate));
    }

    [Fact]
    public async Task The_meeting_s_rep_marks_a_started_meeting_held_or_no_show_and_it_is_audited()
    {
        var outcomes = app.Services.GetRequiredService<MeetingOutcomes>();

        Assert.Equal(MeetingOutcomeProblem.NotAllowed, await outcomes.MarkAsync(Mid1, "m-6", held: true, CancellationToken.None));
        Assert.Equal(MeetingOutcomeProblem.NotAllowed, await outcomes.MarkAsync(null, "m-6", held: true, CancellationToken.None));
        Assert.Equal(MeetingOutcomeProblem.NoSuchMeeting, await outcomes.MarkAsync(Mid2, "m-404", held: true, CancellationToken.None));
        Assert.Equal(MeetingOutcomeProblem.NotYetStarted, await outcomes.MarkAsync(Mid1, "m-4", held: true, CancellationToken.None));
        Assert.Equal(MeetingOutcomeProblem.Cancelled, await outcomes.MarkAsync(Mid1, "m-5", held: false, CancellationToken.None));
        Assert.Null(await outcomes.MarkAsync(Mid2, "m-6", held: true, CancellationToken.None));

        await using var db = await Db.CreateDbContextAsync();
        Assert.Equal(MeetingStatus.Held, (await db.Meetings.SingleAsync(m => m.Id == "m-6")).Status);
        var audit = await db.AuditEvents.SingleAsync(e => e.Type == MeetingOutcomes.AuditType && e.LeadId == "bk-6");
        Assert.Equal("dach-mid-2@example.com", audit.Actor);
        Assert.Contains("Booked → Held", audit.Detail, StringComparison.Ordinal);
        Assert.Equal(new MeetingOutcomeCounts(Held: 2, NoShow: 1, PastUnmarked: 0, Upcoming: 1, Cancelled: 1), (await ReportAsync()).Outcomes);
    }
}
