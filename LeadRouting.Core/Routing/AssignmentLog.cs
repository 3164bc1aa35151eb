namespace LeadRouting.Core.Routing;

/// <summary>
/// When each rep was assigned leads, for the daily and hourly caps (<see cref="IRoutingState.AssignedSince"/>) of a
/// simulated state — the replay, the demo history, the in-memory state. Live routing counts the stored decisions instead.
/// Times are kept sorted per rep (a simulation adds them in time order, so insertion is at the end), and a count is a
/// binary search. Not thread-safe.
/// </summary>
public sealed class AssignmentLog
{
    private readonly Dictionary<RepId, List<DateTimeOffset>> _times = [];

    public void Add(RepId rep, DateTimeOffset at)
    {
        if (!_times.TryGetValue(rep, out var times))
        {
            _times[rep] = times = [];
        }

        var index = times.Count;
        while (index > 0 && times[index - 1] > at)
        {
            index--;
        }

        times.Insert(index, at);
    }

    /// <summary>Assignments of <paramref name="rep"/> at or after <paramref name="since"/>.</summary>
    public int CountSince(RepId rep, DateTimeOffset since)
    {
        if (!_times.TryGetValue(rep, out var times))
        {
            return 0;
        }

        int low = 0, high = times.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (times[middle] < since)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return times.Count - low;
    }
}
