using System.Diagnostics;
using System.Diagnostics.Metrics;
using LeadRouting.Web.Data;
using Microsoft.Extensions.Options;

namespace LeadRouting.Web.Retention;

/// <summary>
/// One retention run: each registered <see cref="IRetentionRule"/> whose kind has a period removes what is older than
/// <c>now − period</c>, batch by batch with a pause in between, then SQLite gives the freed pages back
/// (<see cref="SqliteSpace"/>). <see cref="RetentionJob"/> calls it on its schedule; "now" is the injected clock's.
/// </summary>
public sealed class RetentionRunner(
    IEnumerable<IRetentionRule> rules,
    IOptionsMonitor<RetentionOptions> options,
    LeadRoutingStorage storage,
    TimeProvider time,
    ILogger<RetentionRunner> logger)
{
    /// <summary>
    /// A run stops a kind after this many batches (the next run carries on), so a rule whose batches keep coming back
    /// full cannot hold the job for ever: 1,000 batches of 500 rows is half a million rows an hour.
    /// </summary>
    public const int MaxBatchesPerKind = 1_000;

    public async Task<RetentionReport> RunAsync(CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        if (!settings.Enabled)
        {
            return new RetentionReport([], 0);
        }

        var now = time.GetUtcNow();
        var outcomes = new List<RetentionOutcome>();
        foreach (var rule in rules)
        {
            if (settings.PeriodOf(rule.Kind) is not { } period)
            {
                continue;
            }

            var outcome = await RunRuleAsync(rule, now - period, settings, cancellationToken);
            outcomes.Add(outcome);
            logger.Log(
                outcome.Removed > 0 || outcome.Error is not null ? LogLevel.Information : LogLevel.Debug,
                "Retention removed {Removed} {Kind} older than {Cutoff:O} ({Period} kept) in {Batches} batch(es){Error}.",
                outcome.Removed, rule.Kind, outcome.Cutoff, period, outcome.Batches, outcome.Error is null ? "" : "; stopped: " + outcome.Error);
        }

        long pages = 0;
        if (!storage.IsPostgres && outcomes.Any(o => o.Removed > 0 && o.Kind != RetentionKind.MailSinkFiles))
        {
            try
            {
                pages = await SqliteSpace.ReclaimAsync(storage, settings.PauseBetweenBatches, cancellationToken);
                if (pages > 0)
                {
                    logger.LogInformation("Retention gave {Pages} free database pages back to the file system.", pages);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Nothing is lost: the free pages stay in the file and are reused by new rows; the next run tries again.
                logger.LogWarning(ex, "Giving free database pages back failed; the next retention run tries again.");
            }
        }

        return new RetentionReport(outcomes, pages);
    }

    private async Task<RetentionOutcome> RunRuleAsync(IRetentionRule rule, DateTimeOffset cutoff, RetentionOptions settings, CancellationToken cancellationToken)
    {
        var removed = 0L;
        var batches = 0;
        try
        {
            while (batches < MaxBatchesPerKind)
            {
                if (batches > 0)
                {
                    // Infrastructure timing on the real clock: the writer and the dispatcher get the database in between.
                    await Task.Delay(settings.PauseBetweenBatches, TimeProvider.System, cancellationToken);
                }

                var started = Stopwatch.GetTimestamp();
                var batch = await rule.RemoveBatchAsync(cutoff, settings.BatchSize, cancellationToken);
                Metrics.BatchDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("kind", rule.Kind.ToString()));
                if (batch.Found == 0)
                {
                    break;
                }

                batches++;
                removed += batch.Removed;
                Metrics.Removed.Add(batch.Removed, new KeyValuePair<string, object?>("kind", rule.Kind.ToString()));
                if (batch.Found < settings.BatchSize || batch.Removed == 0)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A locked or failing store stops this kind for this run only: what was removed stays removed, the rest is
            // older still at the next run. The other kinds run on.
            logger.LogWarning(ex, "Retention of {Kind} stopped after {Batches} batch(es); the next run carries on.", rule.Kind, batches);
            return new RetentionOutcome(rule.Kind, cutoff, removed, batches, ex.Message);
        }

        return new RetentionOutcome(rule.Kind, cutoff, removed, batches, null);
    }

    /// <summary>The retention instruments (meter <c>LeadRouting.Retention</c>).</summary>
    private static class Metrics
    {
        private static readonly Meter Meter = new("LeadRouting.Retention");
        public static readonly Counter<long> Removed = Meter.CreateCounter<long>("leadrouting.retention.removed", "{record}", "Records removed (or erased) by retention, by kind.");
        public static readonly Histogram<double> BatchDuration = Meter.CreateHistogram<double>("leadrouting.retention.batch.duration", "ms", "Time to find and remove one retention batch.");
    }
}

/// <summary>What a retention run did, per kind with a period, and the database pages it gave back.</summary>
public sealed record RetentionReport(IReadOnlyList<RetentionOutcome> Outcomes, long PagesReclaimed)
{
    public RetentionOutcome? For(RetentionKind kind) => Outcomes.FirstOrDefault(o => o.Kind == kind);
}

/// <summary>One kind's part of a run: records removed before <see cref="Cutoff"/>, in how many batches; the error that stopped it, if one did.</summary>
public sealed record RetentionOutcome(RetentionKind Kind, DateTimeOffset Cutoff, long Removed, int Batches, string? Error);
