using LeadRouting.Core.Leads;
using LeadRouting.Web.Routing;
using Microsoft.AspNetCore.Components;

namespace LeadRouting.Web.Components.Pages.Playground;

public sealed partial class Playground
{
    /// <summary>Text fields route this long after the last keystroke, so typing stays smooth.</summary>
    internal const int DebounceMilliseconds = 250;

    private static readonly SignalType[] SignalTypes = Enum.GetValues<SignalType>();
    private static readonly Referral[] Referrals = Enum.GetValues<Referral>();

    private PlaygroundViewModel _model = null!;

    [Inject]
    public required PreviewService Preview { get; init; }

    /// <summary>Exposed for tests: the state behind the page.</summary>
    internal PlaygroundViewModel Model => _model;

    protected override void OnInitialized() => _model = new PlaygroundViewModel(Preview);

    private void Recompute() => _model.Recompute();

    private void ApplyPreset(LeadPreset preset) => _model.ApplyPreset(preset);

    private void RouteNow() => _model.RouteNow();

    private void AddSignal() => _model.AddSignal();

    private void RemoveSignal(SignalRow signal) => _model.RemoveSignal(signal);
}
