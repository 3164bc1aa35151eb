using LeadRouting.Web.Components.Pages.Settings;
using LeadRouting.Web.Components.Shared;
using LeadRouting.Web.Live;
using LeadRouting.Web.Routing;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace LeadRouting.Web.Components.Pages.Rules;

public sealed partial class RoutingRules : IDisposable
{
    /// <summary>The most accounts the page lists; the rest are counted (Ops page through all of them under Settings).</summary>
    internal const int MaxAccounts = 50;

    /// <summary>Loads change with every routed lead; a burst reloads the page at most this often.</summary>
    private static readonly TimeSpan ReloadEvery = TimeSpan.FromSeconds(2);

    private readonly LiveReload _reloads = new(ReloadEvery);
    private RoutingRulesView? _view;
    private bool _nothingPublished;

    [Inject]
    public required PreviewService Preview { get; init; }

    [Inject]
    public required LeadEventNotifier Notifier { get; init; }

    [Inject]
    public required IStringLocalizer<RoutingRulesView> ViewText { get; init; }

    [Inject]
    public required IStringLocalizer<OpsWords> Words { get; init; }

    protected override async Task OnInitializedAsync()
    {
        // Subscribed before the first read, so a lead routed in between is not missed.
        _reloads.Follow(Notifier, InvokeAsync, LoadViewAsync, StateHasChanged);
        await _reloads.LoadAsync(LoadViewAsync);
    }

    private async Task LoadViewAsync()
    {
        try
        {
            _view = RoutingRulesView.From(await Preview.RulesAsync(MaxAccounts, CancellationToken.None), ViewText, Words, Format);
            _nothingPublished = false;
        }
        catch (NoPublishedConfigurationException)
        {
            _view = null;
            _nothingPublished = true;
        }
    }

    public void Dispose() => _reloads.Dispose();
}
