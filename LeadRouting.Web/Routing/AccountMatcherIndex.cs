using System.Data.Common;
using LeadRouting.Core.Routing.Matching;

namespace LeadRouting.Web.Routing;

/// <summary>
/// The account index live routing matches names and parent domains against (issue 19): an <see cref="AccountMatcher"/>
/// over every row of the Accounts table. The exact domain never goes through it — routing reads the lead's own domain's
/// account by SQL in the writer's transaction, always current — so an account saved a moment ago is found by its domain
/// at once and by its name once the index is rebuilt: on the first use after <see cref="MaxAge"/> (every instance, without
/// a message between them) or after <see cref="Invalidate"/> (this instance changed accounts).
/// </summary>
/// <remarks>
/// Only the first build runs on the caller (there is nothing to serve yet); later rebuilds run in the background while
/// the previous index keeps serving, because a rebuild over 100,000 accounts takes seconds (docs/BENCHMARKS.md,
/// "Issue 19") and the caller is the lead writer. Rows are read on a context of their own, not on the writer's session.
/// A generation counter makes an <see cref="Invalidate"/> that arrives while a rebuild is reading count: that rebuild
/// does not mark the index current, so the next use rebuilds again.
/// </remarks>
public sealed class AccountMatcherIndex(IDbContextFactory<LeadRoutingDbContext> dbFactory, TimeProvider time, ILogger<AccountMatcherIndex> logger)
{
    /// <summary>How long a built index serves before the next use rebuilds it.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);

    private readonly Lock _lock = new();
    private AccountMatcher? _matcher;
    private DateTimeOffset _builtAt;
    private long _generation;
    private long _builtGeneration;
    private Task? _rebuild;

    /// <summary>The current index; starts a background rebuild when it is older than <see cref="MaxAge"/> or invalidated.</summary>
    public AccountMatcher Current()
    {
        long generation;
        lock (_lock)
        {
            if (_matcher is { } current)
            {
                if ((_builtGeneration != _generation || time.GetUtcNow() - _builtAt >= MaxAge) && _rebuild is null)
                {
                    _rebuild = Task.Run(Rebuild);
                }

                return current;
            }

            generation = _generation;
        }

        var built = new AccountMatcher(Load());
        lock (_lock)
        {
            if (_matcher is null)
            {
                (_matcher, _builtAt, _builtGeneration) = (built, time.GetUtcNow(), generation);
            }

            return _matcher;
        }
    }

    /// <summary>
    /// An index of every account on record now, built for the caller and not cached: for one-off work that must not
    /// match against an index older than the accounts (<see cref="Leads.SamePersonBackfill"/>).
    /// </summary>
    public AccountMatcher Build() => new(Load());

    /// <summary>The next use rebuilds the index (after this instance changed accounts).</summary>
    public void Invalidate()
    {
        lock (_lock)
        {
            _generation++;
        }
    }

    private void Rebuild()
    {
        long generation;
        lock (_lock)
        {
            generation = _generation;
        }

        try
        {
            var startedAt = time.GetUtcNow();
            var built = new AccountMatcher(Load());
            lock (_lock)
            {
                (_matcher, _builtAt, _builtGeneration) = (built, startedAt, generation);
            }
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or ObjectDisposedException)
        {
            // The previous index keeps serving; the next use tries again.
            logger.LogWarning(e, "Rebuilding the account index failed; routing keeps matching names against the previous one.");
        }
        finally
        {
            lock (_lock)
            {
                _rebuild = null;
            }
        }
    }

    private List<AccountRecord> Load()
    {
        using var db = dbFactory.CreateDbContext();
        return [.. db.Accounts.AsNoTracking().Select(AccountEntity.AsRecord)];
    }
}
