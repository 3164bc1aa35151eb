using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Data.Backups;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace LeadRouting.Tests.Backups;

/// <summary>The scheduled backup: on the scheduler by default, off by a setting, and keeping the newest ones.</summary>
public sealed class DatabaseBackupJobTests
{
    [Fact]
    public async Task The_nightly_backup_is_scheduled_and_each_run_keeps_the_newest_backups_with_every_lead()
    {
        using var factory = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string>
        {
            ["Scheduling:Enabled"] = "true",
            ["Backups:Keep"] = "2",
        });
        var scheduler = await factory.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var trigger = Assert.IsAssignableFrom<ICronTrigger>(await scheduler.GetTrigger(DatabaseBackupJob.TriggerKey));
        Assert.Equal("0 30 2 * * ?", trigger.CronExpressionString);
        Assert.Equal(TimeZoneInfo.Utc, trigger.TimeZone);
        // The runs below are the test's own; the scheduler must not add one when the clock passes 02:30.
        await scheduler.PauseTrigger(DatabaseBackupJob.TriggerKey);

        using var api = factory.CreateApiClient("ingest");
        var job = ActivatorUtilities.CreateInstance<DatabaseBackupJob>(factory.Services);
        for (var night = 1; night <= 3; night++)
        {
            using var posted = await api.PostAsJsonAsync("/api/leads", new JsonObject { ["email"] = $"night{night}@backup-test.de", ["country"] = "DE", ["source"] = "DemoRequest" });
            Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
            await job.Execute(null!, CancellationToken.None);
            factory.Time.Advance(TimeSpan.FromDays(1));
        }

        var folder = Path.Combine(factory.DataDirectory, "backups");
        var kept = Directory.GetFiles(folder).Order().ToList();
        Assert.Equal(["leadrouting-20261201-150000.db", "leadrouting-20261202-150000.db"], kept.Select(Path.GetFileName));
        Assert.Equal(3, (await BackupDatabase.LeadIdsAsync(kept[^1])).Count);
        Assert.Equal(2, (await BackupDatabase.LeadIdsAsync(kept[0])).Count);
    }

    [Fact]
    public async Task A_failed_or_overdue_nightly_backup_shows_in_health_as_degraded_with_its_time_and_no_path()
    {
        // A file where the backup folder should be: the backup cannot be written, whoever runs the tests (root too).
        var folder = Path.Combine(Path.GetTempPath(), "leadrouting-backup-health-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(folder, "not a folder");
        try
        {
            using var factory = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string>
            {
                ["Scheduling:Enabled"] = "true",
                ["Backups:Directory"] = folder,
            });
            var scheduler = await factory.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
            await scheduler.PauseTrigger(DatabaseBackupJob.TriggerKey);
            using var http = factory.CreateClient();
            Assert.Equal("Healthy", await http.GetStringAsync("/health"));

            var job = ActivatorUtilities.CreateInstance<DatabaseBackupJob>(factory.Services);
            await job.Execute(null!, CancellationToken.None);
            using (var failed = await http.GetAsync("/health"))
            {
                // Degraded answers 200: a load balancer keeps routing leads to an instance whose backup failed.
                Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
                var text = await failed.Content.ReadAsStringAsync();
                Assert.StartsWith("Degraded\nbackups: The scheduled backup of 2026-11-30 15:00 UTC failed (", text);
                Assert.Contains("there is no good one yet", text);
                Assert.DoesNotContain(folder, text);
            }

            File.Delete(folder);
            factory.Time.Advance(TimeSpan.FromHours(1));
            await job.Execute(null!, CancellationToken.None);
            Assert.Equal("Healthy", await http.GetStringAsync("/health"));

            // Two nights and an hour without a backup (the scheduler paused, as if its job never ran): overdue.
            factory.Time.Advance(TimeSpan.FromHours(49) + TimeSpan.FromMinutes(1));
            Assert.Equal("Degraded\nbackups: No scheduled backup for 49 hours (0 30 2 * * ?, UTC); the last good one is of 2026-11-30 16:00 UTC.",
                await http.GetStringAsync("/health"));
        }
        finally
        {
            if (File.Exists(folder))
            {
                File.Delete(folder);
            }
            else if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Fact]
    public async Task Backups_switched_off_are_not_scheduled()
    {
        using var factory = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string>
        {
            ["Scheduling:Enabled"] = "true",
            ["Backups:Enabled"] = "false",
        });
        var scheduler = await factory.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

        Assert.Null(await scheduler.GetTrigger(DatabaseBackupJob.TriggerKey));
        Assert.NotNull(await scheduler.GetTrigger(LeadRouting.Web.Jobs.SchedulingServiceCollectionExtensions.SweepTriggerKey));
    }
}
