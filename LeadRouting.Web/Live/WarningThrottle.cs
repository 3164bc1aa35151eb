namespace LeadRouting.Web.Live;

/// <summary>
/// Lets a warning that can repeat at event rate through: the first one at once, then at most one per
/// <see cref="Interval"/>, telling how many were held back in between.
/// </summary>
/// <remarks>
/// While Redis is down every live event fails the same way, up to a hundred times a second: one line per event would
/// bury everything else in the log, none at all would hide the outage. The caller logs with its own constant message
/// template, so the log stays structured.
/// </remarks>
public sealed class WarningThrottle(TimeProvider time, TimeSpan interval)
{
    private readonly Lock _lock = new();
    private long _heldBack;
    private DateTimeOffset? _lastLogged;

    public TimeSpan Interval { get; } = interval;

    /// <summary>True when this occurrence should be logged; <paramref name="heldBack"/> is how many were not since the last one.</summary>
    public bool ShouldLog(out long heldBack)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (_lastLogged is { } last && now - last < Interval)
            {
                _heldBack++;
                heldBack = 0;
                return false;
            }

            _lastLogged = now;
            heldBack = _heldBack;
            _heldBack = 0;
            return true;
        }
    }
}
