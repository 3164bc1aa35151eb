using LeadRouting.Web.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Quartz;

namespace LeadRouting.Web.Data.Backups;

/// <summary>Puts <see cref="DatabaseBackupJob"/> on the scheduler (<see cref="BackupOptions"/>), for SQLite only.</summary>
public static class BackupSchedule
{
    public static void AddTo(IQuartzBuilder quartz, IServiceCollection services, IConfiguration configuration)
    {
        var backups = services.AddSettings<BackupOptions>(configuration);
        // Only beside a SQLite store registered before the scheduler: a host with the scheduler alone (the scheduling
        // tests) gets no job it could not run.
        if (!backups.Enabled || services.All(d => d.ServiceType != typeof(LeadRoutingStorage)) || LeadRoutingStorage.ProviderFrom(configuration) != StorageProvider.Sqlite)
        {
            return;
        }

        services.AddSingleton<BackupHealth>();
        services.AddHealthChecks().AddCheck<BackupHealthCheck>("backups", HealthStatus.Degraded);
        quartz.AddJob<DatabaseBackupJob>(job => job
            .WithIdentity(DatabaseBackupJob.Key)
            .StoreDurably()
            .WithDescription("Online backup of the SQLite database into the backup folder."));
        quartz.AddTrigger(trigger => trigger
            .ForJob(DatabaseBackupJob.Key)
            .WithIdentity(DatabaseBackupJob.TriggerKey)
            // A backup missed while the app was down runs once at the next start, not once per missed night.
            .WithCronSchedule(backups.Schedule, cron => cron.InTimeZone(TimeZoneInfo.Utc).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
            .WithDescription($"Cron \"{backups.Schedule}\" (UTC), keeps {backups.Keep}"));
    }
}
