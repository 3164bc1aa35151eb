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

    /// <summary>The published version's currency, the unit of the deal size field.</summary>
    private string _currency = CurrencyCodes.Default;

    [Inject]
    public required PreviewService Preview { get; init; }

    /// <summary>Exposed for tests: the state behind the page.</summary>
    internal PlaygroundViewModel Model => _model;

    protected override async Task OnInitializedAsync()
    {
        _model = new PlaygroundViewModel(Preview);
        await _model.InitializeAsync(CancellationToken.None);
        try
        {
            _currency = (await Preview.PublishedAsync(CancellationToken.None)).Engine.Configuration.Policy.Currency;
        }
        catch (NoPublishedConfigurationException)
        {
            // Nothing routes without a published version; the model already says so, and the label keeps the default.
        }
    }

    private Task Recompute() => _model.RecomputeAsync();

    private Task ApplyPreset(LeadPreset preset) => _model.ApplyPresetAsync(preset);

    private Task RouteNow() => _model.RouteNowAsync();

    private Task AddSignal() => _model.AddSignalAsync();

    private Task RemoveSignal(SignalRow signal) => _model.RemoveSignalAsync(signal);
}
