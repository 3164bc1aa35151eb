using LeadRouting.Core.Leads;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Data;
using LeadRouting.Web.Jobs;
using LeadRouting.Web.Leads;
using LeadRouting.Web.Live;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace LeadRouting.Tests.Jobs;

/// <summary>
/// The nudge sweep in the app's scheduler (issue 19 part 3): scheduled beside the escalation sweep with the same interval,
/// never overlapping, and the job sends what is due at the app's clock.
/// </summary>
public sealed class NudgeSweepJobTests
{
    [Fact]
    public async Task The_nudge_job_is_scheduled_every_interval_and_sends_what_is_due_at_the_apps_clock()
    {
        using var factory = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string> { ["Scheduling:Enabled"] = "true" });
        var scheduler = await factory.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        await Eventually.HoldsAsync(() => scheduler.Status == SchedulerStatus.Running, "the scheduler running");
        Assert.True((await scheduler.GetJobDetail(NudgeSweepJob.Key))!.ConcurrentExecutionDisallowed);
        var trigger = Assert.IsAssignableFrom<ISimpleTrigger>(await scheduler.GetTrigger(NudgeSweepJob.TriggerKey));
        Assert.Equal(TimeSpan.FromSeconds(5), trigger.RepeatInterval);
        // The run below is the test's own.
        await scheduler.PauseTrigger(NudgeSweepJob.TriggerKey);

        var result = await factory.Services.GetRequiredService<LeadIngestionService>().IngestAsync(new LeadSubmission
        {
            Email = "jana@nudge-job.de",
            FirstName = "Jana",
            LastName = "Job",
            Company = "Nudge Job GmbH",
            Country = "DE",
            Employees = 400,
            Industry = "Software",
            Source = SignalType.DemoRequest,
        }, "test", CancellationToken.None);

        // Half the 30-minute acceptance window; the escalation at 30 minutes is not due yet.
        factory.Time.Advance(TimeSpan.FromMinutes(16));

        await ActivatorUtilities.CreateInstance<NudgeSweepJob>(factory.Services).Execute(null!, CancellationToken.None);

        var dbFactory = factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>();
        await using var check = await dbFactory.CreateDbContextAsync();
        Assert.True(await check.LeadNudges.AnyAsync(n => n.LeadId == result.LeadId && n.Nudge.StartsWith("accept-50@")));
        Assert.True(await check.Outbox.AnyAsync(m => m.Type == nameof(LeadEventKind.Nudge) && m.Payload.Contains(result.LeadId!)));
    }
}
