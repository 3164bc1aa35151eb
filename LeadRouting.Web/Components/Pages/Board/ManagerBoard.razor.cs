using LeadRouting.Web.Data;
using LeadRouting.Web.Leads;
using LeadRouting.Web.Live;
using LeadRouting.Web.Routing;
using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace LeadRouting.Web.Components.Pages.Board;

/// <summary>
/// <c>/board</c> for managers and Ops: SLA compliance by team and rep, the Unassigned and Manual-review queues with an
/// assign form (reason required, audited through <see cref="LeadActionsService.AssignAsync"/>), the breach feed and rep
/// load. Lists are bounded or paged on the server. Lead events reload it, at most every <see cref="ReloadEvery"/>.
/// </summary>
public sealed partial class ManagerBoard
{
    public const string AllTeams = "";
    public static readonly TimeSpan ReloadEvery = TimeSpan.FromMilliseconds(500);

    private readonly SemaphoreSlim _loading = new(1, 1);
    private IDisposable? _subscription;
    private IReadOnlyList<(string Id, string Name)> _teams = [];
    private BoardSnapshot? _snapshot;
    private string _teamId = AllTeams;
    private int _days = 7;
    private int _queuePage;
    private string? _assigning;
    private string? _assignTo;
    private string? _assignReason;
    private string? _assignError;
    private long _lastReload;
    private int _reloadPending;

    [Inject]
    public required IDbContextFactory<LeadRoutingDbContext> DbFactory { get; init; }

    [Inject]
    public required ConfigurationStore Configurations { get; init; }

    [Inject]
    public required LeadActionsService Actions { get; init; }

    [Inject]
    public required ICurrentUser CurrentUser { get; init; }

    [Inject]
    public required LeadEventNotifier Notifier { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    protected override async Task OnInitializedAsync()
    {
        var organisation = (await Configurations.CurrentAsync(CancellationToken.None)).Engine.Configuration.Organisation;
        _teams = [.. organisation.Teams.Select(t => (t.Id.Value, t.Name))];
        await LoadAsync();
        _subscription = Notifier.Subscribe(_ => OnLeadEventAsync());
    }

    /// <summary>Reloads after a lead event, coalescing bursts: at most one reload per <see cref="ReloadEvery"/>.</summary>
    private async Task OnLeadEventAsync()
    {
        if (Interlocked.Exchange(ref _reloadPending, 1) == 1)
        {
            return;
        }

        // Screen refresh pacing is not business time: the real clock, also when the app's TimeProvider is faked.
        var wait = ReloadEvery - TimeProvider.System.GetElapsedTime(Interlocked.Read(ref _lastReload));
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, TimeProvider.System);
        }

        Interlocked.Exchange(ref _reloadPending, 0);
        await InvokeAsync(async () =>
        {
            await LoadAsync();
            StateHasChanged();
        });
    }

    private async Task LoadAsync()
    {
        await _loading.WaitAsync();
        try
        {
            Interlocked.Exchange(ref _lastReload, TimeProvider.System.GetTimestamp());
            var organisation = (await Configurations.CurrentAsync(CancellationToken.None)).Engine.Organisation;
            _snapshot = await BoardQueries.LoadAsync(
                DbFactory, organisation, _teamId == AllTeams ? null : _teamId, Time.GetUtcNow().AddDays(-_days), _queuePage, CancellationToken.None);
        }
        finally
        {
            _loading.Release();
        }
    }

    private async Task TeamChangedAsync(string teamId)
    {
        (_teamId, _queuePage) = (teamId, 0);
        await LoadAsync();
    }

    private async Task PeriodChangedAsync(int days)
    {
        _days = days;
        await LoadAsync();
    }

    private async Task PageChangedAsync(int page)
    {
        _queuePage = page - 1;
        await LoadAsync();
    }

    private void StartAssign(string leadId) => (_assigning, _assignTo, _assignReason, _assignError) = (leadId, null, null, null);

    private void CancelAssign() => _assigning = null;

    private async Task AssignAsync(string leadId)
    {
        if (_assignTo is null)
        {
            _assignError = "Choose a rep.";
            return;
        }

        if (string.IsNullOrWhiteSpace(_assignReason))
        {
            _assignError = "A reason is required.";
            return;
        }

        var user = await CurrentUser.GetAsync();
        var result = user is null
            ? new LeadActionResult(LeadActionOutcome.Forbidden, "Sign in again.")
            : await Actions.AssignAsync(leadId, user.Actor, _assignTo, _assignReason, CancellationToken.None);
        if (result.Outcome == LeadActionOutcome.Done)
        {
            _assigning = null;
            Snackbar.Add("Lead assigned.", Severity.Success);
            await LoadAsync();
        }
        else
        {
            _assignError = result.Message;
        }
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _loading.Dispose();
    }
}
