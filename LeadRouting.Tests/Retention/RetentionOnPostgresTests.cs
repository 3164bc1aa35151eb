using LeadRouting.Tests.ScaleOut;
using LeadRouting.Web.Data.Entities;
using LeadRouting.Web.Retention;
using Microsoft.EntityFrameworkCore;

namespace LeadRouting.Tests.Retention;

/// <summary>The retention statements on PostgreSQL: the same rules remove the same rows there.</summary>
[Collection(ScaleOutCollection.Name)]
[Slow(SlowBecause.PostgreSql, SlowBecause.Redis)]
public sealed class RetentionOnPostgresTests(ScaleOutServers servers)
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    [Fact]
    public async Task Each_kind_removes_exactly_what_is_older_than_its_period_on_PostgreSQL()
    {
        var connectionString = await servers.Postgres.CreateDatabaseAsync("retention_rules");
        using var app = RetentionTestKit.App(new Dictionary<string, string>
        {
            ["Storage:Provider"] = "Postgres",
            ["ConnectionStrings:LeadRouting"] = connectionString,
            ["Retention:BatchSize"] = "2",
            // The escalation sweep would otherwise reroute the leads whose deadlines the test moves.
            ["Scheduling:Enabled"] = "false",
        });
        var client = app.IngestClient();
        var open = await client.IngestAsync("open.pg@brightlabs.de");
        var closed = await client.IngestAsync("closed.pg@brightlabs.de");
        var now = app.Now();
        await app.CloseLeadAsync(closed, now - (800 * Day));
        var openHistory = await app.AddAuditEventsAsync(2, now - (1000 * Day), open);
        var closedHistory = await app.AddAuditEventsAsync(2, now - (1000 * Day), closed);
        var oldMessages = await app.AddOutboxAsync(5, now - (40 * Day), processedAt: now - (40 * Day));
        var unprocessed = await app.AddOutboxAsync(now - (60 * Day), processedAt: null);
        var withPending = await app.AddOutboxAsync(now - (60 * Day), processedAt: now - (60 * Day));
        await app.AddDeliveryAsync(withPending, DeliveryStatus.Pending, now - (60 * Day), now + Day, null, "pending@example.com");
        await app.AddDeliveryAsync(withPending, DeliveryStatus.Delivered, now - (100 * Day), now - (100 * Day), now - (100 * Day), "old@example.com");
        await app.SetDeadlinesAsync(closed, respondBy: now - (800 * Day), escalateAt: now - (800 * Day));
        await app.AddNudgesAsync(closed, now - (800 * Day), "accept-50@1", "accept-80@1", "respond-50@1");
        await app.SetDeadlinesAsync(open, respondBy: now + Day, escalateAt: now);
        await app.AddNudgesAsync(open, now - (800 * Day), "accept-50@2");
        await app.AddLinkUseAsync("pg-old", closed, now - (800 * Day));
        await app.AddLinkUseAsync("pg-other", closed, now - (700 * Day));
        await app.AddLinkUseAsync("pg-open", open, now - Day);

        var report = await app.RunRetentionAsync();

        Assert.All(report.Outcomes, o => Assert.Null(o.Error));
        Assert.Equal((5L, 3), (report.For(RetentionKind.ProcessedOutboxMessages)!.Removed, report.For(RetentionKind.ProcessedOutboxMessages)!.Batches));
        var outbox = await app.WithDbAsync(db => db.Outbox.Where(m => m.Type == "RetentionTest").Select(m => m.Id).ToListAsync());
        Assert.Equal(new[] { unprocessed, withPending }.Order(), outbox.Order());
        Assert.Equal(["pending@example.com"], await app.WithDbAsync(db => db.NotificationDeliveries.Select(d => d.Recipient).ToListAsync()));
        var events = await app.WithDbAsync(db => db.AuditEvents.Where(e => e.Type == "RetentionTest").Select(e => e.Id).ToListAsync());
        Assert.Equal(openHistory.Order(), events.Order());
        Assert.All(closedHistory, id => Assert.DoesNotContain(id, events));
        Assert.All(oldMessages, id => Assert.DoesNotContain(id, outbox));
        // Composite keys (LeadNudges) and text keys (ActionLinkUses) in batches of two; the open lead's deadline is today.
        Assert.Equal([$"{open}/accept-50@2"], await app.WithDbAsync(db => db.LeadNudges.Select(n => n.LeadId + "/" + n.Nudge).ToListAsync()));
        Assert.Equal(["pg-open"], await app.WithDbAsync(db => db.ActionLinkUses.Select(u => u.Key).ToListAsync()));
    }
}
