using System.Data;
using System.Data.Common;
using LeadRouting.Web.Leads;
using Microsoft.Data.Sqlite;

namespace LeadRouting.Web.Routing;

/// <summary>
/// The live routing state every preview routes over (the playground, <c>/rules</c>, <c>POST /api/routing/preview</c>,
/// the settings preview box): exactly what the lead writer's routing reads for a posted lead — rep availability and
/// loads, accounts, open leads of the same person and company, round-robin positions — through the same statements
/// (<see cref="SqlRoutingState"/> over <see cref="WriteSession"/>'s reads), so a preview and the post that follows it
/// decide the same.
/// </summary>
/// <remarks>
/// A preview reads on a connection of its own, never on the writer's: the playground previews as the user types, and
/// those reads must not queue behind (or hold up) ingestion. The connection is read-only in the database itself
/// (<see cref="LeadRoutingStorage.OpenReadOnly"/>), so a preview cannot move a round-robin pointer, claim an account
/// or change a load even by mistake, and all reads of one preview share one transaction, so they see one consistent
/// moment of the writer's commits.
/// </remarks>
public sealed class LiveRoutingState(LeadRoutingStorage storage, IDbContextFactory<LeadRoutingDbContext> dbFactory, AccountMatcherIndex accounts)
{
    /// <summary>Runs <paramref name="read"/> over one consistent snapshot of the live routing state.</summary>
    /// <param name="published">The version the reads are for (handed to the session the way the writer hands it).</param>
    /// <param name="read">The reads; it must not keep the snapshot beyond its return.</param>
    public T Read<T>(PublishedConfiguration published, Func<LiveSnapshot, T> read)
    {
        using var connection = storage.OpenReadOnly();
        using var transaction = BeginSnapshot(connection);
        using var session = new WriteSession(connection);
        session.Begin(transaction, published);
        // Nothing is committed: the transaction only pins the snapshot and is rolled back when disposed.
        return read(new LiveSnapshot(session, accounts));
    }

    /// <summary>Availability and load of every rep with a live state row; a rep without one is <see cref="RepStatus.Default"/>, as for routing.</summary>
    public async Task<IReadOnlyDictionary<RepId, RepStatus>> RepStatusesAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.RepStates.AsNoTracking().ToListAsync(cancellationToken);
        return rows.ToDictionary(r => new RepId(r.RepId), r => new RepStatus(r.Availability, r.OutOfOfficeUntil, r.OpenLeads));
    }

    /// <summary>The first <paramref name="max"/> accounts by domain, and how many there are.</summary>
    public async Task<AccountsPage> AccountsAsync(int max, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var total = await db.Accounts.CountAsync(cancellationToken);
        var accounts = await db.Accounts.AsNoTracking()
            .OrderBy(a => a.Domain)
            .Take(max)
            .Select(a => new { a.Domain, a.Name, a.OwnerId, a.IsNamedAccount, a.IsCustomer })
            .ToListAsync(cancellationToken);
        return new AccountsPage(
            [
                .. accounts.Select(a => new AccountRecord
                {
                    Domain = a.Domain,
                    Name = a.Name,
                    OwnerId = a.OwnerId is null ? null : new RepId(a.OwnerId),
                    IsNamedAccount = a.IsNamedAccount,
                    IsCustomer = a.IsCustomer,
                }),
            ],
            total);
    }

    private static DbTransaction BeginSnapshot(DbConnection connection) => connection switch
    {
        // Deferred: SQLite's default BEGIN IMMEDIATE would wait for the writer's lock; a deferred read transaction
        // takes its snapshot at the first read and keeps it to the end, without blocking anyone (WAL).
        SqliteConnection sqlite => sqlite.BeginTransaction(deferred: true),
        // PostgreSQL: one snapshot for every statement of the transaction (read-only by the connection's default).
        _ => connection.BeginTransaction(IsolationLevel.RepeatableRead),
    };
}

/// <summary>One consistent moment of the live routing state, open for the duration of a <see cref="LiveRoutingState.Read{T}"/>.</summary>
public sealed class LiveSnapshot
{
    private readonly WriteSession _session;
    private readonly AccountMatcherIndex? _accounts;

    internal LiveSnapshot(WriteSession session, AccountMatcherIndex? accounts = null)
    {
        _session = session;
        _accounts = accounts;
    }

    /// <summary>
    /// The state routing reads for <paramref name="lead"/>, as the writer builds it for a posted lead: open leads of the
    /// same email received at or after <paramref name="sameEmailSince"/>, the company's account and open assigned lead,
    /// and rep states and round-robin pools as routing asks for them.
    /// </summary>
    public IRoutingState For(Lead lead, DateTimeOffset sameEmailSince) => new SqlRoutingState(_session, lead, sameEmailSince, _accounts);

    /// <summary>
    /// Routes a (valid) submission by <paramref name="engine"/> at <paramref name="now"/> the way ingestion does: the
    /// engine's own intake normalises it, and the dedup window counts back from <paramref name="now"/>.
    /// </summary>
    public (Lead Lead, RoutingDecision Decision) Route(RoutingEngine engine, LeadSubmission submission, DateTimeOffset now)
    {
        var lead = engine.Normalizer.Normalize(submission, now);
        var state = For(lead, now.AddDays(-engine.Configuration.Policy.Dedup.SameEmailWindowDays));
        var decision = engine.Route(lead, state, now);
        return (decision.Enrichment?.Apply(lead) ?? lead, decision);
    }

    /// <summary>The stored lead that already holds <paramref name="externalId"/>, if any (a post would answer that lead).</summary>
    public string? LeadWithExternalId(string externalId) => _session.FindLeadIdByExternalId(externalId);
}

/// <summary>Some accounts and the number of all of them.</summary>
public sealed record AccountsPage(IReadOnlyList<AccountRecord> Accounts, int Total);
