using LeadRouting.Web.Components.Layout;
using LeadRouting.Web.Components.Shared;
using LeadRouting.Web.Leads;
using LeadRouting.Web.Live;
using LeadRouting.Web.Notifications;
using LeadRouting.Web.Routing;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace LeadRouting.Web.Components.Pages.Inbox;

/// <summary>
/// A rep's open leads with live SLA countdowns and the owner's actions (DESIGN.md "SLA clocks and escalation").
/// Live: events about this rep's leads reload the list (throttled) and a lead newly handed to them is announced.
/// </summary>
public sealed partial class Inbox : LiveLeadPage, IAsyncDisposable
{
    /// <summary>Live events reload the list at most this often.</summary>
    internal static readonly TimeSpan ReloadInterval = TimeSpan.FromMilliseconds(250);

    private static readonly TouchKind[] TouchKinds = Enum.GetValues<TouchKind>();

    private readonly Dictionary<string, InboxRowState> _rows = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly InboxTicker _ticks = new();
    private readonly LiveReload _reloads = new(ReloadInterval);
    private InboxViewModel? _model;
    private LiveToastsThrottle? _toasts;
    private LeadActor? _actor;
    private bool _noRep;
    private bool _showStopped;
    private string _currency = CurrencyCodes.Default;
    private IDisposable? _subscription;
    private PeriodicTimer? _ticker;
    private volatile bool _disposed;

    [Inject]
    public required LeadActionsService Actions { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    [Inject]
    public required ILogger<Inbox> Logger { get; init; }

    // The request's UI culture: the one the localizers read, so routing words follow the page's language.
    private static CultureInfo Culture => CultureInfo.CurrentUICulture;

    /// <summary>Exposed for tests: the state behind the page.</summary>
    internal InboxViewModel? Model => _model;

    protected override async Task OnInitializedAsync()
    {
        var user = await CurrentUser.GetAsync();
        if (user?.RepId is not { } repId)
        {
            _noRep = true;
            return;
        }

        _actor = user.Actor;
        await Format.InitializeAsync(_stopping.Token);
        _model = new InboxViewModel(repId);
        _toasts = new LiveToastsThrottle(Time);
        await LoadAsync();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        // Only an interactive render gets here: the prerender neither ticks nor listens.
        if (!firstRender || _model is null)
        {
            return;
        }

        _subscription = Notifier.Subscribe(OnLeadEventAsync);
        _ticker = new PeriodicTimer(TimeSpan.FromSeconds(1), Time);
        _ = TickAsync(_ticker);
    }

    private InboxRowState RowState(string leadId)
    {
        if (!_rows.TryGetValue(leadId, out var state))
        {
            state = new InboxRowState();
            _rows[leadId] = state;
        }

        return state;
    }

    private async Task LoadAsync()
    {
        if (_model is null)
        {
            return;
        }

        await using var db = await DbFactory.CreateDbContextAsync(_stopping.Token);
        var leads = await InboxQueries.OpenLeadsAsync(db, _model.RepId, _stopping.Token);
        var numbers = await InboxQueries.NumbersAsync(db, _model.RepId, StartOfToday(), _stopping.Token);
        try
        {
            _currency = (await Configurations.CurrentAsync(_stopping.Token)).Engine.Configuration.Policy.Currency;
        }
        catch (NoPublishedConfigurationException)
        {
            // Before the first publish there is no policy currency: deal values show in the default one.
        }
        _model.Show(leads, numbers);
        foreach (var gone in _rows.Keys.Except(leads.Select(l => l.Id)).ToList())
        {
            _rows.Remove(gone);
        }
    }

    /// <summary>Midnight on the rep's wall clock: "today" in their numbers is their day, not UTC's.</summary>
    private DateTimeOffset StartOfToday()
    {
        var local = Format.Local(Time.GetUtcNow());
        var midnight = local.Date;
        return new DateTimeOffset(midnight, Format.Zone.GetUtcOffset(midnight));
    }

    private async Task TickAsync(PeriodicTimer ticker)
    {
        try
        {
            while (await ticker.WaitForNextTickAsync(_stopping.Token))
            {
                _ticks.Tick();
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task OnLeadEventAsync(LeadEvent leadEvent)
    {
        // The notifier drains events queued before the subscription ended; a disposed page ignores them.
        if (_disposed || _model is null || !_model.Concerns(leadEvent))
        {
            return;
        }

        _ = ReloadThrottledAsync();
        await InvokeAsync(() =>
        {
            // The badge counts every new lead; the toasts are throttled like the layout's, so an import that hands
            // the rep 500 leads shows one toast at once and one "… and 499 more" a second later, not 500.
            if (_model.Notice(leadEvent) is { } notice && _toasts!.Offer(new LiveToast(NoticeText(notice), "", leadEvent.LeadId, Warning: false), out var flushAfter) is var shown)
            {
                if (shown is not null)
                {
                    Snackbar.Add(shown.What, Severity.Info);
                }

                if (flushAfter is { } wait)
                {
                    _ = FlushToastsAfterAsync(wait);
                }
            }

            StateHasChanged();
        });
    }

    /// <summary>"New lead: Anna Beispiel · B GmbH" / "Neuer Lead: …" in the rep's language.</summary>
    private string NoticeText(InboxNotice notice) => Spoken(() =>
    {
        string what = notice.Routed ? T["New lead"] : T["Lead reassigned to you"];
        return notice.Who.Length > 0 ? $"{what}: {notice.Who}" : what;
    });

    /// <summary>Live events arrive on the notifier's thread, whose culture is nobody's: a toast speaks the rep's.</summary>
    private string Spoken(Func<string> text)
    {
        using var speaking = new RecipientLocale(Format.Culture, Format.Zone).Speak();
        return text();
    }

    private async Task FlushToastsAfterAsync(TimeSpan wait)
    {
        try
        {
            await Task.Delay(wait, Time, _stopping.Token);
            await InvokeAsync(() =>
            {
                if (!_disposed && _toasts!.Flush() is { } summary)
                {
                    Snackbar.Add(summary.More > 0 ? Spoken(() => T["{0} and {1} more", summary.What, Format.Number(summary.More)]) : summary.What, Severity.Info);
                    StateHasChanged();
                }
            });
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException && _disposed)
        {
            // Disposed: nobody to show the held-back toasts to.
        }
    }

    /// <summary>Reloads after a live event, throttled by <see cref="LiveReload"/>.</summary>
    private async Task ReloadThrottledAsync()
    {
        try
        {
            await _reloads.RequestAsync(() => InvokeAsync(async () =>
            {
                await _reloads.LoadAsync(LoadAsync);
                StateHasChanged();
            }));
        }
        catch (Exception ex) when (_disposed && ex is OperationCanceledException or ObjectDisposedException)
        {
        }
        catch (Exception ex) when (!_disposed)
        {
            // Nobody awaits a live reload; the next event or action loads again, so a failed one is only logged.
            Logger.LogWarning(ex, "Reloading the inbox of rep {RepId} after a live event failed.", _model?.RepId);
        }
    }

    private Task AcceptAsync(InboxLead lead) =>
        RunAsync(RowState(lead.Id), () => Actions.AcceptAsync(lead.Id, _actor!, _stopping.Token));

    private Task DeclineAsync(InboxLead lead, InboxRowState state)
    {
        if (string.IsNullOrWhiteSpace(state.Reason))
        {
            state.ReasonError = "A reason is required to decline.";
            return Task.CompletedTask;
        }

        state.ReasonError = null;
        return RunAsync(state, () => Actions.DeclineAsync(lead.Id, _actor!, state.Reason, _stopping.Token), result =>
            state.ReasonError = result.Errors?.TryGetValue("reason", out var errors) == true ? errors[0] : null);
    }

    private void OpenTouch(InboxRowState state)
    {
        state.Toggle(InboxPanel.Touch);
        if (state.Panel == InboxPanel.Touch && state.NextStepDue is null)
        {
            // A sensible default a rep can change: tomorrow at 10:00 on their own clock.
            var tomorrow = Format.Local(Time.GetUtcNow()).Date.AddDays(1).AddHours(10);
            state.NextStepDue = tomorrow.ToString(InboxRowState.DueFormat, CultureInfo.InvariantCulture);
        }
    }

    private Task LogTouchAsync(InboxLead lead, InboxRowState state, TouchKind kind)
    {
        state.TouchKind = kind;
        DateTimeOffset? due = null;
        if (!string.IsNullOrWhiteSpace(state.NextStep))
        {
            if (!DateTime.TryParseExact(state.NextStepDue, InboxRowState.DueFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            {
                state.DueError = T["Pick the date and time the next step is due."];
                return Task.CompletedTask;
            }

            due = new DateTimeOffset(local, Format.Zone.GetUtcOffset(local));
        }

        return RunAsync(state, () => Actions.LogTouchAsync(lead.Id, _actor!, kind, state.Note, _stopping.Token, state.NextStep, due), result =>
        {
            state.NoteError = result.Errors?.TryGetValue("note", out var errors) == true ? errors[0] : null;
            state.NextStepError = result.Errors?.TryGetValue("nextStep", out var stepErrors) == true ? stepErrors[0] : null;
            state.DueError = result.Errors?.TryGetValue("nextStepDue", out var dueErrors) == true ? dueErrors[0] : null;
        });
    }

    private Task OutcomeAsync(InboxLead lead, InboxRowState state, LeadOutcome outcome) =>
        RunAsync(state, () => Actions.RecordOutcomeAsync(lead.Id, _actor!, outcome, outcome == LeadOutcome.Disqualified ? state.Reason : null, _stopping.Token), result =>
            state.ReasonError = result.Errors?.TryGetValue("reason", out var errors) == true ? errors[0] : null);

    private async Task RunAsync(InboxRowState state, Func<Task<LeadActionResult>> action, Action<LeadActionResult>? onInvalid = null)
    {
        if (_actor is null)
        {
            return;
        }

        state.Busy = true;
        try
        {
            var result = await action();
            if (result.Outcome == LeadActionOutcome.Done)
            {
                state.Panel = InboxPanel.None;
                state.Reason = null;
                state.Note = null;
                state.NextStep = null;
                state.NextStepDue = null;
            }
            else
            {
                onInvalid?.Invoke(result);
                Snackbar.Add(result.Message ?? result.Outcome.ToString(), Severity.Warning);
            }
        }
        finally
        {
            state.Busy = false;
        }

        await LoadAsync();
    }

    private async Task ToggleWhyAsync(InboxLead lead, InboxRowState state)
    {
        state.Toggle(InboxPanel.WhyMe);
        if (state.Panel != InboxPanel.WhyMe || state.Trace is not null)
        {
            return;
        }

        await using var db = await DbFactory.CreateDbContextAsync(_stopping.Token);
        state.Trace = (await LeadQueries.FindAsync(db, lead.Id, _stopping.Token))?.Trace ?? [];
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        _subscription?.Dispose();
        _reloads.Dispose();
        await _stopping.CancelAsync();
        _ticker?.Dispose();
        _stopping.Dispose();
    }
}
