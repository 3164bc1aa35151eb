using LeadRouting.Web.Components.Shared;
using LeadRouting.Core.Leads;
using LeadRouting.Core.Routing;
using LeadRouting.Web.Analytics;
using LeadRouting.Web.Api;
using LeadRouting.Web.Data;
using LeadRouting.Web.Live;
using LeadRouting.Web.Routing;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace LeadRouting.Web.Components.Pages.Analytics;

/// <summary>
/// <c>/analytics</c> for managers and Ops: SLA compliance over time, conversion with 95 % intervals, the speed-to-lead
/// curve, the response-time heat map, rep capacity and the routing flow, filtered by period, region, team, rep, source
/// and segment, with the quarterly review as CSV. Lead events reload it, at most every <see cref="ReloadEvery"/>.
/// </summary>
public sealed partial class Analytics : IDisposable
{
    public const string All = "";
    public static readonly TimeSpan ReloadEvery = TimeSpan.FromSeconds(2);
    public static readonly int[] Periods = [7, 30, 90, 365];

    // Not disposed with the component: a reload still in flight when the page closes releases it afterwards.
    private readonly SemaphoreSlim _loading = new(1, 1);
    private IDisposable? _subscription;
    private volatile bool _disposed;
    private RoutingEngine? _engine;
    private string _region = All;
    private string _team = All;
    private string _rep = All;
    private string _source = All;
    private string _segment = All;
    private int _days = 30;
    private readonly ReloadThrottle _reloads = new(ReloadEvery);

    public AnalyticsView? View { get; private set; }

    [Inject]
    public required IDbContextFactory<LeadRoutingDbContext> DbFactory { get; init; }

    [Inject]
    public required ConfigurationStore Configurations { get; init; }

    [Inject]
    public required LeadEventNotifier Notifier { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    protected override async Task OnInitializedAsync()
    {
        await LoadAsync();
        _subscription = Notifier.Subscribe(_ => OnLeadEventAsync());
    }

    private IReadOnlyList<(string Code, string Name)> Regions =>
        _engine is null ? [] : [.. _engine.Configuration.Organisation.Regions.Select(r => (r.Code, r.Name))];

    private IEnumerable<TeamInfo> Teams =>
        (_engine?.Organisation.Teams ?? []).Where(t => _region == All || string.Equals(t.Team.Region, _region, StringComparison.OrdinalIgnoreCase)).OrderBy(t => t.Team.Name, StringComparer.Ordinal);

    private IEnumerable<RepInfo> Reps =>
        (_engine?.Organisation.Reps ?? []).Where(r => (_team == All || r.Team.Team.Id.Value == _team) && (_region == All || string.Equals(r.Team.Team.Region, _region, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(r => r.Rep.Name, StringComparer.Ordinal);

    private IEnumerable<(string Id, string Name)> Segments =>
        (_engine?.Configuration.Organisation.Segments ?? []).OrderBy(s => s.Priority).Select(s => (s.Id.Value, s.Name));

    public ReportFilter Filter
    {
        get
        {
            var now = Time.GetUtcNow();
            return ReportFilter.LastDays(now, _days) with
            {
                Regions = _region == All ? [] : [_region],
                Teams = _team == All ? [] : [_team],
                Reps = _rep == All ? [] : [_rep],
                Sources = _source == All ? [] : [Enum.Parse<SignalType>(_source)],
                Segments = _segment == All ? [] : [_segment],
                Granularity = _days > 31 ? ReportGranularity.Week : ReportGranularity.Day,
            };
        }
    }

    /// <summary>The CSV download of the page's filter, through the cookie-authorised endpoint.</summary>
    private string ExportHref => QueryHelpers.AddQueryString(ReportsApi.PageExportPath, Filter.ToQuery().ToDictionary(kv => kv.Key, kv => (string?)kv.Value));

    /// <summary>Reloads after a lead event, coalescing bursts: at most one reload per <see cref="ReloadEvery"/>.</summary>
    private Task OnLeadEventAsync() =>
        _reloads.RequestAsync(() => InvokeAsync(async () =>
        {
            await LoadAsync();
            if (!_disposed)
            {
                StateHasChanged();
            }
        }));

    private async Task LoadAsync()
    {
        await _loading.WaitAsync();
        try
        {
            _reloads.Reloaded();
            var engine = (await Configurations.CurrentAsync(CancellationToken.None)).Engine;
            _engine = engine;
            var filter = Filter;
            var ct = CancellationToken.None;
            View = new AnalyticsView(new AnalyticsSnapshot(
                await ReportQueries.SlaAsync(DbFactory, engine, filter, Time.GetUtcNow(), ct),
                await ReportQueries.ConversionAsync(DbFactory, engine, filter, ct),
                await ReportQueries.SpeedToLeadAsync(DbFactory, engine, filter, ct),
                await ReportQueries.HeatmapAsync(DbFactory, engine, filter, ct),
                await ReportQueries.CapacityAsync(DbFactory, engine, filter, ct),
                await ReportQueries.FlowAsync(DbFactory, engine, filter, ct)));
        }
        finally
        {
            _loading.Release();
        }
    }

    private async Task RegionChangedAsync(string region)
    {
        _region = region;
        if (_team != All && Teams.All(t => t.Team.Id.Value != _team))
        {
            _team = All;
        }

        if (_rep != All && Reps.All(r => r.Id.Value != _rep))
        {
            _rep = All;
        }

        await LoadAsync();
    }

    private async Task TeamChangedAsync(string team)
    {
        _team = team;
        if (_rep != All && Reps.All(r => r.Id.Value != _rep))
        {
            _rep = All;
        }

        await LoadAsync();
    }

    private async Task RepChangedAsync(string rep)
    {
        _rep = rep;
        await LoadAsync();
    }

    private async Task SourceChangedAsync(string source)
    {
        _source = source;
        await LoadAsync();
    }

    private async Task SegmentChangedAsync(string segment)
    {
        _segment = segment;
        await LoadAsync();
    }

    private async Task PeriodChangedAsync(int days)
    {
        _days = days;
        await LoadAsync();
    }

    public void Dispose()
    {
        _disposed = true;
        _reloads.Close();
        _subscription?.Dispose();
    }
}
