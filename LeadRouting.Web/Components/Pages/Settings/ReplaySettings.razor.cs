using LeadRouting.Web.Replay;
using LeadRouting.Web.Routing;
using Microsoft.AspNetCore.Components;

namespace LeadRouting.Web.Components.Pages.Settings;

/// <summary>
/// <c>/settings/replay</c> (Ops): the last N days of real leads routed through the draft and the live version side by
/// side (<see cref="ReplayService"/>, which checks the role itself and runs off the circuit's thread).
/// </summary>
public sealed partial class ReplaySettings : OpsSettingsComponent, IDisposable
{
    private readonly CancellationTokenSource _disposed = new();
    private ConfigurationDraft? _document;
    private int _days = 30;
    private bool _running;
    private ReplayStatus? _status;
    private ReplayRun? _run;
    private ReplayView? _view;

    [Inject]
    public required ReplayService Replay { get; init; }

    protected override async Task OnInitializedAsync() => _document = await Drafts.LoadAsync(_disposed.Token);

    private async Task RunAsync()
    {
        _running = true;
        _run = null;
        _view = null;
        _status = new ReplayStatus(ReplayPhase.Loading, 0, 0);
        var progress = new Progress<ReplayStatus>(status => _ = InvokeAsync(() =>
        {
            // A report can arrive after the run has finished; it must not bring the progress bar back.
            if (_running)
            {
                _status = status;
                StateHasChanged();
            }
        }));
        try
        {
            _run = await Replay.RunAsync(await CurrentUser.GetAsync(), _days, progress, _disposed.Token);
            _view = _run.Result is { } result ? new ReplayView(result, Format, T) : null;
            _document = await Drafts.LoadAsync(_disposed.Token);
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
        {
            // The page was closed while the replay ran: nobody is left to show it to.
        }
        finally
        {
            _running = false;
            _status = null;
        }
    }

    private string ProgressText => _status switch
    {
        { Phase: ReplayPhase.Routing } s => T["Routing {0} of {1} decisions (every lead twice: live and draft)…", Format.Number(s.Done), Format.Number(s.Total)],
        { Done: > 0 } s => T["Reading leads… {0} so far", Format.Number(s.Done)],
        _ => T["Reading leads…"],
    };

    /// <summary>Why the replay was refused, in the reader's language (the service's sentences are English, as its API's).</summary>
    private string Say(string english) => english switch
    {
        "Only Ops may run a what-if replay." => T["Only Ops may run a what-if replay."],
        "There is no draft: replay compares a draft with the live version. Change something in the settings first." =>
            T["There is no draft: replay compares a draft with the live version. Change something in the settings first."],
        _ => english,
    };

    private double? ProgressValue => _status is { Phase: ReplayPhase.Routing, Total: > 0 } s ? 100.0 * s.Done / s.Total : null;

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }
}
