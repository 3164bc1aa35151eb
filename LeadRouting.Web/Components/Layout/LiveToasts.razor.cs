using LeadRouting.Web.Live;
using LeadRouting.Web.Localization;
using LeadRouting.Web.Notifications;
using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace LeadRouting.Web.Components.Layout;

/// <summary>
/// Live toasts on every page of the main layout: the lead events that concern the signed-in person
/// (<see cref="LiveToastsFeed"/>), at most one toast a second (<see cref="LiveToastsThrottle"/>), each naming its lead
/// and linking to <c>/leads/{id}</c>.
/// </summary>
/// <remarks>
/// The layout is rendered inside <c>Routes</c>, which App.razor gives the page's render mode, so this component is
/// interactive exactly when the page is; static pages (sign-in) use another layout. It listens only once interactive
/// (<see cref="OnAfterRender"/>): a prerender has nobody to show a toast to.
/// </remarks>
public sealed partial class LiveToasts : IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private LiveToastsThrottle? _throttle;
    private LiveToastsFeed? _feed;
    private IDisposable? _subscription;
    private volatile bool _disposed;

    [Inject]
    public required LeadEventNotifier Notifier { get; init; }

    [Inject]
    public required ICurrentUser CurrentUser { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [Inject]
    public required TimeProvider TimeProvider { get; init; }

    [Inject]
    public required PersonFormat Format { get; init; }

    [Inject]
    public required IStringLocalizer<LiveToasts> T { get; init; }

    [Inject]
    public required IStringLocalizer<LiveToastsFeed> FeedText { get; init; }

    /// <summary>The toasts held back by the throttle.</summary>
    internal int Waiting => _throttle?.Waiting ?? 0;

    protected override async Task OnInitializedAsync()
    {
        _throttle = new LiveToastsThrottle(TimeProvider);
        await Format.InitializeAsync();
        if (await CurrentUser.GetAsync() is { } user && new LiveToastsFeed(user, FeedText, Format) is { ListensAtAll: true } feed)
        {
            _feed = feed;
        }
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender && _feed is not null && !_disposed)
        {
            _subscription = Notifier.Subscribe(OnLeadEventAsync);
        }
    }

    private Task OnLeadEventAsync(LeadEvent leadEvent)
    {
        // The notifier drains events queued before the subscription ended; a disposed component ignores them.
        if (_disposed || _feed is null)
        {
            return Task.CompletedTask;
        }

        return InvokeAsync(() =>
        {
            if (_disposed || _feed.For(leadEvent, OnInbox()) is not { } toast)
            {
                return;
            }

            if (_throttle!.Offer(toast, out var flushAfter) is { } now)
            {
                Show(now);
            }

            if (flushAfter is { } wait)
            {
                _ = FlushAfterAsync(wait);
            }

            StateHasChanged();
        });
    }

    private async Task FlushAfterAsync(TimeSpan wait)
    {
        try
        {
            await Task.Delay(wait, TimeProvider, _stopping.Token);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            return; // disposed: nobody to show the held-back toasts to
        }

        await InvokeAsync(() =>
        {
            if (!_disposed && _throttle!.Flush() is { } summary)
            {
                Show(summary);
                StateHasChanged();
            }
        });
    }

    private void Show(LiveToast toast)
    {
        string? more;
        using (new RecipientLocale(Format.Culture, Format.Zone).Speak())
        {
            more = toast.More > 0 ? T["and {0} more", Format.Number(toast.More)].Value : null;
        }

        Snackbar.Add(Message(toast, more), toast.Warning ? Severity.Warning : Severity.Info, key: $"live-{toast.LeadId}-{Guid.NewGuid():N}");
    }

    /// <summary><c>/inbox</c> toasts leads handed to the rep itself; see <see cref="LiveToastsFeed.For"/>.</summary>
    private bool OnInbox()
    {
        var path = Navigation.ToBaseRelativePath(Navigation.Uri);
        var end = path.IndexOfAny(['?', '#']);
        return string.Equals(end < 0 ? path : path[..end], "inbox", StringComparison.OrdinalIgnoreCase);
    }

    public void Dispose()
    {
        _disposed = true;
        _subscription?.Dispose();
        _stopping.Cancel();
        _stopping.Dispose();
    }
}
