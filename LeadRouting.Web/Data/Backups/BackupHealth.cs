using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Quartz;

namespace LeadRouting.Web.Data.Backups;

/// <summary>
/// What the scheduled backups did last, for <see cref="BackupHealthCheck"/>: a nightly backup that fails is otherwise
/// only an error line in a log nobody reads until the night the backup is needed.
/// </summary>
public sealed class BackupHealth(TimeProvider time)
{
    private readonly Lock _lock = new();

    /// <summary>When this process started watching: a fresh install has no backup, and is not overdue before its first.</summary>
    public DateTimeOffset Started { get; } = time.GetUtcNow();

    private DateTimeOffset? _lastSuccess;
    private (DateTimeOffset At, string Kind)? _lastFailure;
    private bool _folderRead;

    public void RecordSuccess(DateTimeOffset at)
    {
        lock (_lock)
        {
            _lastSuccess = at;
            _folderRead = true;
        }
    }

    public void RecordFailure(DateTimeOffset at, Exception error)
    {
        lock (_lock)
        {
            _lastFailure = (at, error.GetType().Name);
        }
    }

    /// <summary>
    /// The last good backup — this process's, else the newest scheduled file in <paramref name="folder"/> (read once: a
    /// restart must not forget last night's) — and the last failure if it came after it.
    /// </summary>
    public (DateTimeOffset? LastSuccess, (DateTimeOffset At, string Kind)? FailureSince) Read(string folder)
    {
        lock (_lock)
        {
            if (!_folderRead)
            {
                _lastSuccess = NewestIn(folder);
                _folderRead = true;
            }

            var failure = _lastFailure is { } f && (_lastSuccess is not { } ok || f.At > ok) ? _lastFailure : null;
            return (_lastSuccess, failure);
        }
    }

    /// <summary>The time in the name of the newest scheduled backup (<c>leadrouting-yyyyMMdd-HHmmss.db</c>, UTC).</summary>
    public static DateTimeOffset? NewestIn(string folder)
    {
        if (!System.IO.Directory.Exists(folder))
        {
            return null;
        }

        DateTimeOffset? newest = null;
        foreach (var file in System.IO.Directory.EnumerateFiles(folder, DatabaseBackupJob.FilePrefix + "*.db"))
        {
            var stamp = Path.GetFileNameWithoutExtension(file)[DatabaseBackupJob.FilePrefix.Length..];
            if (DateTimeOffset.TryParseExact(stamp, "yyyyMMdd-HHmmss", CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at) && (newest is null || at > newest))
            {
                newest = at;
            }
        }

        return newest;
    }
}

/// <summary>
/// <c>backups</c> in /health: Degraded — never Unhealthy, routing does not need a backup — when the last scheduled
/// backup failed, or when none succeeded for two schedule periods (plus an hour for the backup itself) although the app
/// ran that long. The reason names times and the error's type, no path: /health is open to anyone; the log has the rest.
/// </summary>
public sealed class BackupHealthCheck(
    BackupHealth health,
    IOptions<BackupOptions> options,
    IConfiguration configuration,
    IHostEnvironment environment,
    TimeProvider time) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var (lastSuccess, failure) = health.Read(settings.DirectoryFor(DataServiceCollectionExtensions.DataDirectory(configuration, environment)));
        var last = lastSuccess is { } ok ? $"the last good one is of {ok:yyyy-MM-dd HH:mm} UTC" : "there is no good one yet";
        if (failure is { } f)
        {
            return Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus,
                $"The scheduled backup of {f.At:yyyy-MM-dd HH:mm} UTC failed ({f.Kind}); {last}. The log says why."));
        }

        var now = time.GetUtcNow();
        var overdue = 2 * Period(settings.Schedule, now) + TimeSpan.FromHours(1);
        if (now - (lastSuccess ?? health.Started) > overdue)
        {
            return Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus,
                $"No scheduled backup for {overdue.TotalHours:0} hours ({settings.Schedule}, UTC); {last}."));
        }

        return Task.FromResult(HealthCheckResult.Healthy(lastSuccess is { } good ? $"Last backup {good:yyyy-MM-dd HH:mm} UTC." : "No backup due yet."));
    }

    /// <summary>The time between the schedule's next two runs (a day for the default).</summary>
    public static TimeSpan Period(string schedule, DateTimeOffset now)
    {
        var cron = new CronExpression(schedule, TimeZoneInfo.Utc);
        return cron.GetNextValidTimeAfter(now) is { } next && cron.GetNextValidTimeAfter(next) is { } after ? after - next : TimeSpan.FromDays(1);
    }
}
