using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ical.Net;
using Calendar = Ical.Net.Calendar;
using LeadRouting.Core;
using LeadRouting.Core.Leads;
using LeadRouting.Core.Sla;
using LeadRouting.Tests.Api;
using LeadRouting.Tests.Notifications;
using LeadRouting.Web.Booking;
using LeadRouting.Web.Components.Shared;
using LeadRouting.Web.Data;
using LeadRouting.Web.Data.Entities;
using LeadRouting.Web.Live;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using static LeadRouting.Tests.Booking.BookingRace;

namespace LeadRouting.Tests.Booking;

/// <summary>
/// Issue 20: what a booked meeting does (<see cref="BookingEffects"/>) — first response, task, history, invitations by
/// email to a real SMTP server with parsed iCalendar — and what its cancellation does.
/// </summary>
public sealed class BookingEffectsTests
{
    internal static LeadRoutingApiFactory WithSmtp(SmtpSink smtp) => LeadRoutingApiFactory.WithSettings(new Dictionary<string, string>
    {
        ["Notifications:Smtp:Host"] = "127.0.0.1",
        ["Notifications:Smtp:Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
        ["Notifications:Smtp:UseTls"] = "false",
        ["Notifications:Smtp:From"] = "LeadRouting <routing@example.test>",
        ["Notifications:BaseUrl"] = "https://leads.example.test/",
    });

    [Fact]
    public async Task A_booking_is_the_first_response_accepts_the_lead_gives_a_task_and_history_and_twice_changes_nothing_twice()
    {
        using var app = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string> { ["Notifications:DispatcherEnabled"] = "false" });
        var (lead, meeting) = await BookAsync(app, "effects-once");
        var effects = app.Services.GetRequiredService<BookingEffects>();

        await effects.OnBookedAsync(meeting, CancellationToken.None);
        await effects.OnBookedAsync(meeting, CancellationToken.None);

        await using var db = await Db(app);
        var stored = await db.Leads.AsNoTracking().SingleAsync(l => l.Id == lead);
        Assert.Equal((LeadRoutingApiFactory.Now, ResponseStatus.Met, LeadStage.Accepted, LeadRoutingApiFactory.Now), (stored.FirstTouchAt, stored.ResponseStatus, stored.Stage, stored.AcceptedAt));
        Assert.Null(stored.EscalateAt);

        var tasks = await db.LeadTasks.AsNoTracking().Where(t => t.LeadId == lead).ToListAsync();
        var open = Assert.Single(tasks, t => t.CompletedAt is null && t.CancelledAt is null);
        // 10:00 UTC on 7 Dec is 11:00 in Berlin, the owner's calendar; due when the meeting starts.
        Assert.Equal(($"Meeting with Bea Buyer 0 on 2026-12-07 11:00 (Europe/Berlin)", (DateTimeOffset?)Slot, meeting.RepId), (open.Title, open.DueAt, open.RepId));
        // The first-response task routing gave is done: the booking answered the lead.
        Assert.All(tasks.Where(t => t != open), t => Assert.Equal(LeadRoutingApiFactory.Now, t.CompletedAt));

        var history = await db.AuditEvents.AsNoTracking().Where(e => e.LeadId == lead && e.Type == BookingEffects.BookedAuditType).ToListAsync();
        var booked = Assert.Single(history);
        Assert.Equal(BookingEffects.BuyerActor, booked.Actor);
        Assert.Equal($"Meeting booked by the buyer for 2026-12-07 10:00 UTC with {RepName(app, meeting.RepId)}; first response within target", booked.Detail);
        Assert.Single(await db.Outbox.AsNoTracking().Where(m => m.Type == nameof(LeadEventKind.MeetingBooked)).ToListAsync());
        Assert.Single(await db.LeadNudges.AsNoTracking().Where(n => n.LeadId == lead).ToListAsync());
    }

    [Fact]
    public async Task Buyer_and_rep_get_an_invitation_by_email_with_a_parseable_iCalendar_request_and_the_links()
    {
        await using var smtp = await SmtpSink.StartAsync();
        using var app = WithSmtp(smtp);
        var (lead, meeting) = await BookAsync(app, "effects-mail");

        await app.Services.GetRequiredService<BookingEffects>().OnBookedAsync(meeting, CancellationToken.None);

        var messages = await InvitationsAsync(smtp, 2);
        var repEmail = $"{meeting.RepId}@leadrouting.demo";
        var buyerMail = Assert.Single(messages, m => m.To.Mailboxes.Single().Address == "buyer.0@effects-mail-race.de");
        var repMail = Assert.Single(messages, m => m.To.Mailboxes.Single().Address == repEmail);

        foreach (var message in messages)
        {
            var (part, calendar) = Ics(message);
            Assert.Equal("REQUEST", part.ContentType.Parameters["method"]);
            Assert.Equal("REQUEST", calendar.Method);
            var invite = Assert.Single(calendar.Events);
            Assert.Equal($"{meeting.Id}@leads.example.test", invite.Uid);
            Assert.Equal(0, invite.Sequence);
            Assert.Equal(Slot.UtcDateTime, invite.DtStart!.Value);
            Assert.Equal((Slot + Duration).UtcDateTime, invite.DtEnd!.Value);
            Assert.Equal($"mailto:{repEmail}", invite.Organizer!.Value!.ToString());
            Assert.Contains(invite.Attendees, a => a.Value!.ToString() == "mailto:buyer.0@effects-mail-race.de" && a.Rsvp);
            Assert.Contains(invite.Attendees, a => a.Value!.ToString() == $"mailto:{repEmail}");
            var reschedule = Assert.Single(Links(message.TextBody!, "/book/"), l => !l.Contains("/cancel", StringComparison.Ordinal));
            Assert.StartsWith("https://leads.example.test/book/", reschedule, StringComparison.Ordinal);
            Assert.Contains(Links(message.TextBody!, "/book/"), l => l == $"{reschedule}/cancel?meeting={meeting.Id}");
            Assert.Contains(reschedule, invite.Description, StringComparison.Ordinal);
        }

        // The buyer's lead is from Germany: German, in the zone they booked in; the rep reads theirs (Berlin: German too).
        Assert.Equal($"Termin mit {RepName(app, meeting.RepId)} am 7. Dez., 11:00 (Europe/Berlin)", buyerMail.Subject);
        Assert.Contains("Ihr Termin mit", buyerMail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("/leads/", buyerMail.TextBody, StringComparison.Ordinal);
        Assert.Equal("Termin mit Bea Buyer 0 am 7. Dez., 11:00 (Europe/Berlin)", repMail.Subject);
        Assert.Contains($"https://leads.example.test/leads/{lead}", repMail.TextBody, StringComparison.Ordinal);

        var deliveries = await app.WaitForDeliveryAsync(d => d.Status == DeliveryStatus.Delivered && d.Recipient == repEmail, "the rep's invitation recorded", channel: "Invitation");
        Assert.Equal(lead, deliveries.LeadId);
    }

    [Fact]
    public async Task Cancelling_through_the_API_frees_the_slot_writes_history_and_sends_a_cancellation_with_the_same_UID_and_a_higher_sequence()
    {
        await using var smtp = await SmtpSink.StartAsync();
        using var app = WithSmtp(smtp);
        var (lead, meeting) = await BookAsync(app, "effects-cancel");
        await app.Services.GetRequiredService<BookingEffects>().OnBookedAsync(meeting, CancellationToken.None);
        await InvitationsAsync(smtp, 2);
        var token = await TokenAsync(app, lead);
        var client = app.CreateClient();

        using var cancelled = await client.PostAsync($"/api/book/{token}/meetings/{meeting.Id}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        var body = (await cancelled.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(("Cancelled", false), ((string?)body["status"], (bool?)body["alreadyCancelled"]));

        var messages = await InvitationsAsync(smtp, 2);
        Assert.Equal(
            new[] { $"{meeting.RepId}@leadrouting.demo", "buyer.0@effects-cancel-race.de" }.Order(),
            messages.Select(m => m.To.Mailboxes.Single().Address).Order());
        foreach (var message in messages)
        {
            var (part, calendar) = Ics(message);
            Assert.Equal(("CANCEL", "CANCEL"), (part.ContentType.Parameters["method"], calendar.Method));
            var cancellation = Assert.Single(calendar.Events);
            Assert.Equal(($"{meeting.Id}@leads.example.test", 1, "CANCELLED"), (cancellation.Uid, cancellation.Sequence, cancellation.Status));
            Assert.StartsWith("Abgesagt: Termin mit ", message.Subject, StringComparison.Ordinal);
        }

        await using (var db = await Db(app))
        {
            var stored = await db.Meetings.AsNoTracking().SingleAsync(m => m.Id == meeting.Id);
            Assert.Equal((MeetingStatus.Cancelled, (DateTimeOffset?)LeadRoutingApiFactory.Now), (stored.Status, stored.CancelledAt));
            var history = Assert.Single(await db.AuditEvents.AsNoTracking().Where(e => e.LeadId == lead && e.Type == BookingEffects.CancelledAuditType).ToListAsync());
            Assert.Equal($"Meeting of 2026-12-07 10:00 UTC with {RepName(app, meeting.RepId)} cancelled by the buyer", history.Detail);
            Assert.DoesNotContain(await db.LeadTasks.AsNoTracking().Where(t => t.LeadId == lead).ToListAsync(), t => t.CompletedAt is null && t.CancelledAt is null);
        }

        // Again: nothing changes, nothing is sent again.
        using var again = await client.PostAsync($"/api/book/{token}/meetings/{meeting.Id}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(true, (bool?)(await again.Content.ReadFromJsonAsync<JsonObject>())!["alreadyCancelled"]);
        await using (var db = await Db(app))
        {
            Assert.Single(await db.Outbox.AsNoTracking().Where(m => m.Type == nameof(LeadEventKind.MeetingCancelled)).ToListAsync());
        }

        // The slot is free again: another buyer books it.
        var other = (await BuyersAsync(app, "effects-cancel-2", 1)).Single();
        Assert.IsType<BookingOutcome.Booked>(await Store(app).TryBookAsync(other, meeting.RepId, Slot, Slot + Duration, TimeSpan.Zero, null, CancellationToken.None));
    }

    [Fact]
    public async Task The_cancel_link_shows_a_confirmation_first_and_its_button_cancels_and_a_changed_token_or_another_leads_meeting_is_refused()
    {
        using var app = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string> { ["Notifications:DispatcherEnabled"] = "false" });
        var (lead, meeting) = await BookAsync(app, "effects-page");
        var (otherLead, _) = await BookAsync(app, "effects-page-2", Slot.AddHours(2));
        var token = await TokenAsync(app, lead);
        var client = app.CreateClient();

        using var shown = await client.GetAsync($"/book/{token}/cancel?meeting={meeting.Id}");
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        var page = await shown.Content.ReadAsStringAsync();
        Assert.Contains("<form method=\"post\">", page, StringComparison.Ordinal);
        Assert.Contains("Diesen Termin absagen?", page, StringComparison.Ordinal);
        Assert.Equal(MeetingStatus.Booked, await StatusAsync(app, meeting.Id));

        var tampered = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];
        using var refused = await client.PostAsync($"/api/book/{tampered}/meetings/{meeting.Id}/cancel", null);
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        var otherToken = await TokenAsync(app, otherLead);
        using var notTheirs = await client.PostAsync($"/api/book/{otherToken}/meetings/{meeting.Id}/cancel", null);
        Assert.Equal(HttpStatusCode.NotFound, notTheirs.StatusCode);
        Assert.Equal(MeetingStatus.Booked, await StatusAsync(app, meeting.Id));

        using var confirmed = await client.PostAsync($"/book/{token}/cancel?meeting={meeting.Id}", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Contains("Termin abgesagt", await confirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(MeetingStatus.Cancelled, await StatusAsync(app, meeting.Id));
    }

    [Fact]
    public async Task An_SMTP_server_that_is_down_keeps_the_booking_and_leaves_the_invitations_pending_for_a_retry()
    {
        using var app = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string>
        {
            ["Notifications:Smtp:Host"] = "127.0.0.1",
            ["Notifications:Smtp:Port"] = NotificationTestKit.FreePort().ToString(CultureInfo.InvariantCulture),
            ["Notifications:Smtp:UseTls"] = "false",
        });
        var (_, meeting) = await BookAsync(app, "effects-down");

        await app.Services.GetRequiredService<BookingEffects>().OnBookedAsync(meeting, CancellationToken.None);

        var failed = await app.WaitForDeliveryAsync(d => d.AttemptEnded(1) && d.Recipient == "buyer.0@effects-down-race.de", "the buyer's invitation failed once", channel: "Invitation");
        Assert.Equal(DeliveryStatus.Pending, failed.Status);
        Assert.NotNull(failed.LastError);
        Assert.Equal(MeetingStatus.Booked, await StatusAsync(app, meeting.Id));
    }

    [Theory]
    [InlineData("Meeting booked by the buyer for 7. Dez., 11:00 with Clara Fischer; first response within target",
        "Termin vom Interessenten gebucht für 7. Dez., 11:00 mit Clara Fischer; erste Reaktion innerhalb der Vorgabe")]
    [InlineData("Meeting booked by the buyer for 7. Dez., 11:00 with Clara Fischer", "Termin vom Interessenten gebucht für 7. Dez., 11:00 mit Clara Fischer")]
    [InlineData("Meeting of 7. Dez., 11:00 with Clara Fischer cancelled by the buyer", "Termin am 7. Dez., 11:00 mit Clara Fischer vom Interessenten abgesagt")]
    [InlineData("Meeting with Bea Buyer on 2026-12-07 11:00 (Europe/Berlin)", "Termin mit Bea Buyer am 2026-12-07 11:00 (Europe/Berlin)")]
    public void The_history_lines_and_the_task_read_in_German(string english, string german) =>
        Assert.Equal(german, TraceText.Of(english, CultureInfo.GetCultureInfo("de-DE")));

    /// <summary>A lead ingested through the API and a meeting booked with its owner at <paramref name="start"/> (default <see cref="Slot"/>).</summary>
    internal static async Task<(string Lead, MeetingEntity Meeting)> BookAsync(LeadRoutingApiFactory app, string run, DateTimeOffset? start = null)
    {
        var lead = (await BuyersAsync(app, run, 1)).Single();
        await using var db = await Db(app);
        var owner = await db.Leads.AsNoTracking().Where(l => l.Id == lead).Select(l => l.OwnerId).SingleAsync();
        Assert.NotNull(owner);
        var at = start ?? Slot;
        var booked = Assert.IsType<BookingOutcome.Booked>(await Store(app).TryBookAsync(lead, owner, at, at + Duration, TimeSpan.Zero, "Europe/Berlin", CancellationToken.None));
        return (lead, booked.Meeting);
    }

    internal static async Task<string> TokenAsync(LeadRoutingApiFactory app, string lead)
    {
        await using var db = await Db(app);
        var createdAt = await db.Leads.AsNoTracking().Where(l => l.Id == lead).Select(l => l.CreatedAt).SingleAsync();
        var tokens = app.Services.GetRequiredService<BookingTokens>();
        var policy = (await app.Services.GetRequiredService<LeadRouting.Web.Routing.ConfigurationStore>().CurrentAsync(CancellationToken.None)).Engine.Configuration.Policy.Booking;
        return tokens.Token(new BookingTokenClaims(lead, BookingTokens.ExpiryFor(createdAt, policy)));
    }

    private static async Task<MeetingStatus> StatusAsync(LeadRoutingApiFactory app, string meetingId)
    {
        await using var db = await Db(app);
        return await db.Meetings.AsNoTracking().Where(m => m.Id == meetingId).Select(m => m.Status).SingleAsync();
    }

    internal static Task<LeadRoutingDbContext> Db(LeadRoutingApiFactory app) =>
        app.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();

    internal static string RepName(LeadRoutingApiFactory app, string repId) =>
        app.Services.GetRequiredService<LeadRouting.Web.Routing.ConfigurationStore>().CurrentAsync(CancellationToken.None).GetAwaiter().GetResult()
            .Engine.Organisation.FindRep(new RepId(repId))!.Rep.Name;

    /// <summary>The next <paramref name="count"/> messages with a calendar part; the routing emails of the leads are passed over.</summary>
    internal static async Task<MimeMessage[]> InvitationsAsync(SmtpSink smtp, int count)
    {
        var invitations = new List<MimeMessage>();
        while (invitations.Count < count)
        {
            var message = await smtp.NextMessageAsync();
            if (message.Attachments.OfType<MimePart>().Any(p => p.ContentType.IsMimeType("text", "calendar")))
            {
                invitations.Add(message);
            }
        }

        return [.. invitations];
    }

    internal static (MimePart Part, Calendar Calendar) Ics(MimeMessage message)
    {
        var part = Assert.Single(message.Attachments.OfType<MimePart>(), p => p.ContentType.IsMimeType("text", "calendar"));
        using var text = new MemoryStream();
        part.Content!.DecodeTo(text);
        var calendar = Calendar.Load(System.Text.Encoding.UTF8.GetString(text.ToArray()))!;
        return (part, calendar);
    }

    private static IEnumerable<string> Links(string text, string containing) =>
        text.Split([' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries).Where(w => w.StartsWith("https://", StringComparison.Ordinal) && w.Contains(containing, StringComparison.Ordinal));
}
