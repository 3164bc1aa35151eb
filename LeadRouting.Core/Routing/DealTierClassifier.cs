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
    public (TierRule Tier, string Reason) Classify(Lead lead)
    {
        if (lead.EstimatedDealSize is { } size)
        {
            foreach (var tier in tiers)
            {
                if (tier.UpTo is not { } upTo || size < upTo || (tier.UpToInclusive && size == upTo))
                {
                    return (tier, $"estimated deal size {size.ToString("N0", CultureInfo.InvariantCulture)} EUR → {tier.Tier}");
                }
            }
        }

        if (lead.Employees is { } employees)
        {
            var estimated = tiers[0];
            foreach (var tier in tiers)
            {
                if (employees >= tier.MinEmployeesForEstimate)
                {
                    estimated = tier;
                }
            }

            return (estimated, $"no deal size; estimated from {employees.ToString("N0", CultureInfo.InvariantCulture)} employees → {estimated.Tier}");
        }

        return (tiers[0], $"no deal size and no company size → {tiers[0].Tier}");
    }
}
