using System.Globalization;
using LeadRouting.Core.Configuration;
using LeadRouting.Core.Leads;

namespace LeadRouting.Core.Routing;

/// <summary>
/// Deal tier (DESIGN.md §6): from <c>estimatedDealSize</c> when given, otherwise estimated from company size.
/// The tier decides which level of rep, never the treatment. Deal sizes and bounds are amounts in the organisation's
/// <paramref name="currency"/>, which the explanation names.
/// </summary>
public sealed class DealTierClassifier(IReadOnlyList<TierRule> tiers, string currency = CurrencyCodes.Default)
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
                    return new TierResult(tier, i, TierBasis.DealSize, size, null) { Currency = currency };
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

            return new TierResult(tiers[index], index, TierBasis.Employees, null, employees) { Currency = currency };
        }

        return new TierResult(tiers[0], 0, TierBasis.Unknown, null, null) { Currency = currency };
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
    /// <summary>The currency of <see cref="DealSize"/>: the organisation's.</summary>
    public string Currency { get; init; } = CurrencyCodes.Default;

    public string Explain() => Basis switch
    {
        TierBasis.DealSize => $"estimated deal size {CurrencyCodes.Format(DealSize!.Value, Currency)} → {Tier.Tier}",
        TierBasis.Employees => $"no deal size; estimated from {Employees!.Value.ToString("N0", CultureInfo.InvariantCulture)} employees → {Tier.Tier}",
        _ => $"no deal size and no company size → {Tier.Tier}",
    };
}
