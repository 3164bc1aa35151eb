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
