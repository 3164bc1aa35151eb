using LeadRouting.Web.Booking;
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
/// Its meetings (issue 20) are listed with "Held" / "No-show" for the meeting's rep or a manager once a booked meeting
/// has started (<see cref="MeetingLine.MayMark"/>); the click goes through <see cref="MeetingOutcomes"/>, which checks
/// again and audits.
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
        List<MeetingEntity> meetings;
        await using (var db = await DbFactory.CreateDbContextAsync())
        {
            stored = await LeadQueries.FindAsync(db, Id, CancellationToken.None);
            meetings = await db.Meetings.AsNoTracking().Where(m => m.LeadId == Id).ToListAsync();
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
            _view = LeadDetailView.From(stored, organisation, Format, published.Engine.Configuration.Policy.Currency) with
            {
                Meetings = MeetingLine.For(meetings, stored.Events, user, organisation, Format, Time.GetUtcNow()),
            };
            _state = PageState.Shown;
        }
    }

    /// <summary>Why the last mark was refused (the meeting changed since the page loaded); null when it went through.</summary>
    private MeetingOutcomeProblem? _markProblem;

    /// <summary>
    /// Marks a meeting held or no-show as the signed-in person. <see cref="MeetingOutcomes"/> checks the rep or manager,
    /// the start and the status again on the server, so a stale page cannot mark what it may not; then the page reloads.
    /// </summary>
    private async Task MarkAsync(string meetingId, bool held)
    {
        var user = await CurrentUser.GetAsync();
        _markProblem = await new MeetingOutcomes(DbFactory, Time).MarkAsync(user, meetingId, held, CancellationToken.None);
        await LoadAsync();
    }

    private enum PageState
    {
        Loading,
        NotFound,
        NotAllowed,
        Shown,
    }
}
