namespace LeadRouting.Web.Components.Pages.Inbox;

/// <summary>One tick a second for all countdowns on a page, so a page with many leads runs one timer.</summary>
public sealed class InboxTicker
{
    private readonly Lock _gate = new();
    private Action[] _listeners = [];

    public void Add(Action listener)
    {
        lock (_gate)
        {
            _listeners = [.. _listeners, listener];
        }
    }

    public void Remove(Action listener)
    {
        lock (_gate)
        {
            _listeners = [.. _listeners.Where(l => l != listener)];
        }
    }

    public void Tick()
    {
        foreach (var listener in Volatile.Read(ref _listeners))
        {
            listener();
        }
    }
}
