using LeadRouting.Core.Leads;
using LeadRouting.Core.Routing.Matching;

namespace LeadRouting.Core.Routing;

/// <summary>
/// A routing state held in memory: the demo roster of the playground, tests and benchmarks. Not thread-safe;
/// callers that share one serialise access (the persistent store replaces it for real ingestion).
/// </summary>
public sealed class InMemoryRoutingState : IRoutingState
{
    private readonly Dictionary<RepId, RepStatus> _reps = [];
    private readonly AccountBook _accounts = new([]);
    private readonly Dictionary<string, ExistingLead> _leadsByEmail = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ExistingLead> _assignedByDomain = new(StringComparer.OrdinalIgnoreCase);
    private readonly PeopleIndex<ExistingLead> _people = new();
    private readonly RoundRobinPointers _pointers = new();
    private readonly Dictionary<string, MakeUpPolicy> _makeUp = new(StringComparer.Ordinal);
    private readonly AssignmentLog _assignedAt = new();
    private int _nextLeadNumber = 1;

    public RepStatus GetRepStatus(RepId rep) => _reps.GetValueOrDefault(rep) ?? RepStatus.Default;

    public AccountRecord? FindAccount(string domain) => _accounts.Find(domain);

    /// <summary>Matches over every account held (<see cref="AccountBook"/>).</summary>
    public AccountMatch? MatchAccount(AccountQuery query, AccountMatchingPolicy policy) => _accounts.Match(query, policy);

    public ExistingLead? FindOpenLeadByEmail(string email, DateTimeOffset receivedSince) =>
        _leadsByEmail.TryGetValue(email, out var lead) && lead.Stage.IsOpen() && lead.ReceivedAt >= receivedSince ? lead : null;

    public ExistingLead? FindOpenLeadByPerson(string accountDomain, string personKey, DateTimeOffset receivedSince, LeadId? except) =>
        _people.Newest(accountDomain, personKey, lead => lead.Stage.IsOpen() && lead.ReceivedAt >= receivedSince && lead.Id != except);

    public ExistingLead? FindOpenAssignedLeadByDomain(string domain) =>
        _assignedByDomain.TryGetValue(domain, out var lead) && lead.Stage.IsOpen() ? lead : null;

    public long? GetPass(string poolKey, RepId rep) => _pointers.GetPass(poolKey, rep);

    public long GetVirtualTime(string poolKey) => _pointers.GetVirtualTime(poolKey);

    public int AssignedSince(RepId rep, DateTimeOffset since) => _assignedAt.CountSince(rep, since);

    public MakeUpPolicy GetMakeUp(string poolKey) => _makeUp.GetValueOrDefault(poolKey);

    public long GetCredit(string poolKey, RepId rep) => _pointers.GetCredit(poolKey, rep);

    public long GetAccrued(string poolKey) => _pointers.GetAccrued(poolKey);

    public long? GetTaken(string poolKey, RepId rep) => _pointers.GetTaken(poolKey, rep);

    public void SetMakeUp(string poolKey, MakeUpPolicy policy) => _makeUp[poolKey] = policy;

    /// <inheritdoc cref="RoundRobinPointers.Adjust"/>
    public void AdjustShare(string poolKey, RepId rep, int weight, int poolWeight, int leads) => _pointers.Adjust(poolKey, rep, weight, poolWeight, leads);

    public IReadOnlyCollection<AccountRecord> Accounts => _accounts.Accounts;

    public void SetRepStatus(RepId rep, RepStatus status) => _reps[rep] = status;

    public void AddAccount(AccountRecord account) => _accounts.Set(account);

    /// <summary>A copy of the round-robin state, to check that something did not move it.</summary>
    public IReadOnlyDictionary<string, long> RoundRobinSnapshot() => _pointers.Snapshot();

    /// <summary>
    /// Records a routed lead: moves the pointer, counts the load (and the assignment at <paramref name="at"/>, else the
    /// lead's arrival, for the caps), claims the account, remembers the lead for dedup.
    /// </summary>
    public LeadId Apply(Lead lead, RoutingDecision decision, DateTimeOffset? at = null)
    {
        _pointers.Advance(decision);
        if (decision.AccountClaim is { } claim)
        {
            _accounts.TryAdd(claim.ToAccount());
        }

        if (decision.DuplicateOf is { } existingId && !decision.Rerouted)
        {
            return existingId;
        }

        if (decision.OwnerId is { } owner)
        {
            var status = GetRepStatus(owner);
            _reps[owner] = status with { OpenLeads = status.OpenLeads + 1 };
            _assignedAt.Add(owner, at ?? lead.ReceivedAt);
        }

        var id = decision.DuplicateOf ?? new LeadId($"L-{_nextLeadNumber++:D6}");
        var stored = ExistingLead.Routed(id, lead, decision);
        _leadsByEmail[lead.Email] = stored;
        _people.Add(stored, stored);
        if (decision.OwnerId is not null && lead.CompanyDomain is { } domain)
        {
            _assignedByDomain[domain] = stored;
        }

        return id;
    }
}
