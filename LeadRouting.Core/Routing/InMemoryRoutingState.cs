using LeadRouting.Core.Leads;

namespace LeadRouting.Core.Routing;

/// <summary>
/// A routing state held in memory: the demo roster of the playground, tests and benchmarks. Not thread-safe;
/// callers that share one serialise access (the persistent store replaces it for real ingestion).
/// </summary>
public sealed class InMemoryRoutingState : IRoutingState
{
    private readonly Dictionary<RepId, RepStatus> _reps = [];
    private readonly Dictionary<string, AccountRecord> _accounts = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ExistingLead> _leadsByEmail = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ExistingLead> _assignedByDomain = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<(string Pool, RepId Rep), long> _passes = [];
    private readonly Dictionary<string, long> _virtualTimes = new(StringComparer.Ordinal);
    private int _nextLeadNumber = 1;

    public RepStatus GetRepStatus(RepId rep) => _reps.GetValueOrDefault(rep) ?? RepStatus.Default;

    public AccountRecord? FindAccount(string domain) => _accounts.GetValueOrDefault(domain);

    public ExistingLead? FindOpenLeadByEmail(string email, DateTimeOffset receivedSince) =>
        _leadsByEmail.TryGetValue(email, out var lead) && lead.Stage.IsOpen() && lead.ReceivedAt >= receivedSince ? lead : null;

    public ExistingLead? FindOpenAssignedLeadByDomain(string domain) =>
        _assignedByDomain.TryGetValue(domain, out var lead) && lead.Stage.IsOpen() ? lead : null;

    public long? GetPass(string poolKey, RepId rep) => _passes.TryGetValue((poolKey, rep), out var pass) ? pass : null;

    public long GetVirtualTime(string poolKey) => _virtualTimes.GetValueOrDefault(poolKey);

    public IReadOnlyCollection<AccountRecord> Accounts => _accounts.Values;

    public void SetRepStatus(RepId rep, RepStatus status) => _reps[rep] = status;

    public void AddAccount(AccountRecord account) => _accounts[account.Domain] = account;

    /// <summary>A copy of the round-robin state, to check that something did not move it.</summary>
    public IReadOnlyDictionary<string, long> RoundRobinSnapshot() =>
        _passes.Select(p => KeyValuePair.Create($"{p.Key.Pool}/{p.Key.Rep}", p.Value))
            .Concat(_virtualTimes.Select(v => KeyValuePair.Create($"{v.Key}/@", v.Value)))
            .ToDictionary(StringComparer.Ordinal);

    /// <summary>Records a routed lead: moves the pointer, counts the load, claims the account, remembers the lead for dedup.</summary>
    public LeadId Apply(Lead lead, RoutingDecision decision)
    {
        if (decision.RoundRobin is { } rr)
        {
            _passes[(rr.PoolKey, rr.RepId)] = rr.NewPass;
            _virtualTimes[rr.PoolKey] = rr.NewVirtualTime;
        }

        if (decision.AccountClaim is { } claim)
        {
            _accounts.TryAdd(claim.Domain, claim.ToAccount());
        }

        if (decision.DuplicateOf is { } existingId && !decision.Rerouted)
        {
            return existingId;
        }

        if (decision.OwnerId is { } owner)
        {
            var status = GetRepStatus(owner);
            _reps[owner] = status with { OpenLeads = status.OpenLeads + 1 };
        }

        var id = decision.DuplicateOf ?? new LeadId($"L-{_nextLeadNumber++:D6}");
        var stored = new ExistingLead
        {
            Id = id,
            Email = lead.Email,
            CompanyDomain = lead.CompanyDomain,
            OwnerId = decision.OwnerId,
            Stage = decision.Status,
            ReceivedAt = lead.ReceivedAt,
            Action = decision.Action,
            Signals = lead.Signals,
        };
        _leadsByEmail[lead.Email] = stored;
        if (decision.OwnerId is not null && lead.CompanyDomain is { } domain)
        {
            _assignedByDomain[domain] = stored;
        }

        return id;
    }
}
