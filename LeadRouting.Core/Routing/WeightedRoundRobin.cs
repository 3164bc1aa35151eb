namespace LeadRouting.Core.Routing;

/// <summary>
/// Weighted round-robin as stride scheduling: every rep in a pool has a pass; the eligible rep with the lowest
/// pass is picked and its pass advances by <c>Stride / weight</c>. Over any run each rep's share tracks its
/// weight (equal weights: counts differ by at most one), and the state is a number per rep, so it survives
/// restarts and can be moved with a conditional update.
/// </summary>
/// <remarks>
/// A rep whose pass fell more than one stride behind the pool's virtual time (under catch-up: behind it at all) missed
/// picks while out of rotation; the pool's <see cref="MakeUpPolicy"/> decides what that costs or earns them:
/// <see cref="MakeUpPolicy.None"/> re-enters them one stride behind (next in line, nothing made up),
/// <see cref="MakeUpPolicy.Reset"/> at the virtual time (as a new joiner), <see cref="MakeUpPolicy.CatchUpGradually"/>
/// at the virtual time, repaid by the exact count of what it missed. A
/// rep who never took a lead in the pool starts at the virtual time — the pass of the last pick, the lowest pass any
/// rep in rotation holds — so a joiner takes its weight's share from now on: the pool's average, neither a backlog nor
/// a head start. Credit (missed passes, or a manager's manual adjustment) is repaid by advancing the rep at most half a
/// stride less per pick: the rep takes leads at up to double its weight's rate until even, never in a burst.
/// </remarks>
public static class WeightedRoundRobin
{
    /// <summary>Divisible by every weight from 1 to 16, so common weights get exact strides.</summary>
    public const long Stride = 720_720L * 1_000;

    public static long StrideFor(int weight) => Stride / Math.Max(1, weight);

    /// <summary>
    /// Picks from <paramref name="eligible"/> (in pool order; ties go to the earlier rep). <paramref name="members"/>, the
    /// pool's whole roster, is recorded with the pick for the ledger (who was in rotation); null records the eligible only.
    /// </summary>
    public static RoundRobinAdvance Pick(string poolKey, IReadOnlyList<RepInfo> eligible, IRoutingState state, IReadOnlyList<RepInfo>? members = null)
    {
        var virtualTime = state.GetVirtualTime(poolKey);
        var policy = state.GetMakeUp(poolKey);
        var bestIndex = -1;
        long bestPass = 0;
        long? bestStored = null;
        for (var i = 0; i < eligible.Count; i++)
        {
            var id = eligible[i].Id;
            var stored = state.GetPass(poolKey, id);
            var effective = Position(stored, virtualTime, StrideFor(eligible[i].Rep.Weight), policy);
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
        var stride = StrideFor(chosen.Rep.Weight);
        var credit = state.GetCredit(poolKey, chosen.Id);
        var returning = bestStored is { } old && old < virtualTime - Slack(stride, policy);
        var inRotation = eligible.Sum(r => (long)r.Rep.Weight);
        var rosterWeight = Math.Max(inRotation, (members ?? eligible).Sum(r => (long)r.Rep.Weight));
        // The accrual shares each lead among the members who joined the rotation (took a lead since the count began),
        // as the ledger does under catch-up; the chosen rep joins with this lead.
        var joinedWeight = (members ?? eligible).Where(r => r.Id == chosen.Id || state.GetTaken(poolKey, r.Id) is not null).Sum(r => (long)r.Rep.Weight);
        var accrued = state.GetAccrued(poolKey);
        var due = chosen.Rep.Weight * accrued;
        var taken = state.GetTaken(poolKey, chosen.Id);
        var owed = policy switch
        {
            // Without a count of leads taken (a pass stored before it was kept) the share missed becomes credit, estimated.
            MakeUpPolicy.CatchUpGradually when returning && taken is null => credit + Missed(virtualTime - bestStored!.Value, inRotation, rosterWeight),
            MakeUpPolicy.Reset when returning => 0,
            _ => credit,
        };
        var repaid = Math.Clamp(owed, 0, stride / 2);
        // Catch-up with the count kept: a rep more than one lead behind its ledger share moves half a stride (and one
        // unit) past the virtual time, like credit, until it is within a lead. From the virtual time, not from a pass
        // behind it, and never to a tie with a rep a stride ahead: two picks in a row put it past everyone, so it never
        // takes a third. What it is owed is read afresh at every pick (taken vs accrual), so nothing is spent in vain.
        var catchingUp = policy == MakeUpPolicy.CatchUpGradually && taken is { } t && due - t > Stride;
        var newPass = catchingUp
            ? Math.Max(virtualTime, bestPass) + Math.Min(stride - repaid, (stride / 2) + 1)
            : bestPass + stride - repaid;
        return new RoundRobinAdvance(
            poolKey,
            chosen.Id,
            bestStored,
            newPass,
            virtualTime,
            Math.Max(virtualTime, bestPass),
            credit,
            owed - repaid,
            PoolRotation.Encode(members ?? eligible, eligible),
            accrued,
            accrued + (Stride / Math.Max(chosen.Rep.Weight, joinedWeight)),
            (taken ?? due) + Stride);
    }

    /// <summary>
    /// The fallback of catch-up for a rep whose count of leads taken is unknown (<see cref="IRoutingState.GetTaken"/>,
    /// a pass stored before it was kept): what a rep <paramref name="behind"/> the virtual time is owed, in pass units. While it was out
    /// the virtual time moved by <c>Stride / W</c> per lead, W the weight in rotation; the ledger owes it
    /// <c>weight / Σ member weights</c> of each of those leads. The weight in rotation now stands in for the one while it
    /// was out (an estimate: when the roster changed during the absence the credit is off by the difference). The rep
    /// re-enters at the virtual time (<see cref="Position"/>) and all of it is credit, repaid half a stride per pick, so
    /// the return is no burst.
    /// </summary>
    private static long Missed(long behind, long inRotation, long rosterWeight) =>
        Math.Max(0, (long)(behind * ((double)inRotation / rosterWeight)));

    /// <summary>
    /// The pass units that move a rep's share by <paramref name="leads"/> leads. A rep whose pass moves by one stride
    /// changes its share by only <c>others / (others + weight)</c> of a lead, since the others' picks shift with it (a
    /// rep alone in a pool gains nothing from a lower pass), so the stride is scaled up by the inverse.
    /// </summary>
    public static long AdjustmentFor(int leads, int weight, int poolWeight)
    {
        var others = Math.Max(1, poolWeight - weight);
        return (long)Math.Round(Math.Abs(leads) * (double)StrideFor(weight) * (others + weight) / others);
    }

    /// <summary>Where a rep with <paramref name="stored"/> pass stands in the pool at <paramref name="virtualTime"/>.</summary>
    public static long Position(long? stored, long virtualTime, long stride, MakeUpPolicy policy) => stored switch
    {
        null => virtualTime,
        { } pass when pass >= virtualTime - Slack(stride, policy) => pass,
        _ => policy == MakeUpPolicy.None ? virtualTime - stride : virtualTime,
    };

    /// <summary>
    /// How far behind the virtual time a rep's pass may stand and still count as where it is. A rep in rotation never
    /// falls behind the virtual time (it is the lowest pass of the last pick); one behind missed picks (away, at a cap,
    /// filtered out). Under None and Reset up to a stride of that is kept — the rep is next in line. Under catch-up none
    /// is: what the rep missed is counted exactly (taken vs the pool's accrual) and repaid half a stride per pick, and a
    /// pass kept a stride behind would be repaid a second time, as a burst — a rep one stride behind, with everyone else
    /// a stride ahead, took three in a row (replay (17622053890646403028,11401525859126810077,35) of the
    /// three-in-a-row property).
    /// </summary>
    private static long Slack(long stride, MakeUpPolicy policy) => policy == MakeUpPolicy.CatchUpGradually ? 0 : stride;
}
