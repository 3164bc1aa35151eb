using LeadRouting.Core.Leads;
using LeadRouting.Core.Routing;
using LeadRouting.Core.Routing.Matching;

namespace LeadRouting.Core.Replay;

/// <summary>
/// The routing state one configuration evolves during a replay. Like <see cref="InMemoryRoutingState"/> it records each
/// decision (round-robin pointers, loads, cap counts, credits, account claims, open leads for dedup) and matches accounts
/// like live routing (<see cref="AccountBook"/>), and in addition it lets time pass:
/// a lead stops being open at its recorded outcome, and stops counting toward its owner's load at its outcome or
/// <see cref="ReplayOptions.LoadDays"/> after it arrived, whichever comes first.
/// </summary>
internal sealed class ReplayState : IRoutingState
{
    private readonly Dictionary<RepId, RepStatus> _reps = [];
    private readonly Dictionary<RepId, int> _peaks = [];
    private readonly AccountBook _accounts;
    private readonly AssignmentLog _assigned = new();
    private readonly IReadOnlyDictionary<string, MakeUpPolicy> _makeUp;
    private readonly Dictionary<string, OpenLead> _leadsByEmail = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OpenLead> _assignedByDomain = new(StringComparer.OrdinalIgnoreCase);
    private readonly PeopleIndex<OpenLead> _people = new();
    private readonly RoundRobinPointers _pointers = new();

    // Ties in release time are broken by the order loads were added, so releases happen in one fixed order.
    private readonly PriorityQueue<RepId, (long Ticks, long Sequence)> _releases = new();
    private readonly TimeSpan _loadSpan;
    private long _sequence;
    private DateTimeOffset _now = DateTimeOffset.MinValue;

    public ReplayState(ReplayStartState start, int loadDays)
    {
        _loadSpan = TimeSpan.FromDays(Math.Max(0, loadDays));
        foreach (var rep in start.Reps)
        {
            _reps[rep.RepId] = new RepStatus(rep.Availability, rep.OutOfOfficeUntil, 0);
        }

        _accounts = new AccountBook(start.Accounts, start.AccountMatcher);
        _makeUp = start.MakeUp;
        foreach (var carried in start.CarriedLoads)
        {
            AddLoad(carried.RepId, carried.ReleaseAt);
        }

        foreach (var assignment in start.CarriedAssignments)
        {
            _assigned.Add(assignment.RepId, assignment.At);
        }
    }

    public int PeakOpen(RepId rep) => _peaks.GetValueOrDefault(rep);

    /// <summary>Moves the replay clock to <paramref name="now"/>: loads whose time is up are released.</summary>
    public void AdvanceTo(DateTimeOffset now)
    {
        _now = now;
        var ticks = now.UtcTicks;
        while (_releases.TryPeek(out var rep, out var at) && at.Ticks <= ticks)
        {
            _releases.Dequeue();
            var status = GetRepStatus(rep);
            _reps[rep] = status with { OpenLeads = Math.Max(0, status.OpenLeads - 1) };
        }
    }

    public RepStatus GetRepStatus(RepId rep) => _reps.GetValueOrDefault(rep) ?? RepStatus.Default;

    public AccountRecord? FindAccount(string domain) => _accounts.Find(domain);

    public AccountMatch? MatchAccount(AccountQuery query, AccountMatchingPolicy policy) => _accounts.Match(query, policy);

    public int AssignedSince(RepId rep, DateTimeOffset since) => _assigned.CountSince(rep, since);

    public MakeUpPolicy GetMakeUp(string poolKey) => _makeUp.GetValueOrDefault(poolKey);

    public long GetCredit(string poolKey, RepId rep) => _pointers.GetCredit(poolKey, rep);

    public long GetAccrued(string poolKey) => _pointers.GetAccrued(poolKey);

    public long? GetTaken(string poolKey, RepId rep) => _pointers.GetTaken(poolKey, rep);

    public ExistingLead? FindOpenLeadByEmail(string email, DateTimeOffset receivedSince) =>
        _leadsByEmail.TryGetValue(email, out var open) && IsOpen(open) && open.Lead.ReceivedAt >= receivedSince ? open.Lead : null;

    public ExistingLead? FindOpenLeadByPerson(string accountDomain, string personKey, DateTimeOffset receivedSince, LeadId? except) =>
        _people.Newest(accountDomain, personKey, open => IsOpen(open) && open.Lead.ReceivedAt >= receivedSince && open.Lead.Id != except)?.Lead;

    public ExistingLead? FindOpenAssignedLeadByDomain(string domain) =>
        _assignedByDomain.TryGetValue(domain, out var open) && IsOpen(open) ? open.Lead : null;

    public long? GetPass(string poolKey, RepId rep) => _pointers.GetPass(poolKey, rep);

    public long GetVirtualTime(string poolKey) => _pointers.GetVirtualTime(poolKey);

    /// <summary>Records a routed lead the way the live writer does; a merge into an open lead adds no load.</summary>
    public void Apply(LeadId id, Lead lead, RoutingDecision decision, DateTimeOffset? closedAt)
    {
        _pointers.Advance(decision);
        if (decision.AccountClaim is { } claim)
        {
            _accounts.TryAdd(claim.ToAccount());
        }

        if (decision.DuplicateOf is not null && !decision.Rerouted)
        {
            return;
        }

        if (decision.OwnerId is { } owner)
        {
            _assigned.Add(owner, lead.ReceivedAt);
            var release = lead.ReceivedAt + _loadSpan;
            AddLoad(owner, closedAt is { } closed && closed < release ? closed : release);
        }

        var stored = new OpenLead(ExistingLead.Routed(decision.DuplicateOf ?? id, lead, decision), closedAt);
        _leadsByEmail[lead.Email] = stored;
        _people.Add(stored.Lead, stored);
        if (decision.OwnerId is not null && lead.CompanyDomain is { } domain)
        {
            _assignedByDomain[domain] = stored;
        }
    }

    private bool IsOpen(OpenLead open) => open.Lead.Stage.IsOpen() && (open.ClosedAt is not { } closed || closed > _now);

    private void AddLoad(RepId rep, DateTimeOffset releaseAt)
    {
        var status = GetRepStatus(rep);
        var load = status.OpenLeads + 1;
        _reps[rep] = status with { OpenLeads = load };
        if (load > _peaks.GetValueOrDefault(rep))
        {
            _peaks[rep] = load;
        }

        _releases.Enqueue(rep, (releaseAt.UtcTicks, _sequence++));
    }

    private sealed record OpenLead(ExistingLead Lead, DateTimeOffset? ClosedAt);
}
