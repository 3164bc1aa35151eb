namespace LeadRouting.Web.Components.Layout;

/// <summary>
/// At most one toast per <see cref="Interval"/>: the first event shows at once, the ones that follow within the interval
/// wait and are shown together as one toast ("… and 3 more") when it ends. Not thread-safe: the component calls it on
/// its renderer's dispatcher only.
/// </summary>
public sealed class LiveToastsThrottle(TimeProvider time)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly List<LiveToast> _waiting = [];
    private long? _lastShown;

    /// <summary>Toasts held back until the interval ends.</summary>
    public int Waiting => _waiting.Count;

    /// <summary>
    /// Returns the toast to show now, or null when it must wait; <paramref name="flushAfter"/> is set when the caller
    /// must call <see cref="Flush"/> after that delay (once per held-back batch).
    /// </summary>
    public LiveToast? Offer(LiveToast toast, out TimeSpan? flushAfter)
    {
        flushAfter = null;
        var sinceLast = _lastShown is { } last ? time.GetElapsedTime(last) : TimeSpan.MaxValue;
        if (_waiting.Count == 0 && sinceLast >= Interval)
        {
            _lastShown = time.GetTimestamp();
            return toast;
        }

        _waiting.Add(toast);
        if (_waiting.Count == 1)
        {
            flushAfter = Interval - sinceLast;
        }

        return null;
    }

    /// <summary>The held-back toasts as one: the first of them, counting the rest; null when none wait.</summary>
    public LiveToast? Flush()
    {
        if (_waiting.Count == 0)
        {
            return null;
        }

        var summary = _waiting[0] with { More = _waiting.Count - 1 };
        _waiting.Clear();
        _lastShown = time.GetTimestamp();
        return summary;
    }
}
