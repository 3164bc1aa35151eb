using LeadRouting.Web.Live;

namespace LeadRouting.Web.Components.Shared;

/// <summary>
/// Keeps a live page's data fresh: lead events reload it, a burst coalescing into at most one reload per interval, one
/// load at a time, and nothing is loaded or rendered after the page closed (a disposed subscription still hands over
/// what was queued before). Pacing uses the real clock — screen refresh is not business time, also when the app's
/// TimeProvider is faked.
/// </summary>
public sealed class LiveReload(TimeSpan every) : IDisposable
{
    // Not disposed with the page: a load still in flight when the page closes releases it afterwards.
    private readonly SemaphoreSlim _loading = new(1, 1);
    private IDisposable? _subscription;
    private long _lastReload;
    private int _pending;
    private volatile bool _closed;

    /// <summary>
    /// Follows lead events: after a burst, <paramref name="load"/> and then <paramref name="render"/> run on the page's
    /// dispatcher (<paramref name="invokeAsync"/>, the component's <c>InvokeAsync</c>); the render is skipped when the
    /// page closed while loading.
    /// </summary>
    public void Follow(LeadEventNotifier notifier, Func<Func<Task>, Task> invokeAsync, Func<Task> load, Func<Task> render) =>
        _subscription = notifier.Subscribe(_ => RequestAsync(() => invokeAsync(async () =>
        {
            await LoadAsync(load);
            if (!_closed)
            {
                await render();
            }
        })));

    /// <inheritdoc cref="Follow(LeadEventNotifier, Func{Func{Task}, Task}, Func{Task}, Func{Task})"/>
    public void Follow(LeadEventNotifier notifier, Func<Func<Task>, Task> invokeAsync, Func<Task> load, Action render) =>
        Follow(notifier, invokeAsync, load, () =>
        {
            render();
            return Task.CompletedTask;
        });

    /// <summary>Runs <paramref name="load"/> after any load in flight; the next event-driven reload waits a full interval from now.</summary>
    public async Task LoadAsync(Func<Task> load)
    {
        await _loading.WaitAsync();
        try
        {
            Interlocked.Exchange(ref _lastReload, TimeProvider.System.GetTimestamp());
            await load();
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>The page closed: nothing is reloaded any more.</summary>
    public void Dispose()
    {
        _closed = true;
        _subscription?.Dispose();
    }

    /// <summary>
    /// Asks for <paramref name="reload"/> after the current burst: at once when the last reload is older than the
    /// interval, otherwise once at its end; requests that arrive while one is waiting ride along with it. The interval
    /// is paced on the wall clock, never on the app's <see cref="TimeProvider"/>: a live page's refresh rate is not
    /// domain time, and a frozen test clock must not stop the page from reloading.
    /// </summary>
    public async Task RequestAsync(Func<Task> reload)
    {
        if (_closed || Interlocked.Exchange(ref _pending, 1) == 1)
        {
            return;
        }

        var wait = every - TimeProvider.System.GetElapsedTime(Interlocked.Read(ref _lastReload));
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, TimeProvider.System);
        }

        Interlocked.Exchange(ref _pending, 0);
        if (!_closed)
        {
            await reload();
        }
    }
}
