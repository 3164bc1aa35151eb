using LeadRouting.Web.Components.Shared;
using LeadRouting.Web.Leads;
using LeadRouting.Web.Localization;
using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace LeadRouting.Web.Components.Pages.Board;

/// <summary>
/// <c>/board</c> for managers and Ops: the SLA headline against the target (<see cref="SlaSignals"/>), SLA compliance by
/// region, team and rep, the Unassigned and Manual-review queues (longest waiting first) with an assign form (reason
/// required, audited through <see cref="LeadActionsService.AssignAsync"/>; the lead's own team's reps first, warnings on
/// capacity, region and availability), the breach feed and rep load, filtered by region, team and period. A manager's
/// board opens on the team or region they manage (its <c>ManagerEmail</c> is theirs); Ops and others see everything. The queue and the breach feed are <c>MudDataGrid</c>s over server data:
/// each page is read on its own, never the whole list. Lead events reload it, at most every <see cref="ReloadEvery"/>.
/// </summary>
public sealed partial class ManagerBoard : LiveLeadPage, IDisposable
{
    /// <summary>The select value for "every region" / "every team".</summary>
    public const string All = "";
    public const int QueuePageSize = 25;
    public const int BreachPageSize = 10;
    public static readonly TimeSpan ReloadEvery = TimeSpan.FromMilliseconds(500);
    private static readonly int[] QueuePageSizes = [10, 25, 50, 100];
    private static readonly int[] BreachPageSizes = [10, 25, 50];

    private IReadOnlyList<(string Code, string Name)> _regions = [];
    private IReadOnlyList<(string Id, string Name, string Region)> _teams = [];
    private IReadOnlyList<Team> _teamConfigs = [];
    private MudDataGrid<QueuedLead>? _queueGrid;
    private MudDataGrid<BreachEntry>? _breachGrid;
    private int? _queueTotal;
    private bool _breachesLoaded;
    private string _regionCode = All;
    private string _teamId = All;
    private int _days = 7;
    private string? _assigning;
    private string? _assignTo;
    private string? _assignReason;
    private string? _assignError;
    private readonly LiveReload _reloads = new(ReloadEvery);

    /// <summary>
    /// The board's snapshot, carried from the prerendered page into the interactive circuit (persistent component state),
    /// so the circuit's first render shows it without reading it again.
    /// </summary>
    [PersistentState]
    public BoardSnapshot? Snapshot { get; set; }

    [Inject]
    public required LeadActionsService Actions { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    [Inject]
    public required PersonFormat Format { get; init; }

    protected override async Task OnInitializedAsync()
    {
        var organisation = (await Configurations.CurrentAsync(CancellationToken.None)).Engine.Configuration.Organisation;
        _regions = [.. organisation.Regions.Select(r => (r.Code, r.Name))];
        _teams = [.. organisation.Teams.Select(t => (t.Id.Value, t.Name, t.Region))];
        _teamConfigs = organisation.Teams;
        (_regionCode, _teamId) = DefaultFilter(organisation, await CurrentUser.GetAsync());
        if (Snapshot is null)
        {
            await LoadAsync();
        }

        _reloads.Follow(Notifier, InvokeAsync, LoadSnapshotAsync, async () =>
        {
            StateHasChanged();
            await ReloadListsAsync(firstPage: false);
        });
    }

    /// <summary>
    /// The filter the board opens with: for a manager the team whose manager they are (with its region), else the region
    /// they manage; everything for Ops and for a manager of nothing configured.
    /// </summary>
    public static (string Region, string Team) DefaultFilter(Organisation organisation, SignedInUser? user)
    {
        if (user is null || user.Role != LeadRoutingRoles.Manager || string.IsNullOrWhiteSpace(user.Email))
        {
            return (All, All);
        }

        if (organisation.Teams.FirstOrDefault(t => Same(t.ManagerEmail, user.Email)) is { } team)
        {
            return (team.Region, team.Id.Value);
        }

        return organisation.Regions.FirstOrDefault(r => Same(r.ManagerEmail, user.Email)) is { } region ? (region.Code, All) : (All, All);
    }

    private static bool Same(string? a, string b) => string.Equals(a?.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

    /// <summary>The SLA target the headline's met shares are measured against: the chosen team's, or the strictest in view.</summary>
    private double TargetShare => SlaSignals.TargetOf(_teamConfigs.Where(t =>
        _teamId == All ? _regionCode == All || string.Equals(t.Region, _regionCode, StringComparison.OrdinalIgnoreCase) : t.Id.Value == _teamId));

    private IEnumerable<(string Id, string Name, string Region)> TeamsInRegion =>
        _regionCode == All ? _teams : _teams.Where(t => string.Equals(t.Region, _regionCode, StringComparison.OrdinalIgnoreCase));

    private BoardFilter Filter => new(
        _regionCode == All ? null : _regionCode,
        _teamId == All ? null : _teamId,
        Time.GetUtcNow().AddDays(-_days));

    /// <summary>Loads the snapshot for the filter; lead events reload it, a burst at most once per <see cref="ReloadEvery"/>.</summary>
    private Task LoadAsync() => _reloads.LoadAsync(LoadSnapshotAsync);

    private async Task LoadSnapshotAsync()
    {
        var organisation = (await Configurations.CurrentAsync(CancellationToken.None)).Engine.Organisation;
        Snapshot = await BoardQueries.LoadAsync(DbFactory, organisation, Filter, Time.GetUtcNow(), Format.Zone, CancellationToken.None);
    }

    /// <summary>The queue grid's server data: one page in the order the grid asks for (by received; longest waiting first unless asked otherwise).</summary>
    private async Task<GridData<QueuedLead>> LoadQueuePageAsync(GridState<QueuedLead> state, CancellationToken cancellationToken)
    {
        var organisation = (await Configurations.CurrentAsync(cancellationToken)).Engine.Organisation;
        var page = await BoardQueries.LoadQueueAsync(
            DbFactory, organisation, Filter, state.Page * state.PageSize, state.PageSize, QueueOrderOf(state.SortDefinitions), cancellationToken);
        if (_queueTotal != page.Total)
        {
            _queueTotal = page.Total;
            StateHasChanged();
        }

        return new GridData<QueuedLead> { Items = page.Items, TotalItems = page.Total };
    }

    private async Task<GridData<BreachEntry>> LoadBreachPageAsync(GridState<BreachEntry> state, CancellationToken cancellationToken)
    {
        var organisation = (await Configurations.CurrentAsync(cancellationToken)).Engine.Organisation;
        var page = await BoardQueries.LoadBreachesAsync(DbFactory, organisation, Filter, state.Page * state.PageSize, state.PageSize, cancellationToken);
        _breachesLoaded = true;
        return new GridData<BreachEntry> { Items = page.Items, TotalItems = page.Total };
    }

    /// <summary>
    /// The queue order a grid sort asks for: newest first when the Received column is sorted descending, else longest
    /// waiting first (the default: what a manager works through, no hidden priority).
    /// </summary>
    public static QueueOrder QueueOrderOf(IEnumerable<SortDefinition<QueuedLead>> sorts) =>
        sorts.FirstOrDefault(s => s.SortBy == nameof(QueuedLead.ReceivedAt)) is { Descending: true } ? QueueOrder.ReceivedNewestFirst : QueueOrder.ReceivedOldestFirst;

    /// <summary>Reloads the paged lists; on a new filter from their first page.</summary>
    private async Task ReloadListsAsync(bool firstPage)
    {
        await ReloadAsync(_queueGrid, firstPage);
        await ReloadAsync(_breachGrid, firstPage);
    }

    private static async Task ReloadAsync<T>(MudDataGrid<T>? grid, bool firstPage)
    {
        if (grid is null)
        {
            return;
        }

        if (firstPage && grid.CurrentPage != 0)
        {
            grid.NavigateTo(Page.First); // a grid reloads its server data itself when its page changes
            return;
        }

        await grid.ReloadServerData();
    }

    /// <summary>A new region keeps the team only when it is in it.</summary>
    private async Task RegionChangedAsync()
    {
        if (_teamId != All && TeamsInRegion.All(t => t.Id != _teamId))
        {
            _teamId = All;
        }

        await FilterChangedAsync();
    }

    private async Task FilterChangedAsync()
    {
        _assigning = null;
        await LoadAsync();
        await ReloadListsAsync(firstPage: true);
    }

    private void StartAssign(string leadId) => (_assigning, _assignTo, _assignReason, _assignError) = (leadId, null, null, null);

    private void CancelAssign() => _assigning = null;

    private async Task AssignAsync(string leadId)
    {
        if (_assignTo is null)
        {
            _assignError = T["Choose a rep."];
            return;
        }

        if (string.IsNullOrWhiteSpace(_assignReason))
        {
            _assignError = T["A reason is required."];
            return;
        }

        var user = await CurrentUser.GetAsync();
        var result = user is null
            ? new LeadActionResult(LeadActionOutcome.Forbidden, T["Sign in again."])
            : await Actions.AssignAsync(leadId, user.Actor, _assignTo, _assignReason, CancellationToken.None);
        if (result.Outcome == LeadActionOutcome.Done)
        {
            _assigning = null;
            Snackbar.Add(T["Lead assigned."], Severity.Success);
            await LoadAsync();
            await ReloadListsAsync(firstPage: false);
        }
        else
        {
            _assignError = result.Message;
        }
    }

    public void Dispose() => _reloads.Dispose();
}
