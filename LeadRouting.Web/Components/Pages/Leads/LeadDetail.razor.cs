using LeadRouting.Web.Components.Shared;
using LeadRouting.Web.Leads;
using LeadRouting.Web.Live;
using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Components;

namespace LeadRouting.Web.Components.Pages.Leads;

/// <summary>
/// <c>/leads/{id}</c>: stage, owner, clocks, next step, the event timeline and the decision trace of one lead. Managers
/// and Ops see every lead, a rep their own team's (<see cref="LeadAccess"/>); the check runs on the server before
/// anything of the lead is rendered. The page follows the lead live: every event about it (accepted, touched,
/// reassigned, escalated …) reloads it, checked again, so a lead reassigned to another team disappears from a rep's view.
/// </summary>
public sealed partial class LeadDetail : LiveLeadPage, IDisposable
{
    private PageState _state = PageState.Loading;
    private LeadDetailView? _view;
    private IDisposable? _subscription;

    [Parameter]
    public required string Id { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        _state = PageState.Loading;
        _view = null;
        await LoadAsync();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        // Only an interactive render gets here: the prerender does not listen.
        if (firstRender)
        {
            _subscription = Notifier.Subscribe(OnLeadEventAsync);
        }
    }

    public void Dispose() => _subscription?.Dispose();

    private Task OnLeadEventAsync(LeadEvent leadEvent) =>
        leadEvent.LeadId != Id
            ? Task.CompletedTask
            : InvokeAsync(async () =>
            {
                await LoadAsync();
                StateHasChanged();
            });

    private async Task LoadAsync()
    {
        var user = await CurrentUser.GetAsync();
        StoredLead? stored;
        await using (var db = await DbFactory.CreateDbContextAsync())
        {
            stored = await LeadQueries.FindAsync(db, Id, CancellationToken.None);
        }

        var published = await Configurations.CurrentAsync(CancellationToken.None);
        var organisation = published.Engine.Organisation;
        await Format.InitializeAsync();
        if (stored is null)
        {
            _state = PageState.NotFound;
        }
        else if (user is null || !LeadAccess.CanView(user, stored.Lead.OwnerId, stored.Lead.TeamId, organisation))
        {
            _state = PageState.NotAllowed;
        }
        else
        {
            _view = LeadDetailView.From(stored, organisation, Format, published.Engine.Configuration.Policy.Currency);
            _state = PageState.Shown;
        }
    }

    private enum PageState
    {
        Loading,
        NotFound,
        NotAllowed,
        Shown,
    }
}
