using System.Globalization;
using LeadRouting.Core.Configuration;
using LeadRouting.Core.Leads;

namespace LeadRouting.Core.Routing;

/// <summary>
/// Deal tier (DESIGN.md §6): from <c>estimatedDealSize</c> when given, otherwise estimated from company size.
/// The tier decides which level of rep, never the treatment.
/// </summary>
public sealed class DealTierClassifier(IReadOnlyList<TierRule> tiers)
{
    public TierResult Classify(Lead lead)
    {
        if (lead.EstimatedDealSize is { } size)
        {
            for (var i = 0; i < tiers.Count; i++)
            {
                var tier = tiers[i];
                if (tier.UpTo is not { } upTo || size < upTo || (tier.UpToInclusive && size == upTo))
                {
                    return new TierResult(tier, i, TierBasis.DealSize, size, null);
                }
            }
        }

        if (lead.Employees is { } employees)
        {
            var index = 0;
            for (var i = 0; i < tiers.Count; i++)
            {
                if (employees >= tiers[i].MinEmployeesForEstimate)
                {
                    index = i;
                }
            }

            return new TierResult(tiers[index], index, TierBasis.Employees, null, employees);
        }

        return new TierResult(tiers[0], 0, TierBasis.Unknown, null, null);
    }
}

public enum TierBasis
{
    DealSize,
    Employees,
    Unknown,
}

/// <summary>The tier, its position in the policy's tier list, and what it was read from.</summary>
public sealed record TierResult(TierRule Tier, int Index, TierBasis Basis, decimal? DealSize, int? Employees)
{
    public string Explain() => Basis switch
    {
        TierBasis.DealSize => $"estimated deal size {DealSize!.Value.ToString("N0", CultureInfo.InvariantCulture)} EUR → {Tier.Tier}",
        TierBasis.Employees => $"no deal size; estimated from {Employees!.Value.ToString("N0", CultureInfo.InvariantCulture)} employees → {Tier.Tier}",
        _ => $"no deal size and no company size → {Tier.Tier}",
    };
}
