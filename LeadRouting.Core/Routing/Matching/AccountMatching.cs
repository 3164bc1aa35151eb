using System.Globalization;

namespace LeadRouting.Core.Routing.Matching;

/// <summary>
/// When a match that is not an exact domain counts (issue 19). A match at or above <see cref="CountsAt"/> routes like a
/// domain match (owner, account in play); one from <see cref="ReviewFrom"/> up to it is a grey zone that goes to Manual
/// review with the candidate named; below it the lead routes as if no account matched. Part of the routing policy, so a
/// change is versioned, previewed and replayed like every other rule; a document written before the setting existed
/// reads with the defaults.
/// </summary>
public sealed record AccountMatchingPolicy
{
    public const double DefaultCountsAt = 0.90;
    public const double DefaultReviewFrom = 0.75;

    public double CountsAt { get; init; } = DefaultCountsAt;

    public double ReviewFrom { get; init; } = DefaultReviewFrom;

    public static AccountMatchingPolicy Default { get; } = new();

    /// <summary>What a match of <paramref name="confidence"/> means under this policy.</summary>
    public AccountMatchStrength Judge(double confidence) =>
        confidence >= CountsAt ? AccountMatchStrength.Counts
        : confidence >= ReviewFrom ? AccountMatchStrength.Review
        : AccountMatchStrength.None;

    /// <summary>The problems of this policy, empty when it is valid (0 &lt; ReviewFrom ≤ CountsAt ≤ 1).</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (CountsAt is <= 0 or > 1 || double.IsNaN(CountsAt))
        {
            problems.Add("accountMatching.countsAt must be above 0 and at most 1.");
        }

        if (ReviewFrom is <= 0 or > 1 || double.IsNaN(ReviewFrom) || ReviewFrom > CountsAt)
        {
            problems.Add("accountMatching.reviewFrom must be above 0 and at most accountMatching.countsAt.");
        }

        return problems;
    }
}

public enum AccountMatchStrength
{
    None,
    Review,
    Counts,
}

/// <summary>Which rule found the account, from the surest to the loosest.</summary>
public enum AccountMatchRule
{
    /// <summary>The lead's company domain is the account's domain.</summary>
    Domain,

    /// <summary>The lead's company domain is one of the account's other domains.</summary>
    DomainAlias,

    /// <summary>The lead's company domain is a subdomain of the account's domain or alias (eu.siemens.com → siemens.com).</summary>
    RegistrableDomain,

    /// <summary>The lead's company name, normalised, is similar enough to the account's name.</summary>
    CompanyName,
}

/// <summary>What a lead brings to account matching.</summary>
/// <param name="Domain">The company domain in canonical ASCII form; null for a free-mail lead.</param>
/// <param name="Company">The company name as the lead gave it.</param>
/// <param name="Country">ISO 3166-1 alpha-2, upper case: a tie-breaker.</param>
/// <param name="Employees">The company size the lead gave: a tie-breaker.</param>
public sealed record AccountQuery(string? Domain, string? Company, string? Country = null, int? Employees = null);

/// <summary>The account a lead matched, how, and how sure the match is (0–1).</summary>
/// <param name="Account">The account.</param>
/// <param name="Rule">The rule that found it.</param>
/// <param name="Confidence">0–1, rounded to two places: 1 for the exact domain, 0.98 for a parent domain, the name score otherwise.</param>
/// <param name="MatchedOn">The domain or normalised name that matched.</param>
/// <param name="RunnerUp">An account that scored as high and could not be told apart by the tie-breakers, if any.</param>
public sealed record AccountMatch(AccountRecord Account, AccountMatchRule Rule, double Confidence, string MatchedOn, AccountRecord? RunnerUp = null)
{
    /// <summary>Whether the lead's own domain found the account (not a name or a parent domain).</summary>
    public bool IsExactDomain => Rule is AccountMatchRule.Domain;

    /// <summary>The trace's words: "matched Siemens AG by company name, 0.93".</summary>
    public string Describe() =>
        $"matched {Account.Name} by {RuleText(Rule, MatchedOn)}, {Confidence.ToString("0.00", CultureInfo.InvariantCulture)}"
        + (RunnerUp is { } other ? $" (as close: {other.Name})" : "");

    private static string RuleText(AccountMatchRule rule, string on) => rule switch
    {
        AccountMatchRule.Domain => $"domain {on}",
        AccountMatchRule.DomainAlias => $"domain alias {on}",
        AccountMatchRule.RegistrableDomain => $"parent domain {on}",
        _ => "company name",
    };
}
