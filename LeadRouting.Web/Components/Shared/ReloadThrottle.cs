namespace LeadRouting.Web.Components.Shared;

/// <summary>
/// Paces a live page's reloads after lead events: a burst coalesces into at most one reload per interval, and events
/// that arrive after the page closed are ignored (a disposed subscription still hands over what was queued before).
/// Pacing uses the real clock — screen refresh is not business time, also when the app's TimeProvider is faked.
/// </summary>
public sealed class ReloadThrottle(TimeSpan every)
{
    private long _lastReload;
    private int _pending;
    private volatile bool _closed;

    /// <summary>The page closed: nothing is reloaded any more.</summary>
    public void Close() => _closed = true;

    /// <summary>The page has just loaded; the next reload waits a full interval from now.</summary>
    public void Reloaded() => Interlocked.Exchange(ref _lastReload, TimeProvider.System.GetTimestamp());

    /// <summary>Runs <paramref name="reload"/> once the interval since the last load has passed, unless one is already pending or the page closed.</summary>
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
