using LeadRouting.Web.Jobs;
using Quartz;

namespace LeadRouting.Tests.Jobs;

/// <summary>
/// The escalation job on the real scheduler and its SQLite store, driven by a fake clock: Quartz takes the
/// <see cref="TimeProvider"/> registered in DI for its own clock, so moving that clock is what makes the trigger fire.
/// </summary>
public sealed class EscalationSweepJobTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("leadrouting-jobs-").FullName;

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    [Fact]
    public async Task The_sweep_runs_at_start_and_again_each_time_the_clock_passes_the_interval()
    {
        await using var host = await SchedulerHost.StartAsync(_dataDirectory);

        await host.Sweep.WaitForCallsAsync(1, Timeout);
        host.Time.Advance(Interval);
        await host.Sweep.WaitForCallsAsync(2, Timeout);
        host.Time.Advance(Interval);
        await host.Sweep.WaitForCallsAsync(3, Timeout);

        Assert.Equal(
            [SchedulerHost.Start, SchedulerHost.Start + Interval, SchedulerHost.Start + (2 * Interval)],
            host.Sweep.Calls.Take(3));
    }

    [Fact]
    public async Task The_sweep_is_handed_the_time_of_the_TimeProvider_registered_in_DI()
    {
        var instant = new DateTimeOffset(2031, 2, 3, 4, 5, 6, TimeSpan.Zero);
        await using var host = await SchedulerHost.StartAsync(_dataDirectory, time: new(instant));

        await host.Sweep.WaitForCallsAsync(1, Timeout);

        Assert.Equal(instant, host.Sweep.Calls[0]);
    }

    [Fact]
    public async Task MoreDue_runs_the_sweep_again_at_once_without_waiting_for_the_clock()
    {
        await using var host = await SchedulerHost.StartAsync(_dataDirectory);
        host.Sweep.AnswerNext(
            new EscalationSweepResult { Reassigned = 100, MoreDue = true },
            new EscalationSweepResult { Escalated = 100, MoreDue = true },
            new EscalationSweepResult { Unassigned = 3 });

        // The clock never moves: every call after the first comes from MoreDue, none from the trigger.
        await host.Sweep.WaitForCallsAsync(3, Timeout);

        Assert.All(host.Sweep.Calls, now => Assert.Equal(SchedulerHost.Start, now));
        Assert.Equal(1, host.Sweep.MaxConcurrentCalls);
    }

    [Fact]
    public async Task A_sweep_that_always_reports_more_due_is_run_a_bounded_number_of_times_per_fire()
    {
        await using var host = await SchedulerHost.StartAsync(_dataDirectory);
        var alwaysMore = new EscalationSweepResult { MoreDue = true };
        host.Sweep.AnswerNext([.. Enumerable.Repeat(alwaysMore, 2 * EscalationSweepJob.MaxBatchesPerRun)]);

        await host.Sweep.WaitForCallsAsync(EscalationSweepJob.MaxBatchesPerRun, Timeout);
        host.Time.Advance(Interval);
        await host.Sweep.WaitForCallsAsync(EscalationSweepJob.MaxBatchesPerRun + 1, Timeout);

        // The first fire stopped after the bound; the next batch came from the next fire, at the next instant.
        var calls = host.Sweep.Calls;
        Assert.All(calls.Take(EscalationSweepJob.MaxBatchesPerRun), now => Assert.Equal(SchedulerHost.Start, now));
        Assert.Equal(SchedulerHost.Start + Interval, calls[EscalationSweepJob.MaxBatchesPerRun]);
    }

    [Fact]
    public async Task A_slow_sweep_blocks_the_trigger_so_two_fires_never_overlap_and_the_missed_fires_run_once()
    {
        await using var host = await SchedulerHost.StartAsync(_dataDirectory);
        var scheduler = await host.GetSchedulerAsync();
        await host.Sweep.WaitForCallsAsync(1, Timeout);
        var slow = host.Sweep.HoldNextCall();
        host.Time.Advance(Interval);
        await host.Sweep.WaitForCallsAsync(2, Timeout);

        // While the sweep runs, three more intervals pass; [DisallowConcurrentExecution] holds the trigger back.
        Assert.True((await scheduler.GetJobDetail(EscalationSweepJob.Key))!.ConcurrentExecutionDisallowed);
        Assert.Equal(TriggerState.Executing, await scheduler.GetTriggerState(SchedulingServiceCollectionExtensions.SweepTriggerKey));
        Assert.Equal("BLOCKED", await SchedulerDatabase.ScalarAsync<string>(
            SchedulerDatabase.PathIn(_dataDirectory), "SELECT TRIGGER_STATE FROM QRTZ_TRIGGERS"));
        host.Time.Advance(3 * Interval);
        Assert.Equal(2, host.Sweep.Calls.Count);
        slow.SetResult();

        // Released: one catch-up run at the current instant, then the schedule goes on from there.
        await host.Sweep.WaitForCallsAsync(3, Timeout);
        host.Time.Advance(Interval);
        await host.Sweep.WaitForCallsAsync(4, Timeout);

        var calls = host.Sweep.Calls;
        Assert.Equal(SchedulerHost.Start + (4 * Interval), calls[2]);
        Assert.Equal(SchedulerHost.Start + (5 * Interval), calls[3]);
        Assert.Equal(1, host.Sweep.MaxConcurrentCalls);
    }

    [Fact]
    public async Task After_the_clock_jumps_many_intervals_the_sweep_runs_once_not_once_per_missed_interval()
    {
        await using var host = await SchedulerHost.StartAsync(_dataDirectory);
        await host.Sweep.WaitForCallsAsync(1, Timeout);

        // Ten minutes without a fire (120 intervals missed), as after a suspended machine; then time goes on.
        host.Time.Advance(TimeSpan.FromMinutes(10));
        await LetTimeFlowUntilCallsAsync(host, 2);
        var caughtUp = host.Sweep.Calls[1];
        host.Time.Advance(Interval);
        await LetTimeFlowUntilCallsAsync(host, 3);

        // One catch-up run soon after the jump (the misfire scan runs every interval), then the next one an
        // interval later: the 120 missed fires were not replayed.
        var afterJump = SchedulerHost.Start + TimeSpan.FromMinutes(10);
        Assert.InRange(caughtUp, afterJump, afterJump + (2 * Interval));
        Assert.True(host.Sweep.Calls[2] >= caughtUp + Interval, $"second call at {host.Sweep.Calls[2]:O}, catch-up at {caughtUp:O}");
    }

    /// <summary>
    /// Moves the fake clock on in one-second steps, as real time would, until the sweep has been called
    /// <paramref name="count"/> times: for what Quartz does on its own schedule (the misfire scan) rather than at an
    /// instant the test can name. Bounded in steps and in real time.
    /// </summary>
    private static async Task LetTimeFlowUntilCallsAsync(SchedulerHost host, int count)
    {
        var reached = host.Sweep.CallsReached(count);
        for (var step = 0; step < 30 && !reached.IsCompleted; step++)
        {
            await Task.WhenAny(reached, Task.Delay(TimeSpan.FromMilliseconds(200)));
            if (!reached.IsCompleted)
            {
                host.Time.Advance(TimeSpan.FromSeconds(1));
            }
        }

        await reached.WaitAsync(Timeout);
    }
}
