using LeadRouting.Web.Analytics;
using LeadRouting.Web.Api;
using LeadRouting.Web.Components.Shared;
using Microsoft.AspNetCore.WebUtilities;

namespace LeadRouting.Web.Components.Pages.Analytics;

/// <summary>
/// <c>/analytics</c> for managers and Ops: SLA compliance over time, conversion with 95 % intervals, the speed-to-lead
/// curve, the response-time heat map, rep capacity and the routing flow, filtered by period, region, team, rep, source
/// and segment, with the quarterly review as CSV. Lead events reload it, at most every <see cref="ReloadEvery"/>.
/// </summary>
public sealed partial class Analytics : LiveLeadPage, IDisposable
{
    public const string All = "";
    public static readonly TimeSpan ReloadEvery = TimeSpan.FromSeconds(2);
    public static readonly int[] Periods = [7, 30, 90, 365];

    private RoutingEngine? _engine;
    private string _region = All;
    private string _team = All;
    private string _rep = All;
    private string _source = All;
    private string _segment = All;
    private int _days = 30;
    private readonly LiveReload _reloads = new(ReloadEvery);

    public AnalyticsView? View { get; private set; }

    protected override async Task OnInitializedAsync()
    {
        await LoadAsync();
        _reloads.Follow(Notifier, InvokeAsync, LoadDataAsync, StateHasChanged);
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

    /// <summary>Loads the view for the filter; lead events reload it, a burst at most once per <see cref="ReloadEvery"/>.</summary>
    private Task LoadAsync() => _reloads.LoadAsync(LoadDataAsync);

    private async Task LoadDataAsync()
    {
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

    /// <summary>A new region keeps the team (and then the rep) only when they are in it.</summary>
    private async Task RegionChangedAsync()
    {
        if (_team != All && Teams.All(t => t.Team.Id.Value != _team))
        {
            _team = All;
        }

        await TeamChangedAsync();
    }

    /// <summary>A new team keeps the rep only when they are in it.</summary>
    private async Task TeamChangedAsync()
    {
        if (_rep != All && Reps.All(r => r.Id.Value != _rep))
        {
            _rep = All;
        }

        await LoadAsync();
    }

    public void Dispose() => _reloads.Dispose();
}
