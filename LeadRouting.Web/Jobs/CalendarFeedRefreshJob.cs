using LeadRouting.Web.Booking;
using Microsoft.Extensions.Options;
using Quartz;

namespace LeadRouting.Web.Jobs;

/// <summary>
/// Fetches every rep's calendar feed (<see cref="RepCalendarFeeds"/>, issue 20) every <c>CalendarFeeds:RefreshInterval</c>
/// (default 15 minutes). Each feed's row is written by a single update, so a fire taken twice only fetches twice.
/// </summary>
[DisallowConcurrentExecution]
public sealed class CalendarFeedRefreshJob(RepCalendarFeeds feeds, ILogger<CalendarFeedRefreshJob> logger) : IJob
{
    public static readonly JobKey Key = new("calendar-feed-refresh", "booking");

    public static readonly TriggerKey TriggerKey = new("calendar-feed-refresh-every-interval", "booking");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var report = await feeds.RefreshAllAsync(cancellationToken);
        logger.Log(report.Failed > 0 ? LogLevel.Warning : LogLevel.Debug, "Calendar feeds refreshed: {Report}.", report);
    }
}

public static class CalendarFeedSchedule
{
    /// <summary>Adds <see cref="CalendarFeedRefreshJob"/> when the feeds are registered and <c>CalendarFeeds:Enabled</c> is not false; a misfire runs once at once.</summary>
    public static void AddCalendarFeedJob(this IQuartzBuilder quartz, IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(CalendarFeedOptions.Section).Get<CalendarFeedOptions>() ?? new CalendarFeedOptions();
        if (!settings.Enabled || !services.Any(d => d.ServiceType == typeof(RepCalendarFeeds)))
        {
            return;
        }

        var interval = settings.RefreshInterval;
        quartz.AddJob<CalendarFeedRefreshJob>(job => job
            .WithIdentity(CalendarFeedRefreshJob.Key)
            .StoreDurably()
            .WithDescription("Fetches reps' calendar feeds (ICS) whose busy times booking leaves out."));
        quartz.AddTrigger(trigger => trigger
            .ForJob(CalendarFeedRefreshJob.Key)
            .WithIdentity(CalendarFeedRefreshJob.TriggerKey)
            .StartNow()
            .WithSimpleSchedule(schedule => schedule
                .WithInterval(interval)
                .RepeatForever()
                .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NowWithExistingCount))
            .WithMisfireThreshold(interval)
            .WithDescription($"Every {interval.TotalSeconds:0} s"));
    }
}
