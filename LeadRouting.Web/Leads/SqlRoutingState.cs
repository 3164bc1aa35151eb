using LeadRouting.Core.Routing.Matching;
using LeadRouting.Web.Routing;

namespace LeadRouting.Web.Leads;

/// <summary>
/// The routing snapshot of one lead, read inside the writer's transaction. What dedup and ownership need for this
/// lead is read up front; rep states and round-robin pools are read the first time routing asks for them, so a
/// decision reads only the reps and pools it considers.
/// </summary>
public sealed class SqlRoutingState : IRoutingState
{
    private readonly WriteSession _session;
    private readonly Dictionary<string, RepStatus> _reps = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long VirtualTime, long Accrued, Dictionary<string, StoredPass> Passes)> _pools = new(StringComparer.Ordinal);
    private readonly AccountRecord? _account;
    private readonly ExistingLead? _sameEmail;
    private readonly ExistingLead? _inPlay;
    private readonly string? _domain;
    private readonly AccountMatcherIndex? _accounts;

    /// <param name="session">The writer's (or a preview's) session, inside its transaction.</param>
    /// <param name="lead">The lead being routed: its email and company domain are read up front.</param>
    /// <param name="emailSince">How far back an open lead with the same email counts as the same person.</param>
    /// <param name="accounts">The index name and parent-domain matching reads (issue 19); without it, accounts match by exact domain only.</param>
    public SqlRoutingState(WriteSession session, Lead lead, DateTimeOffset emailSince, AccountMatcherIndex? accounts = null)
    {
        _session = session;
        _accounts = accounts;
        _domain = lead.CompanyDomain;
        _sameEmail = session.FindOpenLeadByEmail(lead.Email, emailSince);
        if (lead.CompanyDomain is { } domain)
        {
            _account = session.FindAccount(domain);
            _inPlay = session.FindOpenAssignedLeadByDomain(domain);
        }
    }

    public RepStatus GetRepStatus(RepId rep)
    {
        if (!_reps.TryGetValue(rep.Value, out var status))
        {
            status = _session.FindRepStatus(rep.Value) ?? RepStatus.Default;
            _reps[rep.Value] = status;
        }

        return status;
    }

    public AccountRecord? FindAccount(string domain) => _account?.Domain == domain ? _account : null;

    public ExistingLead? FindOpenLeadByEmail(string email, DateTimeOffset receivedSince) =>
        _sameEmail is { } lead && lead.Email == email && lead.ReceivedAt >= receivedSince ? lead : null;

    /// <summary>The lead's own domain was read up front; another one (the domain of an account matched by name) is read when asked.</summary>
    public ExistingLead? FindOpenAssignedLeadByDomain(string domain) =>
        _inPlay?.CompanyDomain == domain ? _inPlay
        : domain == _domain || _accounts is null ? null
        : _session.FindOpenAssignedLeadByDomain(domain);

    /// <summary>Read when asked: only a lead whose account match counts and that gives both names asks (issue 19).</summary>
    public ExistingLead? FindOpenLeadByPerson(string accountDomain, string personKey, DateTimeOffset receivedSince, LeadId? except) =>
        _session.FindOpenLeadByPerson(accountDomain, personKey, receivedSince, except?.Value);

    public AccountMatch? MatchAccount(AccountQuery query, AccountMatchingPolicy policy) => _accounts?.Current().Match(query, policy);

    public long? GetPass(string poolKey, RepId rep) =>
        Pool(poolKey).Passes.TryGetValue(rep.Value, out var pass) ? pass.Pass : null;

    public long GetCredit(string poolKey, RepId rep) =>
        Pool(poolKey).Passes.TryGetValue(rep.Value, out var pass) ? pass.Credit : 0;

    public MakeUpPolicy GetMakeUp(string poolKey) => _session.MakeUpOf(poolKey);

    public int AssignedSince(RepId rep, DateTimeOffset since) => _session.AssignedSince(rep.Value, since);

    public long GetVirtualTime(string poolKey) => Pool(poolKey).VirtualTime;

    public long GetAccrued(string poolKey) => Pool(poolKey).Accrued;

    public long? GetTaken(string poolKey, RepId rep) =>
        Pool(poolKey).Passes.TryGetValue(rep.Value, out var pass) ? pass.Taken : null;

    private (long VirtualTime, long Accrued, Dictionary<string, StoredPass> Passes) Pool(string poolKey)
    {
        if (!_pools.TryGetValue(poolKey, out var pool))
        {
            var (virtualTime, accrued) = _session.FindPool(poolKey) ?? (0, 0);
            pool = (virtualTime, accrued, _session.PassesOf(poolKey));
            _pools[poolKey] = pool;
        }

        return pool;
    }
}

/// <summary>A rep's stored round-robin position in a pool: pass, credit and catch-up's count of leads taken (null if unknown).</summary>
public readonly record struct StoredPass(long Pass, long Credit, long? Taken);
