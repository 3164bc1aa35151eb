using LeadRouting.Web.Hosting;
using LeadRouting.Web.Retention;
using Quartz;

namespace LeadRouting.Web.Jobs;

public static class SchedulingServiceCollectionExtensions
{
    public static readonly TriggerKey SweepTriggerKey = new("escalation-sweep-every-interval", "sla");

    /// <summary>
    /// Quartz with a persistent job store, running <see cref="EscalationSweepJob"/> every
    /// <c>Scheduling:SweepIntervalSeconds</c> (default 5) unless <c>Scheduling:Enabled</c> is false. The job runs
    /// whichever <see cref="IEscalationSweep"/> is registered (one line, before or after this call); without one it
    /// runs a stand-in that logs once and escalates nothing.
    /// </summary>
    /// <remarks>
    /// The job store is SQLite in its own file, <c>scheduler.db</c>, beside the lead database in
    /// <c>Storage:DataDirectory</c> (or <c>ConnectionStrings:Scheduler</c>): SQLite has one writer per file, and
    /// Quartz writes on every fire (acquire, fire, complete), which would otherwise queue behind lead ingestion.
    /// Quartz creates its own tables there from its own schema script when they are missing, when the scheduler
    /// starts, which is after the lead database was migrated (the hosted service starts after
    /// <c>InitializeLeadRoutingDatabaseAsync</c>). On PostgreSQL the store is clustered in the lead database
    /// (<see cref="UseJobStore"/>); the job and its trigger do not change.
    /// </remarks>
    public static IServiceCollection AddLeadRoutingScheduling(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var scheduling = services.AddSettings<SchedulingOptions>(configuration);
        if (!scheduling.Enabled)
        {
            return services;
        }

        var interval = TimeSpan.FromSeconds(scheduling.SweepIntervalSeconds);

        services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(scheduler =>
            {
                scheduler.InstanceName = "LeadRouting";
                // On shutdown the running sweep's CancellationToken is cancelled and the sweep is waited for: it
                // stops between leads, each of which is a transaction of its own.
                scheduler.ShutdownJobInterruption = ShutdownJobInterruption.WhenWaitingForJobs;
            });
            // No UseTimeProvider: Quartz 4 takes the TimeProvider registered in the container for its own clock,
            // so the trigger and the sweep's "now" come from the same clock (a FakeTimeProvider in tests).
            quartz.UsePersistentStore(store =>
            {
                store.ConfigureStore(options =>
                {
                    options.StoreJobDataAsStrings = true;
                    // A trigger that fell behind while nothing was firing (a stalled process, a suspended VM) is
                    // found by this scan; its default, a minute, would leave the sweep that long behind.
                    options.MisfireHandlerFrequency = interval;
                });
                UseJobStore(store, configuration, environment);
                store.ProvisionSchema();
            });

            quartz.AddJob<EscalationSweepJob>(job => job
                .WithIdentity(EscalationSweepJob.Key)
                .StoreDurably()
                .WithDescription("SLA escalation sweep: reassign or escalate leads whose EscalateAt has passed."));

            // Restarted with the same trigger key, the trigger is replaced (so a changed interval takes effect) but
            // keeps its firing history: its next fire is computed from the last one, not from "now".
            quartz.ConfigureOptions<QuartzOptions>(options =>
            {
                options.Scheduling.OverwriteExistingData = true;
                options.Scheduling.ScheduleTriggerRelativeToReplacedTrigger = true;
            });
            quartz.AddTrigger(trigger => trigger
                .ForJob(EscalationSweepJob.Key)
                .WithIdentity(SweepTriggerKey)
                .StartNow()
                .WithSimpleSchedule(schedule => schedule
                    .WithInterval(interval)
                    .RepeatForever()
                    // After downtime (or a sweep that ran longer than an interval) the missed fires are not
                    // replayed one by one: the sweep decides what is due from "now", so one run right away catches
                    // up everything and N runs would only repeat it. "Now with existing count" fires once, at once,
                    // and counts the next interval from there; the default for a repeating trigger ("next with
                    // remaining count") would wait for the next slot, and "ignore misfires" would fire N times.
                    .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NowWithExistingCount))
                // Late by more than one interval counts as a misfire (the store's default is a minute), so a short
                // outage also yields one catch-up run instead of a burst of late fires.
                .WithMisfireThreshold(interval)
                .WithDescription($"Every {interval.TotalSeconds:0} s"));

            Data.Backups.BackupSchedule.AddTo(quartz, services, configuration);
            quartz.AddRetentionJob(services, configuration);
            quartz.AddNudgeJob(services, configuration, interval);
            quartz.AddCalendarFeedJob(services, configuration);
            quartz.AddMeetingReassignmentJob(services, configuration);
            quartz.AddQuartzHealthChecks();
        });

        services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        return services;
    }

    /// <summary>How often a clustered scheduler records that it is alive; another takes over its triggers after this plus <see cref="ClusterCheckinMisfireThreshold"/>.</summary>
    public static readonly TimeSpan ClusterCheckinInterval = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan ClusterCheckinMisfireThreshold = TimeSpan.FromSeconds(10);

    private static void UseJobStore(IPersistentStoreBuilder store, IConfiguration configuration, IHostEnvironment environment)
    {
        var connectionString = configuration.GetConnectionString("Scheduler");
        if (Data.LeadRoutingStorage.ProviderFrom(configuration) == Data.StorageProvider.Postgres)
        {
            // Clustered in the lead database itself (its own qrtz_ tables): every instance runs a scheduler, each fire
            // of the sweep trigger is taken by one of them (row locks in the database), and when an instance stops
            // checking in, another recovers what it held. A dead instance's sweep therefore runs on a live one.
            store.UsePostgres(string.IsNullOrWhiteSpace(connectionString) ? configuration.GetConnectionString("LeadRouting")! : connectionString);
            store.UseClustering(cluster =>
            {
                cluster.CheckinInterval = ClusterCheckinInterval;
                cluster.CheckinMisfireThreshold = ClusterCheckinMisfireThreshold;
            });
            return;
        }

        if (string.IsNullOrWhiteSpace(connectionString))
        {
            var directory = Data.DataServiceCollectionExtensions.DataDirectory(configuration, environment);
            Data.OwnerOnlyStorage.CreateFolder(directory);
            // Quartz serializes its own access to a SQLite store in-process (one global gate); the timeout covers a
            // reader from outside (a backup, a test) holding the file for a moment.
            connectionString = $"Data Source={Path.Combine(directory, "scheduler.db")};Default Timeout=30";
        }

        Data.OwnerOnlyStorage.PrepareSqliteFile(connectionString);

        // SQLite cannot cluster (one writer per file, one process): one instance, one scheduler.
        store.UseSqlite(connectionString);
    }
}
