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
            _view = _run.Result is { } result ? new ReplayView(result) : null;
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
        { Phase: ReplayPhase.Routing } s => $"Routing {s.Done.ToString("N0", CultureInfo.InvariantCulture)} of {s.Total.ToString("N0", CultureInfo.InvariantCulture)} decisions (every lead twice: live and draft)…",
        { Done: > 0 } s => $"Reading leads… {s.Done.ToString("N0", CultureInfo.InvariantCulture)} so far",
        _ => "Reading leads…",
    };

    private double? ProgressValue => _status is { Phase: ReplayPhase.Routing, Total: > 0 } s ? 100.0 * s.Done / s.Total : null;

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }
}
