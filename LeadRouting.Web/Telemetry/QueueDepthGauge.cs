using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;

namespace LeadRouting.Web.Telemetry;

/// <summary>
/// <c>leadrouting.queue.depth</c>: the open leads in the Unassigned and Manual review queues. A scrape or an export
/// reads the last count and never waits for the database; a count older than
/// <see cref="TelemetryOptions.QueueDepthRefreshSeconds"/> is refreshed in the background, one query at a time, so
/// scrapers however many and however often cost at most one indexed count per interval.
/// </summary>
public sealed class QueueDepthGauge : IHostedService, IDisposable
{
    private readonly IDbContextFactory<LeadRoutingDbContext> _dbFactory;
    private readonly TimeProvider _time;
    private readonly ILogger<QueueDepthGauge> _logger;
    private readonly TimeSpan _maxAge;
    private Meter? _meter;
    private long _unassigned;
    private long _manualReview;
    private long _countedAt = long.MinValue;
    private int _refreshing;

    public QueueDepthGauge(IDbContextFactory<LeadRoutingDbContext> dbFactory, IOptions<TelemetryOptions> options, ILogger<QueueDepthGauge> logger)
    {
        _dbFactory = dbFactory;
        // The age of a count is infrastructure timing on the real clock; tests fake the app's clock, not the scraper's.
        _time = TimeProvider.System;
        _logger = logger;
        _maxAge = TimeSpan.FromSeconds(options.Value.QueueDepthRefreshSeconds);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // A meter of this host's own, so a stopped host's gauge (tests run several in one process) leaves with it.
        _meter = new Meter(LeadRoutingMetrics.MeterName);
        _meter.CreateObservableGauge("leadrouting.queue.depth", Observe, "{lead}", "Open leads waiting in the Unassigned and Manual review queues.");
        RefreshIfStale();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _meter?.Dispose();

    private IEnumerable<Measurement<long>> Observe()
    {
        RefreshIfStale();
        return
        [
            new(Interlocked.Read(ref _unassigned), new KeyValuePair<string, object?>("queue", nameof(LeadStage.Unassigned))),
            new(Interlocked.Read(ref _manualReview), new KeyValuePair<string, object?>("queue", nameof(LeadStage.ManualReview))),
        ];
    }

    private void RefreshIfStale()
    {
        var countedAt = Interlocked.Read(ref _countedAt);
        if (countedAt != long.MinValue && _time.GetElapsedTime(countedAt) < _maxAge)
        {
            return;
        }

        if (Interlocked.CompareExchange(ref _refreshing, 1, 0) != 0)
        {
            return;
        }

        _ = Task.Run(RefreshAsync);
    }

    private async Task RefreshAsync()
    {
        try
        {
            await using var db = await _dbFactory.CreateDbContextAsync();
            var counts = await db.Leads.AsNoTracking()
                .Where(l => l.Stage == LeadStage.Unassigned || l.Stage == LeadStage.ManualReview)
                .GroupBy(l => l.Stage)
                .Select(g => new { Stage = g.Key, Count = g.LongCount() })
                .ToListAsync();
            Interlocked.Exchange(ref _unassigned, counts.FirstOrDefault(c => c.Stage == LeadStage.Unassigned)?.Count ?? 0);
            Interlocked.Exchange(ref _manualReview, counts.FirstOrDefault(c => c.Stage == LeadStage.ManualReview)?.Count ?? 0);
        }
        catch (Exception ex)
        {
            // A database away shows as the last known depth; the next scrape after the interval tries again.
            _logger.LogWarning(ex, "Counting the Unassigned and Manual review queues for telemetry failed; the last count stands.");
        }
        finally
        {
            Interlocked.Exchange(ref _countedAt, _time.GetTimestamp());
            Interlocked.Exchange(ref _refreshing, 0);
        }
    }
}
