using System.Globalization;
using System.Text;

namespace LeadRouting.Core.Routing;

/// <summary>
/// A pool's roster at one pick as stored with it: every member's id and weight, and whether routing found them in
/// rotation for that lead ("anna*2;ben*1!" — <c>!</c> marks a member who was out: away, out of office, at capacity or
/// a cap, outside working hours when the pool preferred reps in hours, or inactive).
/// </summary>
public static class PoolRotation
{
    public static string Encode(IReadOnlyList<RepInfo> members, IReadOnlyList<RepInfo> inRotation)
    {
        var builder = new StringBuilder();
        foreach (var member in members)
        {
            if (builder.Length > 0)
            {
                builder.Append(';');
            }

            builder.Append(member.Id.Value).Append('*').Append(member.Rep.Weight.ToString(CultureInfo.InvariantCulture));
            if (!inRotation.Contains(member))
            {
                builder.Append('!');
            }
        }

        return builder.ToString();
    }

    public static IReadOnlyList<PoolMember> Decode(string rotation)
    {
        var members = new List<PoolMember>();
        foreach (var part in rotation.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var star = part.LastIndexOf('*');
            var out_ = part.EndsWith('!');
            var weight = part[(star + 1)..(out_ ? part.Length - 1 : part.Length)];
            members.Add(new PoolMember(new RepId(part[..star]), int.Parse(weight, CultureInfo.InvariantCulture), !out_));
        }

        return members;
    }
}

public sealed record PoolMember(RepId Rep, int Weight, bool InRotation);

/// <summary>One lead a pool's round-robin gave to <see cref="Rep"/>, with the roster at that moment (<see cref="PoolRotation"/>).</summary>
public sealed record PoolPick(RepId Rep, DateTimeOffset At, string Rotation);

/// <summary>A manager's correction of a rep's share: +2 means the rep is owed two leads (credit), −2 that they had two too many.</summary>
public sealed record ShareAdjustment(RepId Rep, int Leads);

/// <summary>One rep's line of the ledger.</summary>
public sealed record LedgerLine
{
    public required RepId Rep { get; init; }

    /// <summary>The weight at the rep's latest pick of the pool.</summary>
    public required int Weight { get; init; }

    /// <summary>Of the pool's leads since the reset, for how many the rep was in rotation (the ledger's clock).</summary>
    public required int InRotation { get; init; }

    /// <summary>The share the rep should have had: its weight's part of every lead it was entitled to, plus manual adjustments.</summary>
    public required double Expected { get; init; }

    /// <summary>Leads the pool routed to the rep since the reset.</summary>
    public required int Actual { get; init; }

    /// <summary>Sum of manual adjustments since the reset (in <see cref="Expected"/> already).</summary>
    public required int Adjusted { get; init; }

    /// <summary>Leads the rep received by ownership (named account, account in play) in the same period: shown, never counted.</summary>
    public required int ByOwnership { get; init; }

    /// <summary>Actual minus expected: above zero the rep is ahead of its share, below behind.</summary>
    public double Gap => Actual - Expected;
}

/// <summary>
/// The fair-share ledger of a pool (README "Fair-share ledger, make-up rules and caps"), computed from the picks routing
/// stored, not from a model of what it should have done. A rep's expected share is weight × in-rotation time, where time
/// is counted in the pool's leads: for each lead, every rep entitled to it expects <c>weight / Σ weights of the entitled</c>
/// of it. Entitled are the reps in rotation; under <see cref="MakeUpPolicy.CatchUpGradually"/> every member who joined the
/// rotation — took a lead of the pool since the reset, this one included — in rotation or not, since that policy owes
/// them what they missed (routing's accrual, <see cref="IRoutingState.GetAccrued"/>, counts the same). The expected
/// shares of one lead add up to one, so the gaps of a pool add up to the manual adjustments.
/// </summary>
public static class FairShareLedger
{
    public static IReadOnlyList<LedgerLine> Compute(
        IEnumerable<PoolPick> picks,
        IEnumerable<ShareAdjustment> adjustments,
        MakeUpPolicy policy,
        IReadOnlyDictionary<RepId, int> byOwnership)
    {
        var lines = new Dictionary<RepId, (int Weight, int InRotation, double Expected, int Actual, int Adjusted)>();
        var joined = new HashSet<RepId>();
        foreach (var pick in picks)
        {
            var members = PoolRotation.Decode(pick.Rotation);
            joined.Add(pick.Rep);
            bool Entitled(PoolMember member) => policy == MakeUpPolicy.CatchUpGradually ? joined.Contains(member.Rep) : member.InRotation;
            double total = members.Where(Entitled).Sum(m => m.Weight);
            foreach (var member in members)
            {
                var line = lines.GetValueOrDefault(member.Rep);
                line.Weight = member.Weight;
                if (member.InRotation)
                {
                    line.InRotation++;
                }

                if (total > 0 && Entitled(member))
                {
                    line.Expected += member.Weight / total;
                }

                if (member.Rep == pick.Rep)
                {
                    line.Actual++;
                }

                lines[member.Rep] = line;
            }
        }

        foreach (var adjustment in adjustments)
        {
            var line = lines.GetValueOrDefault(adjustment.Rep);
            line.Weight = Math.Max(1, line.Weight);
            line.Expected += adjustment.Leads;
            line.Adjusted += adjustment.Leads;
            lines[adjustment.Rep] = line;
        }

        return
        [
            .. lines.Select(l => new LedgerLine
            {
                Rep = l.Key,
                Weight = l.Value.Weight,
                InRotation = l.Value.InRotation,
                Expected = l.Value.Expected,
                Actual = l.Value.Actual,
                Adjusted = l.Value.Adjusted,
                ByOwnership = byOwnership.GetValueOrDefault(l.Key),
            }),
        ];
    }
}
