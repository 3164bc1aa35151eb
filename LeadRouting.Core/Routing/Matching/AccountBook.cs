namespace LeadRouting.Core.Routing.Matching;

/// <summary>
/// The accounts a simulated routing state holds — the what-if replay, the demo history, the in-memory state of tests —
/// so that it matches a lead to an account the way live routing does: by exact domain, and otherwise by alias, parent
/// domain or company name (<see cref="AccountMatcher"/>). Not thread-safe: one simulation owns one book.
/// </summary>
/// <remarks>
/// A book starts from a fixed set of accounts, whose matcher may be shared between books (building one over 100,000
/// accounts takes seconds: the replay builds it once for both configurations, or takes the live index). Accounts added
/// during the run — the claims of Enterprise picks — get a small matcher of their own, which grows with each claim (issue
/// 21: it used to be rebuilt over all claims after each one); a match is the better of the two, the starting accounts winning a tie. Live routing sees a claim by its domain at
/// once and by its name within a minute (<c>AccountMatcherIndex</c>); a simulation sees both at once, the one difference.
/// </remarks>
public sealed class AccountBook
{
    private readonly Dictionary<string, AccountRecord> _byDomain = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<AccountRecord> _added = [];
    private AccountMatcher? _start;
    private AccountMatcher? _addedMatcher;

    /// <param name="accounts">The accounts at the start.</param>
    /// <param name="matcher">A matcher already built over exactly <paramref name="accounts"/>; built on first use when null.</param>
    public AccountBook(IEnumerable<AccountRecord> accounts, AccountMatcher? matcher = null)
    {
        foreach (var account in accounts)
        {
            _byDomain[account.Domain] = account;
        }

        _start = matcher;
    }

    public IReadOnlyCollection<AccountRecord> Accounts => _byDomain.Values;

    /// <summary>The account with exactly this domain.</summary>
    public AccountRecord? Find(string domain) => _byDomain.GetValueOrDefault(domain);

    /// <summary>Adds an account unless one with its domain is held (an Enterprise pick's claim); true when added.</summary>
    public bool TryAdd(AccountRecord account)
    {
        if (!_byDomain.TryAdd(account.Domain, account))
        {
            return false;
        }

        _added.Add(account);

        // The claimed accounts' matcher grows with them (the same as one built over all of them, in order) rather than
        // being rebuilt over every claim so far after each claim, which made a long replay quadratic in its claims.
        _addedMatcher?.Append(account);
        return true;
    }

    /// <summary>Adds or replaces an account (a test setting up its state); the matchers are rebuilt on the next match.</summary>
    public void Set(AccountRecord account)
    {
        _byDomain[account.Domain] = account;
        _start = null;
        _added.Clear();
        _addedMatcher = null;
    }

    /// <summary>What live routing's <see cref="IRoutingState.MatchAccount"/> answers over these accounts.</summary>
    public AccountMatch? Match(AccountQuery query, AccountMatchingPolicy policy)
    {
        _start ??= new AccountMatcher(_added.Count == 0 ? _byDomain.Values : _byDomain.Values.Except(_added));
        var fromStart = _start.Match(query, policy);
        if (_added.Count == 0 || fromStart is { Rule: AccountMatchRule.Domain or AccountMatchRule.DomainAlias })
        {
            return fromStart;
        }

        var fromAdded = (_addedMatcher ??= new AccountMatcher(_added)).Match(query, policy);
        return fromAdded is null || fromStart is not null && !Beats(fromAdded, fromStart) ? fromStart : fromAdded;
    }

    /// <summary>A surer rule wins (the enum runs from surest to loosest), then a higher confidence.</summary>
    private static bool Beats(AccountMatch a, AccountMatch b) =>
        a.Rule != b.Rule ? a.Rule < b.Rule : a.Confidence > b.Confidence;
}
