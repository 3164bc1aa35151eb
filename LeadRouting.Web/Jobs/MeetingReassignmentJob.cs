using LeadRouting.Web.Booking;
using Quartz;

namespace LeadRouting.Web.Jobs;

/// <summary>
/// Hands over booked meetings whose rep is out of office at their time (<see cref="MeetingReassignment"/>, issue 20)
/// every <c>MeetingReassignment:IntervalSeconds</c> (default 300), whichever path wrote the absence. Idempotent, so a
/// fire taken twice changes nothing twice.
/// </summary>
[DisallowConcurrentExecution]
public sealed class MeetingReassignmentJob(MeetingReassignment reassignment, ILogger<MeetingReassignmentJob> logger) : IJob
{
    public static readonly JobKey Key = new("meeting-reassignment", "booking");

    public static readonly TriggerKey TriggerKey = new("meeting-reassignment-every-interval", "booking");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var report = await reassignment.RunAsync(null, cancellationToken);
        logger.Log(report.Found > 0 ? LogLevel.Information : LogLevel.Debug, "Meetings of absent reps: {Report}.", report);
    }
}

public static class MeetingReassignmentSchedule
{
    /// <summary>The settings section: <c>Enabled</c> (default true) and <c>IntervalSeconds</c> (10 to 86,400; default 300).</summary>
    public const string Section = "MeetingReassignment";

    /// <summary>Adds <see cref="MeetingReassignmentJob"/> when booking is registered and the section does not switch it off; a misfire runs once at once.</summary>
    public static void AddMeetingReassignmentJob(this IQuartzBuilder quartz, IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        if (!section.GetValue("Enabled", true) || !services.Any(d => d.ServiceType == typeof(MeetingReassignment)))
        {
            return;
        }

        var interval = TimeSpan.FromSeconds(Math.Clamp(section.GetValue("IntervalSeconds", 300), 10, 86_400));
        quartz.AddJob<MeetingReassignmentJob>(job => job
            .WithIdentity(MeetingReassignmentJob.Key)
            .StoreDurably()
            .WithDescription("Hands booked meetings of reps out of office to a free rep of the lead's pool."));
        quartz.AddTrigger(trigger => trigger
            .ForJob(MeetingReassignmentJob.Key)
            .WithIdentity(MeetingReassignmentJob.TriggerKey)
            .StartNow()
            .WithSimpleSchedule(schedule => schedule
                .WithInterval(interval)
                .RepeatForever()
                .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NowWithExistingCount))
            .WithMisfireThreshold(interval)
            .WithDescription($"Every {interval.TotalSeconds:0} s"));
    }
}
