using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;

namespace LeadRouting.Web.Telemetry;

/// <summary>
/// <c>leadrouting.queue.depth</c>: the open leads in the Unassigned and Manual review queues. A scrape or an export
/// reads the last count and never waits for the database; a loop of its own counts again every
/// <see cref="TelemetryOptions.QueueDepthRefreshSeconds"/> (one indexed count), so scrapers however many and however
/// often add no query.
/// </summary>
public sealed class QueueDepthGauge : BackgroundService
{
    private readonly IDbContextFactory<LeadRoutingDbContext> _dbFactory;
    private readonly ILogger<QueueDepthGauge> _logger;
    private readonly TimeSpan _interval;
    private readonly Meter _meter;
    private long _unassigned;
    private long _manualReview;
    private bool _failing;

    public QueueDepthGauge(IDbContextFactory<LeadRoutingDbContext> dbFactory, IOptions<TelemetryOptions> options, ILogger<QueueDepthGauge> logger)
    {
        _dbFactory = dbFactory;
        _logger = logger;
        _interval = TimeSpan.FromSeconds(options.Value.QueueDepthRefreshSeconds);
        // A meter of this host's own, so a stopped host's gauge (tests run several in one process) leaves with it.
        _meter = new Meter(LeadRoutingMetrics.MeterName);
        _meter.CreateObservableGauge("leadrouting.queue.depth", Observe, "{lead}", "Open leads waiting in the Unassigned and Manual review queues.");
    }

    public override void Dispose()
    {
        base.Dispose();
        _meter.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Infrastructure timing on the real clock: tests fake the app's clock, not the scraper's.
        using var timer = new PeriodicTimer(_interval, TimeProvider.System);
        do
        {
            await CountAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private IEnumerable<Measurement<long>> Observe() =>
    [
        new(Interlocked.Read(ref _unassigned), new KeyValuePair<string, object?>("queue", nameof(LeadStage.Unassigned))),
        new(Interlocked.Read(ref _manualReview), new KeyValuePair<string, object?>("queue", nameof(LeadStage.ManualReview))),
    ];

    private async Task CountAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
            var counts = await db.Leads.AsNoTracking()
                .Where(l => l.Stage == LeadStage.Unassigned || l.Stage == LeadStage.ManualReview)
                .GroupBy(l => l.Stage)
                .Select(g => new { Stage = g.Key, Count = g.LongCount() })
                .ToListAsync(cancellationToken);
            Interlocked.Exchange(ref _unassigned, counts.FirstOrDefault(c => c.Stage == LeadStage.Unassigned)?.Count ?? 0);
            Interlocked.Exchange(ref _manualReview, counts.FirstOrDefault(c => c.Stage == LeadStage.ManualReview)?.Count ?? 0);
            _failing = false;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // A database away shows as the last known depth; logged once per streak, not every few seconds.
            if (!_failing)
            {
                _logger.LogWarning(ex, "Counting the Unassigned and Manual review queues for telemetry failed; the last count stands.");
            }

            _failing = true;
        }
    }
}
