using LeadRouting.Core.Routing.Matching;

namespace LeadRouting.Web.Routing;

/// <summary>
/// The account index live routing matches names and parent domains against (issue 19): an <see cref="AccountMatcher"/>
/// over every row of the Accounts table, built on first use and rebuilt on the first use after <see cref="MaxAge"/> or
/// after <see cref="Invalidate"/>. The exact domain never goes through it — routing reads the lead's own domain's account
/// by SQL in the writer's transaction, always current — so an account saved a moment ago is found by its domain at once
/// and by its name within <see cref="MaxAge"/> (on every instance, without a message between them).
/// </summary>
/// <remarks>
/// The rows are read on a context of their own, not on the writer's session: the read is a snapshot of committed
/// accounts, and it does not count among (or lengthen) the writer's statements. A rebuild over 100,000 accounts costs
/// what docs/BENCHMARKS.md ("Issue 19") says, once a minute at most.
/// </remarks>
public sealed class AccountMatcherIndex(IDbContextFactory<LeadRoutingDbContext> dbFactory, TimeProvider time)
{
    /// <summary>How long a built index serves before the next use rebuilds it.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);

    private readonly Lock _lock = new();
    private AccountMatcher? _matcher;
    private DateTimeOffset _builtAt;

    /// <summary>The index as of at most <see cref="MaxAge"/> ago.</summary>
    public AccountMatcher Current()
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (_matcher is null || now - _builtAt >= MaxAge)
            {
                _matcher = new AccountMatcher(Load());
                _builtAt = now;
            }

            return _matcher;
        }
    }

    /// <summary>The next use rebuilds the index (after this instance changed accounts).</summary>
    public void Invalidate()
    {
        lock (_lock)
        {
            _matcher = null;
        }
    }

    private List<AccountRecord> Load()
    {
        using var db = dbFactory.CreateDbContext();
        return [.. db.Accounts.AsNoTracking().Select(a => new AccountRecord
        {
            Domain = a.Domain,
            Name = a.Name,
            OwnerId = a.OwnerId == null ? null : new RepId(a.OwnerId),
            IsNamedAccount = a.IsNamedAccount,
            IsCustomer = a.IsCustomer,
            Industry = a.Industry,
            Employees = a.Employees,
            Country = a.Country,
        })];
    }
}
