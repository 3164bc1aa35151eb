using LeadRouting.Web.Analytics;
using LeadRouting.Web.Api;
using LeadRouting.Web.Components.Shared;
using LeadRouting.Web.Localization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace LeadRouting.Web.Components.Pages.Analytics;

/// <summary>
/// <c>/analytics</c> for managers and Ops: SLA compliance over time, conversion with 95 % intervals, the speed-to-lead
/// curve (intervals as whiskers), the response-time heat map, rep capacity (reps under their team) and the routing flow,
/// filtered by period (the last n days, this quarter or a custom range of the person's calendar days), region, team, rep,
/// source and segment, with the quarterly review as CSV in the person's culture. A second tab shows the booking numbers
/// (issue 20, <see cref="BookingTab"/>) for the same filter. Lead events reload it, at most every <see cref="ReloadEvery"/>.
/// </summary>
public sealed partial class Analytics : LiveLeadPage, IDisposable
{
    public const string All = "";
    public static readonly TimeSpan ReloadEvery = TimeSpan.FromSeconds(2);
    public static readonly int[] Periods = [7, 30, 90, 365];
    public const string ThisQuarter = "quarter";
    public const string CustomRange = "custom";

    private RoutingEngine? _engine;
    private string _region = All;
    private string _team = All;
    private string _rep = All;
    private string _source = All;
    private string _segment = All;
    private string _period = "30";
    private DateRange? _range;
    private readonly LiveReload _reloads = new(ReloadEvery);

    public AnalyticsView? View { get; private set; }

    /// <summary>The tab shown first: <c>?tab=booking</c> opens the booking numbers (issue 20), anything else routing.</summary>
    [SupplyParameterFromQuery(Name = "tab")]
    public string? Tab { get; set; }

    public const string BookingTabName = "booking";

    private int _tab;

    /// <summary>The treatments the published policy offers a meeting for (none: nothing is offered, the booking tab says so).</summary>
    private IReadOnlyList<TreatmentAction> BookableTreatments => _engine?.Configuration.Policy.Booking.BookableTreatments ?? [];

    [Inject]
    public required PersonFormat Format { get; init; }

    [Inject]
    public required IStringLocalizer<AnalyticsView> ViewText { get; init; }

    protected override async Task OnInitializedAsync()
    {
        _tab = string.Equals(Tab, BookingTabName, StringComparison.OrdinalIgnoreCase) ? 1 : 0;
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
            var period = Period(_period, _range, now, Format.Zone);
            return period with
            {
                Regions = _region == All ? [] : [_region],
                Teams = _team == All ? [] : [_team],
                Reps = _rep == All ? [] : [_rep],
                Sources = _source == All ? [] : [Enum.Parse<SignalType>(_source)],
                Segments = _segment == All ? [] : [_segment],
                Granularity = (period.To - period.From).TotalDays > 31 ? ReportGranularity.Week : ReportGranularity.Day,
                Zone = Format.Zone,
            };
        }
    }

    /// <summary>
    /// The period a choice means: the last n days up to now; this quarter from its first day's midnight in the person's
    /// zone; a custom range from the first day's midnight to the end of the last day (not past now). An incomplete custom
    /// range counts the last 30 days until both ends are chosen.
    /// </summary>
    public static ReportFilter Period(string choice, DateRange? range, DateTimeOffset now, TimeZoneInfo zone)
    {
        var today = TimeZoneInfo.ConvertTime(now, zone).DateTime.Date;
        switch (choice)
        {
            case ThisQuarter:
                var quarterStart = new DateTime(today.Year, ((today.Month - 1) / 3 * 3) + 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
                return new ReportFilter { From = Midnight(quarterStart, zone), To = now };
            case CustomRange when range is { Start: { } start, End: { } end }:
                var to = Midnight(end.Date.AddDays(1), zone);
                return new ReportFilter { From = Midnight(start.Date, zone), To = to < now ? to : now };
            case var days when int.TryParse(days, NumberStyles.None, CultureInfo.InvariantCulture, out var count):
                return ReportFilter.LastDays(now, count);
            default:
                return ReportFilter.LastDays(now, 30);
        }
    }

    private static DateTimeOffset Midnight(DateTime day, TimeZoneInfo zone) =>
        new(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(day, DateTimeKind.Unspecified), zone), TimeSpan.Zero);

    /// <summary>A custom range opens on the last 30 days; then the page reloads for the chosen period.</summary>
    private async Task PeriodChangedAsync()
    {
        if (_period == CustomRange && _range is null)
        {
            var today = Format.Local(Time.GetUtcNow()).Date;
            _range = new DateRange(today.AddDays(-29), today);
        }

        await LoadAsync();
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
            await ReportQueries.FlowAsync(DbFactory, engine, filter, ct),
            await ReportQueries.BookingAsync(DbFactory, engine, filter, Time.GetUtcNow(), ct)), Format, ViewText);
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
