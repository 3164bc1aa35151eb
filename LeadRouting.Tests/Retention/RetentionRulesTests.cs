using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LeadRouting.Web.Data.Entities;
using LeadRouting.Web.Notifications;
using LeadRouting.Web.Retention;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LeadRouting.Tests.Retention;

/// <summary>
/// Each retention kind on a real SQLite file with the app's fake clock: exactly what is older than its period goes;
/// newer records, and records still in use (an unprocessed outbox message, a pending delivery, an open lead's history),
/// stay.
/// </summary>
public sealed class RetentionRulesTests
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    [Fact]
    public async Task Processed_outbox_messages_older_than_the_period_are_removed_and_newer_or_unprocessed_ones_kept()
    {
        using var app = RetentionTestKit.App();
        var now = app.Now();
        var old = await app.AddOutboxAsync(3, now - (40 * Day), processedAt: now - (31 * Day));
        var recent = await app.AddOutboxAsync(now - (40 * Day), processedAt: now - (29 * Day));
        var waitingForRetry = await app.AddOutboxAsync(now - (60 * Day), processedAt: null, nextAttemptAt: now + Day);
        var neverTried = await app.AddOutboxAsync(now - (60 * Day), processedAt: null);
        // Processed long ago, but a delivery of it is still pending: removing it would take the delivery with it.
        var withPendingDelivery = await app.AddOutboxAsync(now - (60 * Day), processedAt: now - (59 * Day));
        await app.AddDeliveryAsync(withPendingDelivery, DeliveryStatus.Pending, now - (59 * Day), now + Day, null, "rep@example.com");

        var report = await app.RunRetentionAsync();

        var left = await app.WithDbAsync(db => db.Outbox.Where(m => m.Type == "RetentionTest").Select(m => m.Id).ToListAsync());
        Assert.Equal(new[] { recent, waitingForRetry, neverTried, withPendingDelivery }.Order(), left.Order());
        Assert.Equal(3, report.For(RetentionKind.ProcessedOutboxMessages)!.Removed);
        Assert.All(old, id => Assert.DoesNotContain(id, left));
        Assert.Equal(1, await app.WithDbAsync(db => db.NotificationDeliveries.CountAsync()));
    }

    [Fact]
    public async Task Finished_deliveries_older_than_the_period_are_removed_and_pending_ones_kept()
    {
        using var app = RetentionTestKit.App();
        var now = app.Now();
        var message = await app.AddOutboxAsync(now - (200 * Day), processedAt: now - (200 * Day));
        await app.AddDeliveryAsync(message, DeliveryStatus.Delivered, now - (100 * Day), now - (100 * Day), now - (91 * Day), "old-delivered@example.com");
        await app.AddDeliveryAsync(message, DeliveryStatus.Failed, now - (100 * Day), now - (95 * Day), null, "old-failed@example.com");
        await app.AddDeliveryAsync(message, DeliveryStatus.Delivered, now - (100 * Day), now - (100 * Day), now - (89 * Day), "recent-delivered@example.com");
        await app.AddDeliveryAsync(message, DeliveryStatus.Failed, now - (100 * Day), now - (10 * Day), null, "recent-failed@example.com");
        await app.AddDeliveryAsync(message, DeliveryStatus.Pending, now - (200 * Day), now - (150 * Day), null, "old-pending@example.com");

        var report = await app.RunRetentionAsync();

        var left = await app.WithDbAsync(db => db.NotificationDeliveries.Select(d => d.Recipient).ToListAsync());
        Assert.Equal(["old-pending@example.com", "recent-delivered@example.com", "recent-failed@example.com"], left.Order());
        Assert.Equal(2, report.For(RetentionKind.NotificationDeliveries)!.Removed);
        // The message still has deliveries, so it stays although it was processed long ago.
        Assert.True(await app.WithDbAsync(db => db.Outbox.AnyAsync(m => m.Id == message)));
    }

    [Fact]
    public async Task A_processed_message_goes_in_the_same_run_as_its_last_finished_deliveries()
    {
        using var app = RetentionTestKit.App();
        var now = app.Now();
        var message = await app.AddOutboxAsync(now - (200 * Day), processedAt: now - (200 * Day));
        await app.AddDeliveryAsync(message, DeliveryStatus.Delivered, now - (200 * Day), now - (200 * Day), now - (200 * Day), "rep@example.com");

        await app.RunRetentionAsync();

        Assert.False(await app.WithDbAsync(db => db.Outbox.AnyAsync(m => m.Id == message)));
        Assert.False(await app.WithDbAsync(db => db.NotificationDeliveries.AnyAsync()));
    }

    [Fact]
    public async Task Audit_events_older_than_the_period_are_removed_but_the_history_of_open_and_recently_closed_leads_stays()
    {
        using var app = RetentionTestKit.App();
        var client = app.IngestClient();
        var open = await client.IngestAsync("open.retention@brightlabs.de");
        var closedLongAgo = await client.IngestAsync("closed.long.ago@brightlabs.de");
        var closedRecently = await client.IngestAsync("closed.recently@brightlabs.de");
        var now = app.Now();
        await app.CloseLeadAsync(closedLongAgo, now - (800 * Day));
        await app.CloseLeadAsync(closedRecently, now - (100 * Day));
        // Events written back then (an import of an old CRM export writes such history).
        var openOld = await app.AddAuditEventsAsync(2, now - (1000 * Day), open);
        var closedLongAgoOld = await app.AddAuditEventsAsync(2, now - (1000 * Day), closedLongAgo);
        var closedRecentlyOld = await app.AddAuditEventsAsync(2, now - (1000 * Day), closedRecently);
        var systemOld = await app.AddAuditEventsAsync(3, now - (731 * Day));
        var systemRecent = await app.AddAuditEventsAsync(1, now - (729 * Day));
        var before = await app.WithDbAsync(db => db.AuditEvents.Select(e => e.Id).ToListAsync());

        var report = await app.RunRetentionAsync();

        var left = await app.WithDbAsync(db => db.AuditEvents.Select(e => e.Id).ToListAsync());
        var removed = closedLongAgoOld.Concat(systemOld).ToList();
        Assert.Equal(before.Except(removed).Order(), left.Order());
        Assert.Equal(removed.Count, report.For(RetentionKind.AuditEvents)!.Removed);
        Assert.All(openOld.Concat(closedRecentlyOld).Concat(systemRecent), id => Assert.Contains(id, left));

        // The open lead's page still reads its whole history: the Routed event of today and the old ones.
        var read = (await client.GetFromJsonAsync<JsonObject>($"/api/leads/{open}"))!;
        var events = read["events"]!.AsArray();
        Assert.Contains(events, e => (string)e!["type"]! == "Routed");
        Assert.Equal(2, events.Count(e => (string)e!["type"]! == "RetentionTest"));
    }

    [Fact]
    public async Task Sent_nudges_and_used_links_go_after_the_period_once_no_deadline_of_their_lead_is_within_it()
    {
        // The scheduler off: the escalation sweep would otherwise reroute the leads whose deadlines the test moves.
        using var app = RetentionTestKit.App(new Dictionary<string, string> { ["Retention:BatchSize"] = "2", ["Scheduling:Enabled"] = "false" });
        var client = app.IngestClient();
        var past = await client.IngestAsync("deadlines.past@brightlabs.de");
        var running = await client.IngestAsync("deadlines.running@brightlabs.de");
        var now = app.Now();
        await app.SetDeadlinesAsync(past, respondBy: now - (40 * Day), escalateAt: now - (41 * Day));
        // Deadlines within the period: its links expired only 10 days ago, its response is due tomorrow.
        await app.SetDeadlinesAsync(running, respondBy: now + Day, escalateAt: now - (10 * Day));
        await app.AddNudgesAsync(past, now - (35 * Day), "accept-50@1", "accept-80@1", "respond-50@1");
        await app.AddNudgesAsync(past, now - (29 * Day), "respond-80@1");
        await app.AddNudgesAsync(running, now - (35 * Day), "respond-50@2");
        await app.AddLinkUseAsync("used-long-ago", past, now - (36 * Day));
        await app.AddLinkUseAsync("used-recently", past, now - (20 * Day));
        await app.AddLinkUseAsync("deadline-in-period", running, now - (36 * Day));

        var report = await app.RunRetentionAsync();

        Assert.Equal((3L, null), (report.For(RetentionKind.SentNudges)!.Removed, report.For(RetentionKind.SentNudges)!.Error));
        var nudges = await app.WithDbAsync(db => db.LeadNudges.Select(n => n.LeadId + "/" + n.Nudge).ToListAsync());
        Assert.Equal(new[] { $"{past}/respond-80@1", $"{running}/respond-50@2" }.Order(), nudges.Order());
        Assert.Equal((1L, null), (report.For(RetentionKind.UsedActionLinks)!.Removed, report.For(RetentionKind.UsedActionLinks)!.Error));
        Assert.Equal(["deadline-in-period", "used-recently"], (await app.WithDbAsync(db => db.ActionLinkUses.Select(u => u.Key).ToListAsync())).Order());
    }

    [Fact]
    public async Task A_backlog_of_95_old_rows_with_a_batch_size_of_10_is_removed_in_10_batches()
    {
        using var app = RetentionTestKit.App(new Dictionary<string, string> { ["Retention:BatchSize"] = "10" });
        var now = app.Now();
        await app.AddOutboxAsync(95, now - (40 * Day), processedAt: now - (40 * Day));
        var kept = await app.AddOutboxAsync(now - (40 * Day), processedAt: now - Day);

        var report = await app.RunRetentionAsync();

        var outcome = report.For(RetentionKind.ProcessedOutboxMessages)!;
        Assert.Equal((95L, 10, (string?)null), (outcome.Removed, outcome.Batches, outcome.Error));
        Assert.Equal([kept], await app.WithDbAsync(db => db.Outbox.Where(m => m.Type == "RetentionTest").Select(m => m.Id).ToListAsync()));

        var again = await app.RunRetentionAsync();
        Assert.Equal((0L, 0), (again.For(RetentionKind.ProcessedOutboxMessages)!.Removed, again.For(RetentionKind.ProcessedOutboxMessages)!.Batches));
    }

    [Fact]
    public async Task Mail_sink_files_older_than_the_period_are_removed_and_newer_ones_and_other_files_kept()
    {
        var mail = Directory.CreateTempSubdirectory("leadrouting-retention-mail-").FullName;
        try
        {
            using var app = RetentionTestKit.App(new Dictionary<string, string> { ["Notifications:PickupDirectory"] = mail });
            Assert.Equal(mail, Assert.IsType<PickupDirectoryEmailTransport>(app.Services.GetRequiredService<IEmailTransport>()).Directory);
            var now = app.Now();
            var files = new Dictionary<string, TimeSpan>
            {
                ["delivery-1.eml"] = 15 * Day,
                ["delivery-2.eml"] = 30 * Day,
                ["delivery-3.eml"] = 13 * Day,
                ["delivery-4.eml"] = TimeSpan.Zero,
                ["notes.txt"] = 400 * Day,
            };
            foreach (var (name, age) in files)
            {
                var path = Path.Combine(mail, name);
                await File.WriteAllTextAsync(path, "Subject: test\r\n\r\nbody");
                File.SetLastWriteTimeUtc(path, (now - age).UtcDateTime);
            }

            var report = await app.RunRetentionAsync();

            Assert.Equal(["delivery-3.eml", "delivery-4.eml", "notes.txt"], Directory.EnumerateFiles(mail).Select(Path.GetFileName).Order());
            Assert.Equal(2, report.For(RetentionKind.MailSinkFiles)!.Removed);
        }
        finally
        {
            Directory.Delete(mail, recursive: true);
        }
    }

    [Fact]
    public async Task Closed_leads_past_the_period_and_not_yet_erased_are_handed_to_the_eraser_once()
    {
        var eraser = new RecordingEraser();
        using var app = RetentionTestKit.App(ClosedAfter730Days, s => s.AddSingleton<IClosedLeadEraser>(eraser));
        var client = app.IngestClient();
        var open = await client.IngestAsync("open.erase@brightlabs.de");
        var first = await client.IngestAsync("closed.first@brightlabs.de");
        var second = await client.IngestAsync("closed.second@brightlabs.de");
        var recent = await client.IngestAsync("closed.recent@brightlabs.de");
        var erasedBefore = await client.IngestAsync("closed.erased@brightlabs.de");
        var now = app.Now();
        await app.CloseLeadAsync(first, now - (900 * Day));
        await app.CloseLeadAsync(second, now - (731 * Day));
        await app.CloseLeadAsync(recent, now - (729 * Day));
        await app.CloseLeadAsync(erasedBefore, now - (1000 * Day));
        await app.WithDbAsync(db => db.Leads.Where(l => l.Id == erasedBefore).ExecuteUpdateAsync(s => s.SetProperty(l => l.Email, RecordingEraser.ErasedEmail)));

        var report = await app.RunRetentionAsync();

        Assert.Equal([first, second], Assert.Single(eraser.Batches));
        Assert.Equal(2, report.For(RetentionKind.ClosedLeadsPersonalData)!.Removed);
        Assert.DoesNotContain(open, eraser.Batches.SelectMany(b => b));

        // The eraser marked them: the next run finds nothing to hand over.
        await app.WithDbAsync(db => db.Leads.Where(l => l.Id == first || l.Id == second).ExecuteUpdateAsync(s => s.SetProperty(l => l.Email, RecordingEraser.ErasedEmail)));
        var again = await app.RunRetentionAsync();
        Assert.Single(eraser.Batches);
        Assert.Equal(0, again.For(RetentionKind.ClosedLeadsPersonalData)!.Removed);
    }

    [Fact]
    public async Task The_app_erases_closed_leads_past_the_period_with_the_privacy_eraser_and_keeps_the_lead()
    {
        using var app = RetentionTestKit.App(ClosedAfter730Days);
        var client = app.IngestClient();
        var old = await client.IngestAsync("closed.long.ago@brightlabs.de");
        var recent = await client.IngestAsync("closed.lately@brightlabs.de");
        await app.CloseLeadAsync(old, app.Now() - (800 * Day));
        await app.CloseLeadAsync(recent, app.Now() - (10 * Day));

        var report = await app.RunRetentionAsync();
        var again = await app.RunRetentionAsync();

        Assert.Equal(1, report.For(RetentionKind.ClosedLeadsPersonalData)!.Removed);
        Assert.Equal(0, again.For(RetentionKind.ClosedLeadsPersonalData)!.Removed);
        var erased = await app.WithDbAsync(db => db.Leads.Where(l => l.Id == old).SingleAsync());
        Assert.EndsWith("@" + LeadRouting.Web.Privacy.PersonalDataEraser.PlaceholderDomain, erased.Email, StringComparison.Ordinal);
        Assert.NotNull(erased.ErasedAt);
        Assert.Null(erased.LastName);
        Assert.Equal(LeadRouting.Core.Leads.SignalType.DemoRequest, erased.Source);
        Assert.Equal("closed.lately@brightlabs.de", await app.WithDbAsync(db => db.Leads.Where(l => l.Id == recent).Select(l => l.Email).SingleAsync()));
        Assert.Equal(1, await app.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.Type == LeadRouting.Web.Privacy.PersonalDataEraser.AuditType && e.Actor == LeadRouting.Web.Privacy.PersonalDataEraser.RetentionActor)));
    }

    [Fact]
    public async Task Without_an_eraser_closed_leads_are_kept_as_they_are()
    {
        using var app = RetentionTestKit.App(ClosedAfter730Days, s => s.RemoveAll<IClosedLeadEraser>());
        var client = app.IngestClient();
        var closed = await client.IngestAsync("closed.kept@brightlabs.de");
        await app.CloseLeadAsync(closed, app.Now() - (900 * Day));

        var report = await app.RunRetentionAsync();

        Assert.Equal(0, report.For(RetentionKind.ClosedLeadsPersonalData)!.Removed);
        Assert.Equal("closed.kept@brightlabs.de", await app.WithDbAsync(db => db.Leads.Where(l => l.Id == closed).Select(l => l.Email).SingleAsync()));
    }

    private static readonly Dictionary<string, string> ClosedAfter730Days = new() { [RetentionTestKit.ClosedLeads] = "730" };

    /// <summary>
    /// Stands in for the privacy feature's eraser, to test the selection alone: it records the batches it is handed and
    /// erases nothing itself (the test marks leads erased where it needs to).
    /// </summary>
    private sealed class RecordingEraser : IClosedLeadEraser
    {
        public const string ErasedEmail = "erased@erased.invalid";

        public List<IReadOnlyList<string>> Batches { get; } = [];

        public string NotErasedCondition => $"\"Email\" <> '{ErasedEmail}'";

        public Task<int> EraseAsync(IReadOnlyList<string> leadIds, CancellationToken cancellationToken)
        {
            lock (Batches)
            {
                Batches.Add(leadIds);
            }

            return Task.FromResult(leadIds.Count);
        }
    }
}
