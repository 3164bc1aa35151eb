using Microsoft.Extensions.Localization;

namespace LeadRouting.Web.Components.Pages.Settings;

/// <summary>One deal tier as the form edits it; the tiers are checked together by <see cref="TierTable"/>.</summary>
public sealed class TierForm
{
    public required DealTier Tier { get; init; }

    /// <summary>Upper bound in the organisation's currency; empty for the open-ended last tier.</summary>
    public decimal? UpTo { get; set; }

    public bool UpToInclusive { get; set; }
    public int? MinEmployees { get; set; }

    /// <summary>In order of preference.</summary>
    public List<RepLevel> RepLevels { get; init; } = [];

    public List<RepLevel> FallbackLevels { get; init; } = [];
    public PoolDistribution Distribution { get; set; }

    public static TierForm From(TierRule rule) => new()
    {
        Tier = rule.Tier,
        UpTo = rule.UpTo,
        UpToInclusive = rule.UpToInclusive,
        MinEmployees = rule.MinEmployeesForEstimate,
        RepLevels = [.. rule.RepLevels],
        FallbackLevels = [.. rule.FallbackLevels],
        Distribution = rule.Distribution,
    };

    public TierRule ToRule() => new()
    {
        Tier = Tier,
        UpTo = UpTo,
        UpToInclusive = UpTo is not null && UpToInclusive,
        MinEmployeesForEstimate = MinEmployees!.Value,
        RepLevels = [.. RepLevels],
        FallbackLevels = [.. FallbackLevels],
        Distribution = Distribution,
    };
}

/// <summary>
/// The deal tiers in ascending order, validated together as the Core validator does at document level, but with the
/// message on the field: <c>tier-{i}-upTo</c>, <c>tier-{i}-minEmployees</c>, <c>tier-{i}-repLevels</c>, <c>tier-{i}-fallbackLevels</c>.
/// </summary>
public static class TierTable
{
    public const decimal MaxDealSize = 1_000_000_000m;
    public const int MaxEmployees = 10_000_000;

    public static List<TierForm> From(RoutingPolicy policy) => [.. policy.Tiers.Select(TierForm.From)];

    /// <summary>
    /// The tiers' problems by field, and the currency's under <c>currency</c>, in <paramref name="text"/>'s language;
    /// <paramref name="money"/> writes an amount in the currency as the reader reads it ("30.000 €").
    /// </summary>
    public static FieldErrors Validate(IReadOnlyList<TierForm> tiers, string currency, IStringLocalizer<FormText> text, Func<decimal, string, string> money)
    {
        var errors = new FieldErrors();
        if (CurrencyCodes.Problem(currency) is not null)
        {
            errors.Add("currency", string.IsNullOrWhiteSpace(currency)
                ? text["Required: an ISO 4217 currency code such as EUR, USD or GBP."]
                : text["'{0}' is not an ISO 4217 currency code; write three capital letters such as EUR, USD, GBP or CHF.", TextRules.Shorten(currency)]);
        }

        var unit = CurrencyCodes.Problem(currency) is null ? currency : CurrencyCodes.Default;
        for (var i = 0; i < tiers.Count; i++)
        {
            var tier = tiers[i];
            var previous = i > 0 ? tiers[i - 1] : null;
            var isLast = i == tiers.Count - 1;
            var upTo = $"tier-{i}-upTo";
            if (isLast && tier.UpTo is not null)
            {
                errors.Add(upTo, text["The last tier is open-ended: leave this empty."]);
            }
            else if (!isLast && tier.UpTo is null)
            {
                errors.Add(upTo, text["Only the last tier is open-ended: give an upper bound."]);
            }
            else if (tier.UpTo is { } bound && (bound <= 0 || bound > MaxDealSize))
            {
                errors.Add(upTo, text["Between {0} and {1}.", money(1, unit), money(MaxDealSize, unit)]);
            }
            else if (tier.UpTo is { } above && previous?.UpTo is { } below && above <= below)
            {
                errors.Add(upTo, text["Must be above the previous tier's {0}.", money(below, unit)]);
            }

            var minEmployees = $"tier-{i}-minEmployees";
            SettingsFields.Range(text, errors, minEmployees, tier.MinEmployees, 0, MaxEmployees);
            if (!errors.Contains(minEmployees))
            {
                if (previous is null && tier.MinEmployees != 0)
                {
                    errors.Add(minEmployees, text["The first tier starts at 0 employees."]);
                }
                else if (previous?.MinEmployees is { } lower && tier.MinEmployees <= lower)
                {
                    errors.Add(minEmployees, text["Must be above the previous tier's {0:N0}.", lower]);
                }
            }

            if (tier.RepLevels.Count == 0)
            {
                errors.Add($"tier-{i}-repLevels", text["Choose at least one rep level."]);
            }

            var repeated = tier.FallbackLevels.Where(tier.RepLevels.Contains).ToList();
            if (repeated.Count > 0)
            {
                errors.Add($"tier-{i}-fallbackLevels", text["Already a main level: {0}.", string.Join(", ", repeated.Select(Core.Routing.RepLevels.Describe))]);
            }
        }

        return errors;
    }

    public static string Summary(IStringLocalizer<FormText> text) => text["deal tiers changed"];

    public static RoutingConfiguration ApplyTo(RoutingConfiguration config, IEnumerable<TierForm> tiers) =>
        ApplyTo(config, tiers, config.Policy.Currency);

    /// <summary>The tiers and the organisation's currency into <paramref name="config"/>'s policy.</summary>
    public static RoutingConfiguration ApplyTo(RoutingConfiguration config, IEnumerable<TierForm> tiers, string currency) =>
        config with { Policy = config.Policy with { Tiers = [.. tiers.Select(t => t.ToRule())], Currency = currency } };
}
