using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using LeadRouting.Web.Data;
using LeadRouting.Web.Data.Entities;
using LeadRouting.Web.Retention;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace LeadRouting.Tests.Retention;

/// <summary>
/// Retention beside the lead writer on one SQLite file: no acknowledged lead is lost and no write fails while batches
/// are deleted; the tables and the file itself shrink to what the periods allow; the scheduler runs the job.
/// </summary>
public sealed class RetentionUnderLoadTests
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    [Fact]
    public async Task Retention_running_while_leads_are_ingested_loses_no_acknowledged_lead_and_fails_no_write()
    {
        // Small batches without a pause: as many delete transactions as possible beside the writer's.
        using var app = RetentionTestKit.App(new Dictionary<string, string>
        {
            ["Retention:BatchSize"] = "25",
            ["Retention:PauseBetweenBatches"] = "00:00:00",
        });
        var now = app.Now();
        var oldMessages = await app.AddOutboxAsync(3_000, now - (40 * Day), processedAt: now - (40 * Day));
        await app.AddAuditEventsAsync(3_000, now - (800 * Day));
        var client = app.IngestClient();

        var acknowledged = new ConcurrentBag<string>();
        var refused = new ConcurrentBag<HttpStatusCode>();
        var ingesting = Parallel.ForEachAsync(Enumerable.Range(0, 300), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var response = await client.PostAsJsonAsync("/api/leads", RetentionTestKit.Lead($"load.{i}@retention-{i % 17}.example"), ct);
            if (response.StatusCode == HttpStatusCode.Created)
            {
                var body = (await response.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>(ct))!;
                acknowledged.Add((string)body["lead"]!["id"]!);
            }
            else
            {
                refused.Add(response.StatusCode);
            }
        });

        var reports = new List<RetentionReport>();
        while (!ingesting.IsCompleted)
        {
            reports.Add(await app.RunRetentionAsync());
        }

        await ingesting;
        reports.Add(await app.RunRetentionAsync());

        Assert.Empty(refused);
        Assert.Equal(300, acknowledged.Count);
        var stored = await app.WithDbAsync(db => db.Leads.Select(l => l.Id).ToListAsync());
        Assert.Empty(acknowledged.Except(stored));
        Assert.All(reports.SelectMany(r => r.Outcomes), o => Assert.Null(o.Error));
        Assert.Equal(3_000, reports.Sum(r => r.For(RetentionKind.ProcessedOutboxMessages)?.Removed ?? 0));
        Assert.False(await app.WithDbAsync(db => db.Outbox.AnyAsync(m => oldMessages.Contains(m.Id))));
        Assert.Equal(0, await app.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.Type == "RetentionTest")));
    }

    [Fact]
    public async Task After_the_periods_pass_outbox_deliveries_and_audit_rows_drop_to_what_the_periods_allow_and_the_file_shrinks()
    {
        var mail = Directory.CreateTempSubdirectory("leadrouting-retention-bounded-").FullName;
        try
        {
            using var app = RetentionTestKit.App(new Dictionary<string, string>
            {
                ["Notifications:DispatcherEnabled"] = "true",
                ["Notifications:PickupDirectory"] = mail,
            });
            var storage = app.Services.GetRequiredService<LeadRoutingStorage>();
            Assert.True(SqliteSpace.CanReclaim(storage), "a new database is created with auto_vacuum = INCREMENTAL");

            var client = app.IngestClient();
            var leads = new List<string>();
            for (var i = 0; i < 40; i++)
            {
                leads.Add(await client.IngestAsync($"bounded.{i}@bounded-{i}.example"));
            }

            // The dispatcher sends every notification (email to the mail sink) and marks the messages processed.
            await Eventually.HoldsAsync(
                () => app.WithDbAsync(async db => !await db.Outbox.AnyAsync(m => m.ProcessedAt == null)
                    && !await db.NotificationDeliveries.AnyAsync(d => d.Status == DeliveryStatus.Pending)),
                "every outbox message processed and every delivery finished");
            var deliveries = await app.WithDbAsync(db => db.NotificationDeliveries.CountAsync());
            Assert.True(deliveries > 0, "the leads were notified by email");
            // Padding, so the removed rows span many pages and the shrink is visible in the file.
            await app.AddAuditEventsAsync(20_000, app.Now());

            // Half the leads close; two and a half years later, everything but the open leads' history is past its period.
            var closing = app.Now();
            foreach (var id in leads.Take(20))
            {
                await app.CloseLeadAsync(id, closing);
            }

            app.Time.Advance(TimeSpan.FromDays(900));
            var openHistory = await app.WithDbAsync(db => db.AuditEvents.CountAsync(e => leads.Skip(20).Contains(e.LeadId!)));
            var pagesBefore = PageCount(storage);

            var report = await app.RunRetentionAsync();

            Assert.All(report.Outcomes, o => Assert.Null(o.Error));
            Assert.Equal(0, await app.WithDbAsync(db => db.Outbox.CountAsync()));
            Assert.Equal(0, await app.WithDbAsync(db => db.NotificationDeliveries.CountAsync()));
            Assert.Equal(openHistory, await app.WithDbAsync(db => db.AuditEvents.CountAsync()));
            Assert.True(openHistory > 0);
            Assert.True(report.PagesReclaimed > 0, "free pages given back");
            Assert.Equal(0, Scalar(storage, "PRAGMA freelist_count"));
            Assert.True(PageCount(storage) < pagesBefore, $"the database has fewer pages after retention ({PageCount(storage)} vs {pagesBefore})");
        }
        finally
        {
            Directory.Delete(mail, recursive: true);
        }
    }

    [Fact]
    public async Task The_scheduler_runs_the_retention_job_on_its_interval()
    {
        using var app = RetentionTestKit.App(new Dictionary<string, string>
        {
            ["Scheduling:Enabled"] = "true",
            ["Retention:Interval"] = "00:10:00",
        });
        var scheduler = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var job = await scheduler.GetJobDetail(RetentionJob.Key);
        Assert.NotNull(job);
        Assert.True(job.ConcurrentExecutionDisallowed);
        var trigger = Assert.IsAssignableFrom<ISimpleTrigger>(await scheduler.GetTrigger(RetentionJob.TriggerKey));
        Assert.Equal(TimeSpan.FromMinutes(10), trigger.RepeatInterval);

        // Written after the first fire was due: only a later fire, when the clock passes the interval, removes them.
        var now = app.Now();
        var old = await app.AddOutboxAsync(5, now - (40 * Day), processedAt: now - (40 * Day));
        await Eventually.HoldsAsync(
            async () =>
            {
                app.Time.Advance(TimeSpan.FromMinutes(10));
                return !await app.WithDbAsync(db => db.Outbox.AnyAsync(m => old.Contains(m.Id)));
            },
            "the retention job removed the old outbox messages");
    }

    private static long PageCount(LeadRoutingStorage storage) => Scalar(storage, "PRAGMA page_count");

    private static long Scalar(LeadRoutingStorage storage, string sql)
    {
        using var connection = storage.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
