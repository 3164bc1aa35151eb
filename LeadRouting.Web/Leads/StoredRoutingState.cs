using LeadRouting.Core;
using LeadRouting.Core.Leads;
using LeadRouting.Core.Routing;
using LeadRouting.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace LeadRouting.Web.Leads;

/// <summary>
/// The routing snapshot read from the database inside the lead's transaction. What dedup and ownership need for
/// this lead is read up front; rep states and round-robin passes are read the first time routing asks for them,
/// so a decision reads only the pools it considers.
/// </summary>
public sealed class StoredRoutingState : IRoutingState
{
    private readonly LeadRoutingDbContext _db;
    private readonly Dictionary<string, RepStatus> _reps = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long VirtualTime, Dictionary<string, long> Passes)> _pools = new(StringComparer.Ordinal);
    private AccountRecord? _account;
    private ExistingLead? _sameEmail;
    private ExistingLead? _inPlay;

    private StoredRoutingState(LeadRoutingDbContext db) => _db = db;

    public static async Task<StoredRoutingState> LoadAsync(LeadRoutingDbContext db, Lead lead, DateTimeOffset emailSince, CancellationToken cancellationToken)
    {
        var state = new StoredRoutingState(db);
        state._sameEmail = await OpenLeads(db)
            .Where(l => l.Email == lead.Email && l.ReceivedAt >= emailSince)
            .OrderByDescending(l => l.ReceivedAt)
            .Select(l => new { l.Id, l.Email, l.CompanyDomain, l.OwnerId, l.Stage, l.ReceivedAt, l.Action })
            .FirstOrDefaultAsync(cancellationToken) is { } same
            ? await ToExistingAsync(db, same.Id, same.Email, same.CompanyDomain, same.OwnerId, same.Stage, same.ReceivedAt, same.Action, cancellationToken)
            : null;

        if (lead.CompanyDomain is { } domain)
        {
            state._account = await db.Accounts.AsNoTracking()
                .Where(a => a.Domain == domain)
                .Select(a => new AccountRecord
                {
                    Domain = a.Domain,
                    Name = a.Name,
                    OwnerId = a.OwnerId == null ? null : new RepId(a.OwnerId),
                    IsNamedAccount = a.IsNamedAccount,
                    IsCustomer = a.IsCustomer,
                })
                .FirstOrDefaultAsync(cancellationToken);

            state._inPlay = await OpenLeads(db)
                .Where(l => l.CompanyDomain == domain && l.OwnerId != null)
                .OrderByDescending(l => l.ReceivedAt)
                .Select(l => new ExistingLead
                {
                    Id = new LeadId(l.Id),
                    Email = l.Email,
                    CompanyDomain = l.CompanyDomain,
                    OwnerId = new RepId(l.OwnerId!),
                    Stage = l.Stage,
                    ReceivedAt = l.ReceivedAt,
                    Action = l.Action,
                })
                .FirstOrDefaultAsync(cancellationToken);
        }

        return state;
    }

    public RepStatus GetRepStatus(RepId rep)
    {
        if (!_reps.TryGetValue(rep.Value, out var status))
        {
            status = _db.RepStates.AsNoTracking()
                .Where(r => r.RepId == rep.Value)
                .Select(r => new RepStatus(r.Availability, r.OutOfOfficeUntil, r.OpenLeads))
                .FirstOrDefault() ?? RepStatus.Default;
            _reps[rep.Value] = status;
        }

        return status;
    }

    public AccountRecord? FindAccount(string domain) => _account?.Domain == domain ? _account : null;

    public ExistingLead? FindOpenLeadByEmail(string email, DateTimeOffset receivedSince) =>
        _sameEmail is { } lead && lead.Email == email && lead.ReceivedAt >= receivedSince ? lead : null;

    public ExistingLead? FindOpenAssignedLeadByDomain(string domain) =>
        _inPlay?.CompanyDomain == domain ? _inPlay : null;

    public long? GetPass(string poolKey, RepId rep) =>
        Pool(poolKey).Passes.TryGetValue(rep.Value, out var pass) ? pass : null;

    public long GetVirtualTime(string poolKey) => Pool(poolKey).VirtualTime;

    private (long VirtualTime, Dictionary<string, long> Passes) Pool(string poolKey)
    {
        if (!_pools.TryGetValue(poolKey, out var pool))
        {
            var virtualTime = _db.RoundRobinPools.AsNoTracking().Where(p => p.PoolKey == poolKey).Select(p => (long?)p.VirtualTime).FirstOrDefault() ?? 0;
            var passes = _db.RoundRobinPasses.AsNoTracking().Where(p => p.PoolKey == poolKey).ToDictionary(p => p.RepId, p => p.Pass, StringComparer.Ordinal);
            pool = (virtualTime, passes);
            _pools[poolKey] = pool;
        }

        return pool;
    }

    private static IQueryable<Data.Entities.LeadEntity> OpenLeads(LeadRoutingDbContext db) =>
        db.Leads.AsNoTracking().Where(l => l.Stage != LeadStage.Converted && l.Stage != LeadStage.Disqualified);

    private static async Task<ExistingLead> ToExistingAsync(
        LeadRoutingDbContext db, string id, string email, string? domain, string? owner, LeadStage stage, DateTimeOffset receivedAt, TreatmentAction action, CancellationToken cancellationToken)
    {
        var signals = await db.Signals.AsNoTracking()
            .Where(s => s.LeadId == id)
            .Select(s => new Signal(s.Type, s.At))
            .ToListAsync(cancellationToken);
        return new ExistingLead
        {
            Id = new LeadId(id),
            Email = email,
            CompanyDomain = domain,
            OwnerId = owner is null ? null : new RepId(owner),
            Stage = stage,
            ReceivedAt = receivedAt,
            Action = action,
            Signals = signals,
        };
    }
}
