using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LeadRouting.Tests.Api;
using LeadRouting.Tests.Notifications;
using LeadRouting.Web.Booking;
using LeadRouting.Web.Data.Entities;
using LeadRouting.Web.Live;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static LeadRouting.Tests.Booking.BookingEffectsTests;
using static LeadRouting.Tests.Booking.BookingRace;

namespace LeadRouting.Tests.Booking;

/// <summary>
/// Issue 20: the buyer moves a booked meeting (<c>POST /api/book/{token}/meetings/{id}/reschedule</c>,
/// <see cref="BookingService.RescheduleAsync"/>): same meeting and UID, SEQUENCE raised, updated invitations to buyer and
/// rep over a real SMTP server, the task and history follow, the old time is free and a taken time is refused.
/// </summary>
public sealed class BookingRescheduleTests
{
    private static readonly DateTimeOffset NextDay = Slot.AddDays(1);

    [Fact]
    public async Task Moving_a_meeting_keeps_its_UID_raises_the_sequence_sends_updates_moves_the_task_and_frees_the_old_time()
    {
        await using var smtp = await SmtpSink.StartAsync();
        using var app = WithSmtp(smtp);
        var (lead, meeting) = await BookAsync(app, "move");
        await app.Services.GetRequiredService<BookingEffects>().OnBookedAsync(meeting, CancellationToken.None);
        await InvitationsAsync(smtp, 2);
        var token = await TokenAsync(app, lead);
        var client = app.CreateClient();

        using var moved = await client.PostAsJsonAsync($"/api/book/{token}/meetings/{meeting.Id}/reschedule", new { start = "2026-12-08T10:00:00Z", timeZone = "America/New_York" });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var body = (await moved.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal((meeting.Id, NextDay, NextDay + Duration), ((string?)body["id"], (DateTimeOffset)body["start"]!, (DateTimeOffset)body["end"]!));

        await using (var db = await Db(app))
        {
            var stored = await db.Meetings.AsNoTracking().SingleAsync(m => m.Id == meeting.Id);
            Assert.Equal((MeetingStatus.Booked, NextDay, 1, "America/New_York"), (stored.Status, stored.StartUtc, stored.Sequence, stored.BuyerTimeZone));
            var open = Assert.Single(await db.LeadTasks.AsNoTracking().Where(t => t.LeadId == lead && t.CompletedAt == null && t.CancelledAt == null).ToListAsync());
            Assert.Equal(("Meeting with Bea Buyer 0 on 2026-12-08 11:00 (Europe/Berlin)", (DateTimeOffset?)NextDay), (open.Title, open.DueAt));
            var history = Assert.Single(await db.AuditEvents.AsNoTracking().Where(e => e.LeadId == lead && e.Type == BookingEffects.RescheduledAuditType).ToListAsync());
            Assert.Equal($"Meeting with {RepName(app, meeting.RepId)} moved by the buyer from 2026-12-07 10:00 UTC to 2026-12-08 10:00 UTC", history.Detail);
            Assert.Single(await db.Outbox.AsNoTracking().Where(m => m.Type == nameof(LeadEventKind.MeetingRescheduled)).ToListAsync());
        }

        var messages = await InvitationsAsync(smtp, 2);
        Assert.Equal(
            new[] { $"{meeting.RepId}@leadrouting.demo", "buyer.0@move-race.de" }.Order(),
            messages.Select(m => m.To.Mailboxes.Single().Address).Order());
        foreach (var message in messages)
        {
            var (part, calendar) = Ics(message);
            Assert.Equal(("REQUEST", "REQUEST"), (part.ContentType.Parameters["method"], calendar.Method));
            var update = Assert.Single(calendar.Events);
            Assert.Equal(($"{meeting.Id}@leads.example.test", 1), (update.Uid, update.Sequence));
            Assert.Equal(NextDay.UtcDateTime, update.DtStart!.Value);
            Assert.StartsWith("Verschoben: Termin mit ", message.Subject, StringComparison.Ordinal);
        }

        // The effects of one move happen once.
        await using (var db = await Db(app))
        {
            var current = await db.Meetings.AsNoTracking().SingleAsync(m => m.Id == meeting.Id);
            Assert.False(await app.Services.GetRequiredService<BookingEffects>().OnRescheduledAsync(current, Slot, CancellationToken.None));
        }

        // The old time is free again: another buyer books it.
        var other = (await BuyersAsync(app, "move-2", 1)).Single();
        Assert.IsType<BookingOutcome.Booked>(await Store(app).TryBookAsync(other, meeting.RepId, Slot, Slot + Duration, TimeSpan.Zero, null, CancellationToken.None));
    }

    [Fact]
    public async Task A_taken_time_is_409_a_time_that_is_no_slot_422_and_a_cancelled_or_unknown_meeting_404_and_the_same_time_changes_nothing()
    {
        using var app = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string> { ["Notifications:DispatcherEnabled"] = "false" });
        var (lead, meeting) = await BookAsync(app, "move-refused");
        var token = await TokenAsync(app, lead);
        var client = app.CreateClient();
        var other = (await BuyersAsync(app, "move-refused-2", 1)).Single();
        Assert.IsType<BookingOutcome.Booked>(await Store(app).TryBookAsync(other, meeting.RepId, NextDay, NextDay + Duration, TimeSpan.Zero, null, CancellationToken.None));

        async Task<HttpResponseMessage> MoveAsync(string id, string start) =>
            await client.PostAsJsonAsync($"/api/book/{token}/meetings/{id}/reschedule", new { start });

        Assert.Equal(HttpStatusCode.Conflict, (await MoveAsync(meeting.Id, "2026-12-08T10:00:00Z")).StatusCode);
        using var notASlot = await MoveAsync(meeting.Id, "2026-12-08T03:00:00Z");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notASlot.StatusCode);
        Assert.NotNull((await notASlot.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["start"]);
        using var noStart = await client.PostAsJsonAsync($"/api/book/{token}/meetings/{meeting.Id}/reschedule", new { start = "tomorrow" });
        Assert.Equal(HttpStatusCode.BadRequest, noStart.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await MoveAsync("mtg_unknown", "2026-12-08T12:00:00Z")).StatusCode);

        using var same = await MoveAsync(meeting.Id, "2026-12-07T10:00:00Z");
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        await using (var db = await Db(app))
        {
            Assert.Equal(0, (await db.Meetings.AsNoTracking().SingleAsync(m => m.Id == meeting.Id)).Sequence);
            Assert.Empty(await db.Outbox.AsNoTracking().Where(m => m.Type == nameof(LeadEventKind.MeetingRescheduled)).ToListAsync());
        }

        Assert.Equal(MeetingCancelOutcome.Cancelled, await app.Services.GetRequiredService<BookingEffects>().CancelAsync(lead, meeting.Id, CancellationToken.None));
        Assert.Equal(HttpStatusCode.NotFound, (await MoveAsync(meeting.Id, "2026-12-08T12:00:00Z")).StatusCode);
    }
}
