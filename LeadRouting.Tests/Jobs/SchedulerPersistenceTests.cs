using LeadRouting.Tests.Api;
using LeadRouting.Web.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Quartz;

namespace LeadRouting.Tests.Jobs;

/// <summary>The job store: Quartz's tables in <c>scheduler.db</c>, the job and trigger stored once, across restarts.</summary>
public sealed class SchedulerPersistenceTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("leadrouting-jobstore-").FullName;

    private string Database => SchedulerDatabase.PathIn(_dataDirectory);

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    [Fact]
    public async Task Quartz_creates_its_tables_in_scheduler_db_and_stores_the_sweep_job_and_its_trigger()
    {
        await using (var host = await SchedulerHost.StartAsync(_dataDirectory))
        {
            await host.Sweep.WaitForCallsAsync(1, Timeout);
        }

        var tables = await SchedulerDatabase.TablesAsync(Database);
        Assert.Subset(tables.ToHashSet(), new HashSet<string>
        {
            "QRTZ_JOB_DETAILS", "QRTZ_TRIGGERS", "QRTZ_SIMPLE_TRIGGERS", "QRTZ_FIRED_TRIGGERS", "QRTZ_LOCKS", "QRTZ_SCHEDULER_STATE",
        });
        var jobClass = await SchedulerDatabase.ScalarAsync<string>(Database,
            "SELECT JOB_CLASS_NAME FROM QRTZ_JOB_DETAILS WHERE JOB_NAME = 'escalation-sweep' AND JOB_GROUP = 'sla'");
        Assert.StartsWith(typeof(EscalationSweepJob).FullName + ",", jobClass);
        Assert.Equal(1L, await SchedulerDatabase.ScalarAsync<long>(Database,
            "SELECT IS_NONCONCURRENT FROM QRTZ_JOB_DETAILS WHERE JOB_NAME = 'escalation-sweep'"));
        Assert.Equal(5000L, await SchedulerDatabase.ScalarAsync<long>(Database,
            "SELECT s.REPEAT_INTERVAL FROM QRTZ_SIMPLE_TRIGGERS s JOIN QRTZ_TRIGGERS t USING (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP) WHERE t.JOB_NAME = 'escalation-sweep'"));
        Assert.Equal((long)SimpleTriggerMisfireInstruction.NowWithExistingCount, await SchedulerDatabase.ScalarAsync<long>(Database,
            "SELECT MISFIRE_INSTR FROM QRTZ_TRIGGERS WHERE JOB_NAME = 'escalation-sweep'"));
    }

    [Fact]
    public async Task Starting_again_on_the_same_store_keeps_one_job_and_one_trigger_and_takes_a_changed_interval()
    {
        await using (var first = await SchedulerHost.StartAsync(_dataDirectory, intervalSeconds: 5))
        {
            await first.Sweep.WaitForCallsAsync(1, Timeout);
        }

        // Each restart a minute later (the clock moves on while the app is down).
        await using (var second = await SchedulerHost.StartAsync(_dataDirectory, intervalSeconds: 5, time: new(SchedulerHost.Start.AddMinutes(1))))
        {
            await second.Sweep.WaitForCallsAsync(1, Timeout);
        }

        await using (var third = await SchedulerHost.StartAsync(_dataDirectory, intervalSeconds: 7, time: new(SchedulerHost.Start.AddMinutes(2))))
        {
            await third.Sweep.WaitForCallsAsync(1, Timeout);
            var scheduler = await third.GetSchedulerAsync();
            var trigger = (ISimpleTrigger)(await scheduler.GetTrigger(SchedulingServiceCollectionExtensions.SweepTriggerKey))!;
            Assert.Equal(TimeSpan.FromSeconds(7), trigger.RepeatInterval);
        }

        Assert.Equal(1L, await SchedulerDatabase.ScalarAsync<long>(Database, "SELECT COUNT(*) FROM QRTZ_JOB_DETAILS"));
        Assert.Equal(1L, await SchedulerDatabase.ScalarAsync<long>(Database, "SELECT COUNT(*) FROM QRTZ_TRIGGERS"));
        Assert.Equal(7000L, await SchedulerDatabase.ScalarAsync<long>(Database, "SELECT REPEAT_INTERVAL FROM QRTZ_SIMPLE_TRIGGERS"));
    }

    [Fact]
    public async Task What_fell_due_while_the_app_was_down_is_swept_once_right_at_start_then_every_interval()
    {
        await using (var before = await SchedulerHost.StartAsync(_dataDirectory))
        {
            await before.Sweep.WaitForCallsAsync(1, Timeout);
        }

        // Down for ten minutes: 120 fires missed.
        var restart = SchedulerHost.Start.AddMinutes(10);
        await using var after = await SchedulerHost.StartAsync(_dataDirectory, time: new(restart));
        await after.Sweep.WaitForCallsAsync(1, Timeout);
        after.Time.Advance(TimeSpan.FromSeconds(5));
        await after.Sweep.WaitForCallsAsync(2, Timeout);

        Assert.Equal([restart, restart.AddSeconds(5)], after.Sweep.Calls.Take(2));
    }

    [Fact]
    public async Task In_the_app_the_scheduler_starts_after_the_lead_database_and_keeps_its_tables_out_of_it()
    {
        using var factory = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string> { ["Scheduling:Enabled"] = "true" });
        var scheduler = await factory.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        await Eventually.HoldsAsync(() => scheduler.Status == SchedulerStatus.Running, "the scheduler running", Timeout);

        var leadTables = await SchedulerDatabase.TablesAsync(Path.Combine(factory.DataDirectory, "leadrouting.db"));
        Assert.Contains("ConfigurationVersions", leadTables);
        Assert.DoesNotContain(leadTables, table => table.StartsWith("QRTZ_", StringComparison.Ordinal));
        Assert.Contains("QRTZ_TRIGGERS", await SchedulerDatabase.TablesAsync(SchedulerDatabase.PathIn(factory.DataDirectory)));
        var health = await factory.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.Equal(HealthStatus.Healthy, health.Entries["quartz-scheduler"].Status);
    }
}
