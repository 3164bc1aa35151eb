namespace LeadRouting.Core.Analytics;

public enum LoadFlag
{
    Balanced,
    Overloaded,
    Underloaded,
}

/// <summary>
/// Whether a rep carries too much or too little. Two views: <b>now</b> (open leads against capacity) and <b>the period</b>
/// (the rep's share of the leads assigned to their pool peers — same team and level — against the share their weight
/// asks for). Over-loaded: at 90 % of capacity or more, or 25 % above the weighted share. Under-loaded: under 30 % of
/// capacity and 25 % below the weighted share (or nothing assigned while peers got leads).
/// </summary>
public static class RepLoadBalance
{
    public const double FullAt = 0.9;
    public const double IdleBelow = 0.3;
    public const double ShareTolerance = 0.25;

    /// <summary>Open leads / capacity; null for a rep without capacity.</summary>
    public static double? Utilisation(int openLeads, int capacity) => capacity <= 0 ? null : (double)openLeads / capacity;

    /// <summary>Actual share / weighted share; null when the peers got nothing in the period or the rep has no weight.</summary>
    public static double? ShareRatio(int assigned, int peersAssigned, int weight, int peersWeight) =>
        peersAssigned <= 0 || weight <= 0 || peersWeight <= 0 ? null : ((double)assigned / peersAssigned) / ((double)weight / peersWeight);

    public static LoadFlag Classify(double? utilisation, double? shareRatio)
    {
        if (utilisation >= FullAt || shareRatio >= 1 + ShareTolerance)
        {
            return LoadFlag.Overloaded;
        }

        if ((utilisation is null || utilisation < IdleBelow) && shareRatio <= 1 - ShareTolerance)
        {
            return LoadFlag.Underloaded;
        }

        return LoadFlag.Balanced;
    }
}
