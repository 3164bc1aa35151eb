using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LeadRouting.Core.Leads;
using LeadRouting.Core.Routing;
using LeadRouting.Tests.Api;
using LeadRouting.Tests.Notifications;
using LeadRouting.Web.Booking;
using LeadRouting.Web.Components.Shared;
using LeadRouting.Web.Data.Entities;
using LeadRouting.Web.Live;
using LeadRouting.Web.Routing;
using LeadRouting.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static LeadRouting.Tests.Booking.BookingEffectsTests;
using static LeadRouting.Tests.Booking.BookingRace;

namespace LeadRouting.Tests.Booking;

/// <summary>
/// Issue 20, "when the owner can't" (README "Booking: when the owner can't"): the slots of equally eligible reps of the
/// lead's pool when the owner is fully booked or out of office, booking one moves the lead (audit, history, ledger), and a
/// rep's later absence hands the meeting to a free pool rep (invitations parsed) or, with nobody free, notifies the manager.
/// Leads are SDR fast-track leads of the DACH team: the pool is <c>dach:Sdr</c> (Lena Schmidt, Jonas Weber; round robin).
/// </summary>
public sealed class BookingPoolTests
{
    private const string SdrPool = "dach:Sdr";

    [Fact]
    public async Task An_owner_fully_booked_offers_the_other_pool_reps_slots_and_booking_one_moves_the_lead_audited_and_counted_in_the_ledger()
    {
        using var app = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string> { ["Notifications:DispatcherEnabled"] = "false" });
        var (lead, owner, other) = await SdrLeadAsync(app, "pool-full");
        await FillDayAsync(app, owner, Slot.Date);
        var token = await TokenAsync(app, lead);
        var client = app.CreateClient();

        var slots = await SlotsAsync(client, token, Slot.Date, 1);
        Assert.NotEmpty(slots);
        // Only the other SDR of the pool: never the owner (booked), never a rep of another pool or team.
        Assert.All(slots, s => Assert.Equal(other, s.RepId));

        long passBefore;
        await using (var db = await Db(app))
        {
            passBefore = await db.RoundRobinPasses.AsNoTracking().Where(p => p.PoolKey == SdrPool && p.RepId == other).Select(p => (long?)p.Pass).SingleOrDefaultAsync() ?? 0;
        }

        // That day shows the other SDR's slots, the window from now the owner's own: the start alone means the owner's
        // time (taken, 409); naming the slot's repId books the slot as shown.
        var start = slots[0].Start;
        using (var alone = await client.PostAsJsonAsync($"/api/book/{token}", new { start = start.ToString("O") }))
        {
            Assert.Equal(HttpStatusCode.Conflict, alone.StatusCode);
        }

        using var booked = await client.PostAsJsonAsync($"/api/book/{token}", new { start = start.ToString("O"), repId = slots[0].RepId });
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        Assert.Equal(other, (string?)(await booked.Content.ReadFromJsonAsync<JsonObject>())!["repId"]);

        await using (var db = await Db(app))
        {
            var stored = await db.Leads.AsNoTracking().SingleAsync(l => l.Id == lead);
            Assert.Equal((other, "dach", BookingEffects.BuyerActor, BookingEffects.NoFreeSlotReason), (stored.OwnerId, stored.TeamId, stored.AssignedBy, stored.AssignmentReason));
            // The booking is the new owner's first response, and the lead is theirs (accepted by the booking).
            Assert.Equal((LeadStage.Accepted, (DateTimeOffset?)LeadRoutingApiFactory.Now), (stored.Stage, stored.FirstTouchAt));

            var moved = Assert.Single(await db.AuditEvents.AsNoTracking().Where(e => e.LeadId == lead && e.Type == BookingEffects.MovedForMeetingAuditType).ToListAsync());
            Assert.Equal(BookingEffects.BuyerActor, moved.Actor);
            Assert.StartsWith($"moved to {RepName(app, other)} (was {RepName(app, owner)}) by {BookingEffects.BuyerActor}: owner had no free slot", moved.Detail, StringComparison.Ordinal);

            var reassigned = Assert.Single(await db.Outbox.AsNoTracking().Where(m => m.Type == nameof(LeadEventKind.Reassigned)).ToListAsync());
            Assert.Contains($"\"previousOwnerId\":\"{owner}\"", reassigned.Payload, StringComparison.Ordinal);

            // The ledger counts the lead for the new owner as a pick of the pool, and credits the old owner's pick back.
            var picks = await db.PoolPicks.AsNoTracking().Where(p => p.LeadId == lead).OrderBy(p => p.Id).ToListAsync();
            Assert.Equal([(SdrPool, owner), (SdrPool, other)], picks.Select(p => (p.PoolKey, p.RepId)));
            var credit = Assert.Single(await db.ShareAdjustments.AsNoTracking().Where(a => a.PoolKey == SdrPool).ToListAsync());
            Assert.Equal((owner, 1), (credit.RepId, credit.Leads));
            var passAfter = await db.RoundRobinPasses.AsNoTracking().Where(p => p.PoolKey == SdrPool && p.RepId == other).Select(p => p.Pass).SingleAsync();
            Assert.True(passAfter > passBefore, $"the new owner's pass moved ({passBefore} → {passAfter})");

            var meeting = await db.Meetings.AsNoTracking().SingleAsync(m => m.LeadId == lead && m.Status == MeetingStatus.Booked);
            Assert.Equal((other, start), (meeting.RepId, meeting.StartUtc));
            var open = Assert.Single(await db.LeadTasks.AsNoTracking().Where(t => t.LeadId == lead && t.CompletedAt == null && t.CancelledAt == null).ToListAsync());
            Assert.Equal(other, open.RepId);
        }
    }

    [Fact]
    public async Task An_owner_out_of_office_gets_pool_slots_for_the_absence_and_their_own_after_it_and_an_absent_pool_rep_is_never_offered()
    {
        using var app = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string> { ["Notifications:DispatcherEnabled"] = "false" });
        var (lead, owner, other) = await SdrLeadAsync(app, "pool-ooo");
        var token = await TokenAsync(app, lead);
        var client = app.CreateClient();

        // Out of office until Tuesday 8 Dec 00:00 UTC: Monday's slots are the other SDR's, Tuesday's the owner's own.
        await SetStateAsync(app, owner, Availability.OutOfOffice, Slot.Date.AddDays(1));
        var slots = await SlotsAsync(client, token, Slot.Date, 2);
        var monday = slots.Where(s => s.Start < Slot.Date.AddDays(1)).ToList();
        var tuesday = slots.Where(s => s.Start >= Slot.Date.AddDays(1)).ToList();
        Assert.NotEmpty(monday);
        Assert.NotEmpty(tuesday);
        Assert.All(monday, s => Assert.Equal(other, s.RepId));
        Assert.All(tuesday, s => Assert.Equal(owner, s.RepId));
        Assert.Equal(slots.Count, slots.Select(s => s.Start).Distinct().Count());

        // The other SDR out of office too: nobody is offered for Monday.
        await SetStateAsync(app, other, Availability.OutOfOffice, Slot.Date.AddDays(1));
        Assert.Empty(await SlotsAsync(client, token, Slot.Date, 1));

        // Away (not at their desk) is not eligible either; back available, they are offered again.
        await SetStateAsync(app, other, Availability.Away, null);
        Assert.Empty(await SlotsAsync(client, token, Slot.Date, 1));
        await SetStateAsync(app, other, Availability.Available, null);
        Assert.All(await SlotsAsync(client, token, Slot.Date, 1), s => Assert.Equal(other, s.RepId));
    }

    [Fact]
    public async Task A_later_absence_hands_the_meeting_to_a_free_pool_rep_moves_the_lead_and_sends_a_cancellation_and_updated_invitations()
    {
        await using var smtp = await SmtpSink.StartAsync();
        using var app = WithSmtp(smtp);
        var (lead, owner, other) = await SdrLeadAsync(app, "pool-later");
        var token = await TokenAsync(app, lead);
        var client = app.CreateClient();
        using (var booked = await client.PostAsJsonAsync($"/api/book/{token}", new { start = Slot.ToString("O") }))
        {
            Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        }

        await InvitationsAsync(smtp, 2);
        string meetingId;
        await using (var db = await Db(app))
        {
            meetingId = await db.Meetings.AsNoTracking().Where(m => m.LeadId == lead).Select(m => m.Id).SingleAsync();
        }

        // A manager sets the owner out of office over the meeting (/settings/reps): the meeting is handed over at once.
        var manager = new SignedInUser("u-katrin", "Katrin Vogel", "katrin.vogel@leadrouting.demo", [LeadRoutingRoles.Manager], null);
        var set = await app.Services.GetRequiredService<RepAvailabilityService>()
            .SetAsync(manager, owner, Availability.OutOfOffice, Slot.AddDays(3), CancellationToken.None);
        Assert.True(set.Succeeded, set.Error);

        await using (var db = await Db(app))
        {
            var meeting = await db.Meetings.AsNoTracking().SingleAsync(m => m.Id == meetingId);
            Assert.Equal((MeetingStatus.Booked, other, Slot, 1), (meeting.Status, meeting.RepId, meeting.StartUtc, meeting.Sequence));
            var stored = await db.Leads.AsNoTracking().SingleAsync(l => l.Id == lead);
            Assert.Equal((other, BookingEffects.SystemActor), (stored.OwnerId, stored.AssignedBy));
            var handed = Assert.Single(await db.AuditEvents.AsNoTracking().Where(e => e.LeadId == lead && e.Type == BookingEffects.HandedOverAuditType).ToListAsync());
            Assert.Equal($"Meeting of 2026-12-07 10:00 UTC handed from {RepName(app, owner)} to {RepName(app, other)} (DACH Sales SDR): {RepName(app, owner)} is out of office at the meeting's time", handed.Detail);
            Assert.Single(await db.AuditEvents.AsNoTracking().Where(e => e.LeadId == lead && e.Type == BookingEffects.MovedForMeetingAuditType).ToListAsync());
            var open = Assert.Single(await db.LeadTasks.AsNoTracking().Where(t => t.LeadId == lead && t.CompletedAt == null && t.CancelledAt == null).ToListAsync());
            Assert.Equal((other, (DateTimeOffset?)Slot), (open.RepId, open.DueAt));
        }

        var messages = await InvitationsAsync(smtp, 3);
        var buyer = "buyer.0@pool-later-race.de";
        Assert.Equal(new[] { $"{owner}@leadrouting.demo", $"{other}@leadrouting.demo", buyer }.Order(), messages.Select(m => m.To.Mailboxes.Single().Address).Order());
        foreach (var message in messages)
        {
            var (part, calendar) = Ics(message);
            var invite = Assert.Single(calendar.Events);
            Assert.Equal($"{meetingId}@leads.example.test", invite.Uid);
            Assert.Equal(Slot.UtcDateTime, invite.DtStart!.Value);
            if (message.To.Mailboxes.Single().Address == $"{owner}@leadrouting.demo")
            {
                Assert.Equal(("CANCEL", "CANCEL", "CANCELLED"), (part.ContentType.Parameters["method"], calendar.Method, invite.Status));
                Assert.True(invite.Sequence >= 1);
            }
            else
            {
                Assert.Equal(("REQUEST", "REQUEST", 1), (part.ContentType.Parameters["method"], calendar.Method, invite.Sequence));
                Assert.Equal($"mailto:{other}@leadrouting.demo", invite.Organizer!.Value!.ToString());
            }
        }

        var toBuyer = Assert.Single(messages, m => m.To.Mailboxes.Single().Address == buyer);
        Assert.Contains($"{RepName(app, other)} übernimmt Ihren Termin", toBuyer.TextBody, StringComparison.Ordinal);

        // Again (the job's next run): nothing to hand over, nothing sent again.
        var again = await app.Services.GetRequiredService<MeetingReassignment>().RunAsync(null, CancellationToken.None);
        Assert.Equal(new MeetingReassignmentReport(0, 0, 0), again);
        await using (var db = await Db(app))
        {
            Assert.Single(await db.Outbox.AsNoTracking().Where(m => m.Type == nameof(LeadEventKind.MeetingReassigned)).ToListAsync());
        }
    }

    [Fact]
    public async Task With_nobody_of_the_pool_free_the_meeting_stays_and_the_manager_is_notified_once()
    {
        using var app = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string> { ["Notifications:DispatcherEnabled"] = "false" });
        var (lead, owner, other) = await SdrLeadAsync(app, "pool-nobody");
        var token = await TokenAsync(app, lead);
        using (var booked = await app.CreateClient().PostAsJsonAsync($"/api/book/{token}", new { start = Slot.ToString("O") }))
        {
            Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        }

        // The other SDR is busy at the meeting's time, the owner then goes out of office (written directly: the job's path).
        await FillDayAsync(app, other, Slot.Date);
        await SetStateAsync(app, owner, Availability.OutOfOffice, Slot.AddDays(3));
        var reassignment = app.Services.GetRequiredService<MeetingReassignment>();

        Assert.Equal(new MeetingReassignmentReport(1, 0, 1), await reassignment.RunAsync(null, CancellationToken.None));
        Assert.Equal(new MeetingReassignmentReport(1, 0, 0), await reassignment.RunAsync(null, CancellationToken.None));

        await using var db = await Db(app);
        var meeting = await db.Meetings.AsNoTracking().SingleAsync(m => m.LeadId == lead && m.Status == MeetingStatus.Booked);
        Assert.Equal((owner, 0), (meeting.RepId, meeting.Sequence));
        Assert.Equal(owner, await db.Leads.AsNoTracking().Where(l => l.Id == lead).Select(l => l.OwnerId).SingleAsync());
        var review = Assert.Single(await db.AuditEvents.AsNoTracking().Where(e => e.LeadId == lead && e.Type == BookingEffects.NeedsReviewAuditType).ToListAsync());
        Assert.Equal($"Meeting of 2026-12-07 10:00 UTC: {RepName(app, owner)} is out of office then and nobody of the pool is free; review it", review.Detail);
        var notice = Assert.Single(await db.Outbox.AsNoTracking().Where(m => m.Type == nameof(LeadEventKind.ManagerNotice) && m.Payload.Contains(meeting.Id)).ToListAsync());
        Assert.Contains("\"managerEmail\":\"katrin.vogel@leadrouting.demo\"", notice.Payload, StringComparison.Ordinal);
        Assert.Empty(await db.Outbox.AsNoTracking().Where(m => m.Type == nameof(LeadEventKind.MeetingReassigned)).ToListAsync());
    }

    [Theory]
    [InlineData("moved to Jonas Weber (was Lena Schmidt) by buyer (booking link): owner had no free slot; counted for the new owner in the pool's ledger, one lead credited back to Lena Schmidt",
        "an Jonas Weber übertragen (zuvor Lena Schmidt) durch buyer (booking link): der Verantwortliche hatte keinen freien Termin; im Fairness-Ledger des Pools dem neuen Verantwortlichen angerechnet, Lena Schmidt ein Lead gutgeschrieben")]
    [InlineData("moved to Jonas Weber (was Lena Schmidt) by system: Lena Schmidt is out of office at the meeting's time",
        "an Jonas Weber übertragen (zuvor Lena Schmidt) durch system: Lena Schmidt ist zum Termin abwesend")]
    [InlineData("Meeting of 7. Dez., 11:00 handed from Lena Schmidt to Jonas Weber (DACH Sales SDR): Lena Schmidt is out of office at the meeting's time",
        "Termin am 7. Dez., 11:00 von Lena Schmidt an Jonas Weber übergeben (DACH Sales SDR): Lena Schmidt ist zum Termin abwesend")]
    [InlineData("Meeting of 7. Dez., 11:00: Lena Schmidt is out of office then and nobody of the pool is free; review it",
        "Termin am 7. Dez., 11:00: Lena Schmidt ist dann abwesend und niemand aus dem Pool ist frei; bitte prüfen")]
    public void The_history_lines_read_in_German(string english, string german) =>
        Assert.Equal(german, TraceText.Of(english, System.Globalization.CultureInfo.GetCultureInfo("de-DE")));

    [Fact]
    public async Task Losing_the_race_for_the_owners_last_slot_of_a_day_is_409_never_the_same_time_with_another_pool_rep()
    {
        // Found by the booking load benchmark: the loser's check saw the owner with no time left that day, so the pool's
        // slot at the same start was booked with the other SDR and the lead moved — a rep the buyer never saw.
        using var app = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string> { ["Notifications:DispatcherEnabled"] = "false" });
        var (first, owner, other) = await SdrLeadAsync(app, "pool-last-a");
        var (second, _, _) = await SdrLeadAsync(app, "pool-last-b");
        await using (var db = await Db(app))
        {
            // Both buyers' leads with the same owner (round robin gave the second one to the other SDR).
            await db.Leads.Where(l => l.Id == second).ExecuteUpdateAsync(l => l.SetProperty(x => x.OwnerId, owner));
        }

        var (tokenA, tokenB) = (await TokenAsync(app, first), await TokenAsync(app, second));
        var client = app.CreateClient();
        var last = (await SlotsAsync(client, tokenA, Slot.Date, 1)).Where(s => s.RepId == owner).Max(s => s.Start);
        await BlockOwnerBeforeAsync(app, owner, last);
        var offered = await SlotsAsync(client, tokenB, Slot.Date, 1);
        Assert.Equal([(last, owner)], offered.Select(s => (s.Start, s.RepId)));

        // Both buyers post the start alone (the API's minimal request), at once: one 201, one 409.
        var answers = await Task.WhenAll(
            new[] { tokenA, tokenB }.Select(token => client.PostAsJsonAsync($"/api/book/{token}", new { start = last.ToString("O") })))
            .WaitAsync(TimeSpan.FromSeconds(120));
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
        var winner = answers.Single(a => a.StatusCode == HttpStatusCode.Created);
        Assert.Equal(owner, (string?)(await winner.Content.ReadFromJsonAsync<JsonObject>())!["repId"]);
        var loserToken = answers[0] == winner ? tokenB : tokenA;
        var loser = loserToken == tokenA ? first : second;

        // Now that day shows the other SDR's slot at that time (the owner has none left), but the buyer saw the owner's:
        // naming the owner (as the page's button does) is 409 too, and nothing moved.
        Assert.Contains((last, other), (await SlotsAsync(client, loserToken, Slot.Date, 1)).Select(s => (s.Start, s.RepId)));
        using (var named = await client.PostAsJsonAsync($"/api/book/{loserToken}", new { start = last.ToString("O"), repId = owner }))
        {
            Assert.Equal(HttpStatusCode.Conflict, named.StatusCode);
        }

        // A rep outside the lead's pool is "not a slot" (422), telling nothing about that rep's calendar.
        using (var stranger = await client.PostAsJsonAsync($"/api/book/{loserToken}", new { start = last.ToString("O"), repId = "na-mid-1" }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, stranger.StatusCode);
        }

        await using (var db = await Db(app))
        {
            Assert.Equal(owner, await db.Leads.AsNoTracking().Where(l => l.Id == loser).Select(l => l.OwnerId).SingleAsync());
            Assert.False(await db.Meetings.AnyAsync(m => m.LeadId == loser));
            Assert.False(await db.AuditEvents.AnyAsync(e => e.LeadId == loser && e.Type == BookingEffects.MovedForMeetingAuditType));
        }

        // Choosing the other SDR's slot as now offered (its repId named) books with them: the buyer saw whom.
        using var chosen = await client.PostAsJsonAsync($"/api/book/{loserToken}", new { start = last.ToString("O"), repId = other });
        Assert.Equal(HttpStatusCode.Created, chosen.StatusCode);
        Assert.Equal(other, (string?)(await chosen.Content.ReadFromJsonAsync<JsonObject>())!["repId"]);
    }

    /// <summary>
    /// A booked meeting of <paramref name="repId"/> from the start of <paramref name="last"/>'s UTC day up to the policy's
    /// buffer before it: <paramref name="last"/> is the rep's only free slot left that day.
    /// </summary>
    private static async Task BlockOwnerBeforeAsync(LeadRoutingApiFactory app, string repId, DateTimeOffset last)
    {
        var policy = await app.Services.GetRequiredService<BookingSlots>().PolicyAsync(CancellationToken.None);
        var buffer = policy.BufferBefore > policy.BufferAfter ? policy.BufferBefore : policy.BufferAfter;
        var blocker = (await BuyersAsync(app, $"blocker-last-{repId}", 1)).Single();
        await using var db = await Db(app);
        db.Meetings.Add(new MeetingEntity
        {
            Id = $"mtg_before_{repId}",
            LeadId = blocker,
            RepId = repId,
            StartUtc = new DateTimeOffset(last.UtcDateTime.Date, TimeSpan.Zero),
            EndUtc = last - buffer,
            Status = MeetingStatus.Booked,
            BuyerEmail = "blocker@example.test",
            CreatedAt = LeadRoutingApiFactory.Now,
        });
        await db.SaveChangesAsync();
    }

    /// <summary>An SDR fast-track lead (webinar, strong fit) of the DACH team; both SDRs' loads at zero.</summary>
    private static async Task<(string Lead, string Owner, string Other)> SdrLeadAsync(LeadRoutingApiFactory app, string run)
    {
        var client = app.CreateApiClient(ApiScopes.Ingest, ApiScopes.Read);
        using var response = await client.PostAsJsonAsync("/api/leads", new JsonObject
        {
            ["email"] = $"buyer.0@{run}-race.de",
            ["firstName"] = "Bea",
            ["lastName"] = "Buyer 0",
            ["company"] = "Race 0",
            ["employees"] = 350,
            ["industry"] = "Software",
            ["country"] = "DE",
            ["source"] = "Webinar",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var lead = (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["lead"]!["id"]!;
        await using var db = await Db(app);
        var stored = await db.Leads.AsNoTracking().Where(l => l.Id == lead).Select(l => new { l.OwnerId, l.Action }).SingleAsync();
        Assert.Equal(TreatmentAction.SdrFastTrack, stored.Action);
        Assert.StartsWith("dach-sdr-", stored.OwnerId, StringComparison.Ordinal);
        await db.RepStates.Where(s => s.RepId.StartsWith("dach-sdr-")).ExecuteUpdateAsync(s => s.SetProperty(r => r.OpenLeads, 0));
        return (lead, stored.OwnerId!, stored.OwnerId == "dach-sdr-1" ? "dach-sdr-2" : "dach-sdr-1");
    }

    /// <summary>A booked meeting of <paramref name="repId"/> over the whole UTC day (another buyer's): no slot left that day.</summary>
    private static async Task FillDayAsync(LeadRoutingApiFactory app, string repId, DateTime day)
    {
        var blocker = (await BuyersAsync(app, $"blocker-{repId}", 1)).Single();
        await using var db = await Db(app);
        var start = new DateTimeOffset(day, TimeSpan.Zero);
        db.Meetings.Add(new MeetingEntity
        {
            Id = $"mtg_blocker_{repId}",
            LeadId = blocker,
            RepId = repId,
            StartUtc = start,
            EndUtc = start.AddDays(1),
            Status = MeetingStatus.Booked,
            BuyerEmail = "blocker@example.test",
            CreatedAt = LeadRoutingApiFactory.Now,
        });
        await db.SaveChangesAsync();
    }

    private static async Task SetStateAsync(LeadRoutingApiFactory app, string repId, Availability availability, DateTimeOffset? until)
    {
        await using var db = await Db(app);
        if (await db.RepStates.Where(s => s.RepId == repId).ExecuteUpdateAsync(s => s.SetProperty(r => r.Availability, availability).SetProperty(r => r.OutOfOfficeUntil, until)) == 0)
        {
            db.RepStates.Add(new RepStateEntity { RepId = repId, Availability = availability, OutOfOfficeUntil = until });
            await db.SaveChangesAsync();
        }
    }

    private static async Task<List<BookingSlotView>> SlotsAsync(HttpClient client, string token, DateTime from, int days)
    {
        var at = new DateTimeOffset(from, TimeSpan.Zero).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        using var response = await client.GetAsync($"/api/book/{token}/slots?from={Uri.EscapeDataString(at)}&days={days}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<List<BookingSlotView>>())!;
    }

    private sealed record BookingSlotView(DateTimeOffset Start, DateTimeOffset End, string RepId);
}
