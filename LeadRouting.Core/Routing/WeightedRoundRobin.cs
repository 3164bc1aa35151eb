namespace LeadRouting.Core.Routing;

/// <summary>
/// Weighted round-robin as stride scheduling: every rep in a pool has a pass; the eligible rep with the lowest
/// pass is picked and its pass advances by <c>Stride / weight</c>. Over any run each rep's share tracks its
/// weight (equal weights: counts differ by at most one), and the state is a number per rep, so it survives
/// restarts and can be moved with a conditional update. A rep who comes back after an absence re-enters one
/// stride behind the pool's virtual time instead of catching up on everything it missed.
/// </summary>
public static class WeightedRoundRobin
{
    /// <summary>Divisible by every weight from 1 to 16, so common weights get exact strides.</summary>
    public const long Stride = 720_720L * 1_000;

    public static long StrideFor(int weight) => Stride / Math.Max(1, weight);

    /// <summary>Picks from <paramref name="eligible"/> (in pool order; ties go to the earlier rep).</summary>
    public static RoundRobinAdvance Pick(string poolKey, IReadOnlyList<RepInfo> eligible, IRoutingState state)
    {
        var virtualTime = state.GetVirtualTime(poolKey);
        var bestIndex = -1;
        long bestPass = 0;
        long? bestStored = null;
        for (var i = 0; i < eligible.Count; i++)
        {
            var id = eligible[i].Id;
            var weight = eligible[i].Rep.Weight;
            var stored = state.GetPass(poolKey, id);
            var effective = Math.Max(stored ?? virtualTime, virtualTime - StrideFor(weight));
            if (bestIndex < 0 || effective < bestPass)
            {
                bestIndex = i;
                bestPass = effective;
                bestStored = stored;
            }
        }

        if (bestIndex < 0)
        {
            throw new ArgumentException("At least one eligible rep is needed.", nameof(eligible));
        }

        var chosen = eligible[bestIndex];
        return new RoundRobinAdvance(
            poolKey,
            chosen.Id,
            bestStored,
            bestPass + StrideFor(chosen.Rep.Weight),
            virtualTime,
            Math.Max(virtualTime, bestPass));
    }
}
