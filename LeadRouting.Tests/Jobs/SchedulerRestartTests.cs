using LeadRouting.Tests.EndToEnd;
using Microsoft.Data.Sqlite;

namespace LeadRouting.Tests.Jobs;

/// <summary>The real app as a process: killed and started again on the same data folder, it sweeps again at once.</summary>
[Slow(SlowBecause.AppProcess)]
public sealed class SchedulerRestartTests : IDisposable
{
    // The job logs every sweep at Debug ("Escalation sweep ran for …"); the test turns that category on and reads it.
    private static readonly Dictionary<string, string> SweepLog = new()
    {
        ["Logging__LogLevel__LeadRouting.Web.Jobs"] = "Debug",
    };

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("leadrouting-restart-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task After_a_hard_kill_and_a_restart_on_the_same_data_folder_the_first_sweep_runs_right_after_start()
    {
        using (var app = await AppProcess.StartAsync(_dataDirectory, AppProcess.StartTimeout, SweepLog))
        {
            await app.WaitForOutputAsync("Escalation sweep ran", TimeSpan.FromSeconds(30));
            // Possibly mid-sweep: the store still says the trigger is fired; the restart has to recover it.
            app.KillHard();
        }

        using (var restarted = await AppProcess.StartAsync(_dataDirectory, AppProcess.StartTimeout, SweepLog))
        {
            // A bound, not a measurement: the requirement is "within a minute", the interval is 5 s.
            await restarted.WaitForOutputAsync("Escalation sweep ran", TimeSpan.FromSeconds(30));
            // The nudge sweep's trigger fires in the real app too (its unit test runs the job by hand).
            await restarted.WaitForOutputAsync("Nudge sweep ran", TimeSpan.FromSeconds(30));
        }

        var database = SchedulerDatabase.PathIn(_dataDirectory);
        // The sweep, the nudge sweep, the retention job, the nightly backup, the calendar-feed refresh and the hand-over of
        // meetings of absent reps, each stored once however often the app restarts.
        Assert.Equal(6L, await SchedulerDatabase.ScalarAsync<long>(database, "SELECT COUNT(*) FROM QRTZ_JOB_DETAILS"));
        Assert.Equal(1L, await SchedulerDatabase.ScalarAsync<long>(database, "SELECT COUNT(*) FROM QRTZ_JOB_DETAILS WHERE JOB_NAME = 'escalation-sweep'"));
        Assert.Equal(6L, await SchedulerDatabase.ScalarAsync<long>(database, "SELECT COUNT(*) FROM QRTZ_TRIGGERS"));
    }
}
