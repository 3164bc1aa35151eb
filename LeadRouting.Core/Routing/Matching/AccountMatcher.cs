using FuzzySharp;

namespace LeadRouting.Core.Routing.Matching;

/// <summary>
/// Finds the account a lead belongs to when its exact domain does not say it (issue 19): by domain alias, by the
/// registrable domain of a subdomain (<see cref="PublicSuffixList"/>), and — for free-mail leads and domains no account
/// knows — by company name (<see cref="CompanyNames"/>, then a token-wise similarity with FuzzySharp's Levenshtein
/// ratio). Immutable and thread-safe once built; build a new one when the accounts change.
/// </summary>
/// <remarks>
/// <para>
/// Name similarity is scored token by token rather than over the whole string, because one differing word is what
/// separates companies with similar names: "Deutsche Bank" and "Deutsche Bahn" are 92 % alike as strings, but "bank" and
/// "bahn" are different words, so the pair scores 0.67. Words are weighted by length; a word counts as the same when it
/// is equal; when — at least five letters long — it differs by two neighbouring letters swapped ("Volksawgen", the
/// commonest slip in typing) it counts 0.95; otherwise, both at least five letters long, when FuzzySharp's ratio is at
/// least 0.85 (a letter more, less or another: "Volkswagon"), at a discount (×0.93), so such a difference alone never
/// lifts a one-word name over the default threshold — "Henkell" is not "Henkel", "Baier" not "Bayer". Names that are
/// equal without spaces ("Thyssen Krupp", "ThyssenKrupp") score 0.98; an acronym of the other name ("BMW", "Bayerische
/// Motoren Werke") 0.85, a grey zone, since acronyms are ambiguous.
/// </para>
/// <para>
/// Tie-breakers among accounts that score alike (within 0.005): the lead's country, then the company size closest to the
/// lead's (or the larger account when the lead has no size: the parent rather than a subsidiary). An account in another
/// country than the lead's costs 0.05. Two accounts that still cannot be told apart make the match ambiguous: its
/// confidence is capped just below the policy's threshold, so a person decides (Manual review names both).
/// </para>
/// <para>
/// Blocking: accounts are indexed by whole normalised name, by name without spaces, by each word and by the first four
/// letters of each long word (for typos). A lead is scored only against the accounts that share a word or prefix with it,
/// drawn from the rarest words first up to <see cref="MaxCandidates"/> — a match must share its rarest words, since the
/// distinguishing word carries most of the weight — and none at all when the words the index knows could not reach a
/// score of 0.5 even with an account made of exactly them. FuzzySharp's ratio is computed only for words of similar
/// length with the same first letter (the typo model: a slip inside the word).
/// </para>
/// </remarks>
public sealed class AccountMatcher
{
    /// <summary>How many accounts at most a name is scored against.</summary>
    public const int MaxCandidates = 128;

    private const double TieWindow = 0.005;

    /// <summary>Below this no policy reviews a match (the lowest sensible <see cref="AccountMatchingPolicy.ReviewFrom"/>).</summary>
    private const double ReviewFloor = 0.5;
    private const double ForeignCountryPenalty = 0.05;
    private const double CompactScore = 0.98;
    private const double AcronymScore = 0.85;
    private const double TypoDiscount = 0.93;
    private const double TranspositionScore = 0.95;
    private const int TypoMinLength = 5;
    private const double TypoMinRatio = 0.85;
    private const int PrefixLength = 4;
    private const int PrefixMinLength = 6;

    private readonly List<AccountRecord> _accounts;
    private readonly List<NormalizedName> _names;
    private readonly PublicSuffixList _suffixes;
    private readonly AccountMatchingPolicy _policy;
    private readonly Dictionary<string, (int Account, bool Alias)> _byDomain = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> _byRegistrable = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> _byCompact = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> _byInitials = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> _byToken = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> _byPrefix = new(StringComparer.Ordinal);

    public AccountMatcher(IEnumerable<AccountRecord> accounts, AccountMatchingPolicy? policy = null, PublicSuffixList? suffixes = null)
    {
        _accounts = [.. accounts];
        _suffixes = suffixes ?? PublicSuffixList.Default;
        _policy = policy ?? AccountMatchingPolicy.Default;
        _names = new List<NormalizedName>(_accounts.Count);
        for (var i = 0; i < _accounts.Count; i++)
        {
            Index(i);
        }
    }

    /// <summary>
    /// Adds <paramref name="account"/> after the others: the matcher then answers exactly as one built over the longer
    /// list would (the indexes are filled account by account, in order). For a matcher its owner alone uses — a replay's
    /// accounts claimed along the way — which would otherwise be rebuilt over every claim so far after each claim.
    /// Not for a shared matcher: it is not safe while another thread matches.
    /// </summary>
    internal void Append(AccountRecord account)
    {
        _accounts.Add(account);
        Index(_accounts.Count - 1);
    }

    private void Index(int i)
    {
        var account = _accounts[i];
        IndexDomain(account.Domain, i, alias: false);
        foreach (var alias in account.DomainAliases)
        {
            IndexDomain(alias, i, alias: true);
        }

        var name = CompanyNames.Normalize(account.Name);
        _names.Add(name);
        if (name.IsEmpty)
        {
            return;
        }

        Add(_byKey, name.Key, i);
        Add(_byCompact, name.Compact, i);
        if (name.Initials is { Length: >= 3 } initials)
        {
            Add(_byInitials, initials, i);
        }

        foreach (var token in name.Tokens.Distinct())
        {
            Add(_byToken, token, i);
            if (token.Length >= PrefixMinLength)
            {
                Add(_byPrefix, token[..PrefixLength], i);
            }
        }
    }

    public int Count => _accounts.Count;

    public AccountMatchingPolicy Policy => _policy;

    /// <summary>
    /// The best account for <paramref name="query"/>, or null when no rule finds one worth naming (below
    /// <see cref="AccountMatchingPolicy.ReviewFrom"/> of <paramref name="policy"/>, else of the matcher's own policy).
    /// </summary>
    public AccountMatch? Match(AccountQuery query, AccountMatchingPolicy? policy = null)
    {
        policy ??= _policy;
        if (query.Domain is { Length: > 0 } domain && MatchDomain(domain) is { } byDomain)
        {
            return byDomain;
        }

        var byName = MatchName(query, policy);
        return byName is not null && byName.Confidence >= policy.ReviewFrom ? byName : null;
    }

    /// <summary>The account with this exact domain or alias, the surest and cheapest match.</summary>
    public AccountRecord? FindByDomain(string domain) =>
        _byDomain.TryGetValue(domain, out var hit) ? _accounts[hit.Account] : null;

    /// <summary>The similarity of two company names, 0–1, as the matcher scores them (no country or size involved).</summary>
    public static double NameSimilarity(string? a, string? b) => Score(CompanyNames.Normalize(a), CompanyNames.Normalize(b));

    private AccountMatch? MatchDomain(string domain)
    {
        if (_byDomain.TryGetValue(domain, out var exact))
        {
            return new AccountMatch(_accounts[exact.Account], exact.Alias ? AccountMatchRule.DomainAlias : AccountMatchRule.Domain, 1.0, domain);
        }

        var registrable = _suffixes.RegistrableDomain(domain);
        if (registrable is null)
        {
            return null;
        }

        // The most specific parent first: mri.healthineers.siemens.com finds healthineers.siemens.com before siemens.com.
        for (var dot = domain.IndexOf('.'); dot >= 0 && domain.Length - dot - 1 >= registrable.Length; dot = domain.IndexOf('.', dot + 1))
        {
            var parent = domain[(dot + 1)..];
            if (_byDomain.TryGetValue(parent, out var hit))
            {
                return new AccountMatch(_accounts[hit.Account], AccountMatchRule.RegistrableDomain, 0.98, parent);
            }
        }

        // A sibling: the lead writes from siemens.com or eu.siemens.com, the account holds de.siemens.com.
        if (_byRegistrable.TryGetValue(registrable, out var siblings))
        {
            var best = siblings.MaxBy(i => _accounts[i].Employees ?? 0);
            return new AccountMatch(_accounts[best], AccountMatchRule.RegistrableDomain, 0.95, registrable);
        }

        return null;
    }

    private AccountMatch? MatchName(AccountQuery query, AccountMatchingPolicy policy)
    {
        var name = CompanyNames.Normalize(query.Company);
        if (name.IsEmpty)
        {
            return null;
        }

        var candidates = Candidates(name);
        if (candidates.Count == 0)
        {
            return null;
        }

        int best = -1, second = -1;
        double bestScore = 0, secondScore = 0;
        foreach (var i in candidates)
        {
            var score = Score(name, _names[i]);
            if (score <= 0)
            {
                continue;
            }

            if (query.Country is { } country && _accounts[i].Country is { } accountCountry && !string.Equals(country, accountCountry, StringComparison.OrdinalIgnoreCase))
            {
                score -= ForeignCountryPenalty;
            }

            if (best < 0)
            {
                (best, bestScore) = (i, score);
            }
            else if (score > bestScore + TieWindow || (score >= bestScore - TieWindow && Prefer(i, best, query) < 0))
            {
                (second, secondScore) = (best, bestScore);
                (best, bestScore) = (i, score);
            }
            else if (second < 0 || score > secondScore)
            {
                (second, secondScore) = (i, score);
            }
        }

        if (best < 0)
        {
            return null;
        }

        AccountRecord? runnerUp = null;
        var confidence = Math.Clamp(bestScore, 0, 1);
        if (second >= 0 && secondScore >= bestScore - TieWindow && Prefer(best, second, query) == 0)
        {
            runnerUp = _accounts[second];
            confidence = Math.Min(confidence, Math.Max(policy.ReviewFrom, policy.CountsAt - 0.01));
        }

        return new AccountMatch(_accounts[best], AccountMatchRule.CompanyName, Math.Round(confidence, 2), name.Key, runnerUp);
    }

    /// <summary>Negative when account <paramref name="a"/> is preferred to <paramref name="b"/> for the lead, 0 when the tie-breakers cannot tell.</summary>
    private int Prefer(int a, int b, AccountQuery query)
    {
        var x = _accounts[a];
        var y = _accounts[b];
        if (query.Country is { } country)
        {
            var xSame = string.Equals(x.Country, country, StringComparison.OrdinalIgnoreCase);
            var ySame = string.Equals(y.Country, country, StringComparison.OrdinalIgnoreCase);
            if (xSame != ySame)
            {
                return xSame ? -1 : 1;
            }
        }

        if (query.Employees is { } employees && employees > 0)
        {
            var dx = SizeDistance(x.Employees, employees);
            var dy = SizeDistance(y.Employees, employees);
            if (Math.Abs(dx - dy) > 0.1)
            {
                return dx < dy ? -1 : 1;
            }
        }
        else if ((x.Employees ?? 0) != (y.Employees ?? 0))
        {
            return (x.Employees ?? 0) > (y.Employees ?? 0) ? -1 : 1;
        }

        return 0;
    }

    private static double SizeDistance(int? accountEmployees, int leadEmployees) =>
        accountEmployees is { } e && e > 0 ? Math.Abs(Math.Log((double)e / leadEmployees)) : double.MaxValue;

    /// <summary>The accounts worth scoring against <paramref name="name"/>: equal names, then the postings of its rarest words and prefixes.</summary>
    private List<int> Candidates(NormalizedName name)
    {
        var found = new HashSet<int>(MaxCandidates);
        AddAll(found, _byKey, name.Key);
        AddAll(found, _byCompact, name.Compact);
        if (name.Tokens.Count == 1)
        {
            AddAll(found, _byInitials, name.Key);
        }
        else if (name.Initials is { } initials)
        {
            AddAll(found, _byKey, initials);
        }

        var postings = new List<List<int>>(name.Tokens.Count * 2);
        int leadWeight = 0, foundWeight = 0;
        foreach (var token in name.Tokens)
        {
            leadWeight += token.Length;
            var known = false;
            if (_byToken.TryGetValue(token, out var list))
            {
                postings.Add(list);
                known = true;
            }

            if (token.Length >= TypoMinLength && _byPrefix.TryGetValue(token[..PrefixLength], out var prefixed))
            {
                postings.Add(prefixed);
                known = true;
            }

            foundWeight += known ? token.Length : 0;
        }

        // The best any account could score is one made of exactly the words found in the index: when even that stays
        // below the review threshold ("Zyxkabeto Handel": only "handel" is known), no account is worth scoring.
        if (found.Count == 0 && 2.0 * foundWeight / (leadWeight + foundWeight) < ReviewFloor)
        {
            return [];
        }

        postings.Sort((a, b) => a.Count.CompareTo(b.Count));
        foreach (var list in postings)
        {
            if (found.Count > 0 && found.Count + list.Count > MaxCandidates)
            {
                break;
            }

            for (var i = 0; i < list.Count && found.Count < MaxCandidates; i++)
            {
                found.Add(list[i]);
            }
        }

        return [.. found];
    }

    /// <summary>How alike two normalised names are, 0–1.</summary>
    internal static double Score(NormalizedName a, NormalizedName b)
    {
        if (a.IsEmpty || b.IsEmpty)
        {
            return 0;
        }

        if (a.Key == b.Key)
        {
            return 1;
        }

        if (a.Compact == b.Compact)
        {
            return CompactScore;
        }

        var score = TokenScore(a.Tokens, b.Tokens);
        if ((a.Tokens.Count == 1 && a.Key.Length >= 3 && a.Key == b.Initials) || (b.Tokens.Count == 1 && b.Key.Length >= 3 && b.Key == a.Initials))
        {
            score = Math.Max(score, AcronymScore);
        }

        return score;
    }

    /// <summary>Length-weighted share of the two names' words that pair up (equal words 1, typos discounted).</summary>
    private static double TokenScore(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        var total = 0;
        foreach (var t in a)
        {
            total += t.Length;
        }

        foreach (var t in b)
        {
            total += t.Length;
        }

        Span<bool> used = stackalloc bool[b.Count];
        double matched = 0;
        foreach (var x in a)
        {
            var bestJ = -1;
            double best = 0;
            for (var j = 0; j < b.Count; j++)
            {
                if (used[j])
                {
                    continue;
                }

                var y = b[j];
                double similarity;
                if (x == y)
                {
                    similarity = 1;
                }
                else if (x.Length >= TypoMinLength && IsTransposition(x, y))
                {
                    similarity = TranspositionScore;
                }
                else if (x.Length >= TypoMinLength && y.Length >= TypoMinLength && Math.Abs(x.Length - y.Length) <= 2 && x[0] == y[0])
                {
                    var ratio = Fuzz.Ratio(x, y) / 100.0;
                    similarity = ratio >= TypoMinRatio ? ratio * TypoDiscount : 0;
                }
                else
                {
                    similarity = 0;
                }

                if (similarity > best)
                {
                    (best, bestJ) = (similarity, j);
                    if (similarity == 1)
                    {
                        break;
                    }
                }
            }

            if (bestJ >= 0)
            {
                used[bestJ] = true;
                matched += (x.Length + b[bestJ].Length) * best;
            }
        }

        return matched / total;
    }

    /// <summary>Whether <paramref name="y"/> is <paramref name="x"/> with two neighbouring letters swapped ("Volksawgen").</summary>
    private static bool IsTransposition(string x, string y)
    {
        if (x.Length != y.Length)
        {
            return false;
        }

        var first = 0;
        while (first < x.Length && x[first] == y[first])
        {
            first++;
        }

        return first < x.Length - 1
            && x[first] == y[first + 1]
            && x[first + 1] == y[first]
            && x.AsSpan(first + 2).SequenceEqual(y.AsSpan(first + 2));
    }

    private void IndexDomain(string domain, int account, bool alias)
    {
        var key = domain.Trim().ToLowerInvariant();
        if (key.Length == 0)
        {
            return;
        }

        // The first account to claim a domain keeps it, as the accounts table's unique domain does.
        _byDomain.TryAdd(key, (account, alias));
        if (_suffixes.RegistrableDomain(key) is { } registrable)
        {
            Add(_byRegistrable, registrable, account);
        }
    }

    private static void Add(Dictionary<string, List<int>> index, string key, int account)
    {
        if (!index.TryGetValue(key, out var list))
        {
            list = [];
            index[key] = list;
        }

        if (list.Count == 0 || list[^1] != account)
        {
            list.Add(account);
        }
    }

    private static void AddAll(HashSet<int> found, Dictionary<string, List<int>> index, string key)
    {
        if (index.TryGetValue(key, out var list))
        {
            foreach (var i in list.Take(MaxCandidates))
            {
                found.Add(i);
            }
        }
    }
}
