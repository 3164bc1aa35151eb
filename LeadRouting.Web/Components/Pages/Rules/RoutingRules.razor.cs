using LeadRouting.Web.Components.Shared;
using LeadRouting.Web.Live;
using LeadRouting.Web.Routing;
using Microsoft.AspNetCore.Components;

namespace LeadRouting.Web.Components.Pages.Rules;

public sealed partial class RoutingRules : IDisposable
{
    /// <summary>The most accounts the page lists; the rest are counted (Ops page through all of them under Settings).</summary>
    internal const int MaxAccounts = 50;

    /// <summary>Loads change with every routed lead; a burst reloads the page at most this often.</summary>
    private static readonly TimeSpan ReloadEvery = TimeSpan.FromSeconds(2);

    private readonly ReloadThrottle _reloads = new(ReloadEvery);
    private RoutingRulesView? _view;
    private bool _nothingPublished;
    private IDisposable? _subscription;
    private bool _disposed;

    [Inject]
    public required PreviewService Preview { get; init; }

    [Inject]
    public required LeadEventNotifier Notifier { get; init; }

    protected override async Task OnInitializedAsync()
    {
        // Subscribed before the first read, so a lead routed in between is not missed.
        _subscription = Notifier.Subscribe(_ => _reloads.RequestAsync(() => InvokeAsync(async () =>
        {
            await LoadAsync();
            if (!_disposed)
            {
                StateHasChanged();
            }
        })));
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        try
        {
            _view = RoutingRulesView.From(await Preview.RulesAsync(MaxAccounts, CancellationToken.None));
            _nothingPublished = false;
        }
        catch (NoPublishedConfigurationException)
        {
            _view = null;
            _nothingPublished = true;
        }

        _reloads.Reloaded();
    }

    public void Dispose()
    {
        _disposed = true;
        _reloads.Close();
        _subscription?.Dispose();
    }
}
