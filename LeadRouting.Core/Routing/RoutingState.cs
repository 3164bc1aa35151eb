using LeadRouting.Core.Leads;
using LeadRouting.Core.Routing.Matching;

namespace LeadRouting.Core.Routing;

/// <summary>Live state of a rep that is not configuration: availability and current load.</summary>
public sealed record RepStatus(Availability Availability, DateTimeOffset? OutOfOfficeUntil, int OpenLeads)
{
    public static RepStatus Default { get; } = new(Availability.Available, null, 0);
}

/// <summary>A company known to the CRM; named accounts and customers keep their owner (DESIGN.md §2.2).</summary>
public sealed record AccountRecord
{
    public required string Domain { get; init; }
    public required string Name { get; init; }
    public RepId? OwnerId { get; init; }
    public bool IsNamedAccount { get; init; }
    public bool IsCustomer { get; init; }

    /// <summary>The company's firmographics from the CRM: a lead that lacks them gets them before routing (<see cref="AccountEnrichment"/>).</summary>
    public string? Industry { get; init; }

    public int? Employees { get; init; }

    /// <summary>ISO 3166-1 alpha-2, upper case.</summary>
    public string? Country { get; init; }

    /// <summary>The company's other domains (canonical ASCII), which match a lead like <see cref="Domain"/> (issue 19).</summary>
    public IReadOnlyList<string> DomainAliases { get; init; } = [];
}

/// <summary>An open lead already in the system, as far as dedup and ownership need to know it.</summary>
public sealed record ExistingLead
{
    public required LeadId Id { get; init; }
    public required string Email { get; init; }
    public string? CompanyDomain { get; init; }
    public RepId? OwnerId { get; init; }
    public required LeadStage Stage { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    public TreatmentAction? Action { get; init; }
    public IReadOnlyList<Signal> Signals { get; init; } = [];

    /// <summary>The domain of the account the lead matched when it was routed (counting matches only, issue 19); null without one.</summary>
    public string? AccountDomain { get; init; }

    /// <summary>The lead's person as <see cref="PersonNames.Key"/> folds first and last name; null unless both are given.</summary>
    public string? PersonKey { get; init; }

    /// <summary>The open lead <paramref name="decision"/> leaves behind for <paramref name="lead"/>, stored as <paramref name="id"/>.</summary>
    public static ExistingLead Routed(LeadId id, Lead lead, RoutingDecision decision) => new()
    {
        Id = id,
        Email = lead.Email,
        CompanyDomain = lead.CompanyDomain,
        OwnerId = decision.OwnerId,
        Stage = decision.Status,
        ReceivedAt = lead.ReceivedAt,
        Action = decision.Action,
        Signals = lead.Signals,
        AccountDomain = decision.AccountDomain,
        PersonKey = PersonNames.Key(lead.FirstName, lead.LastName),
    };
}

/// <summary>
/// The read-only snapshot routing decides over. Routing never mutates it: a decision describes the changes
/// (round-robin advance, account claim) and the caller applies them in its own transaction.
/// </summary>
public interface IRoutingState
{
    RepStatus GetRepStatus(RepId rep);

    AccountRecord? FindAccount(string domain);

    /// <summary>
    /// The account a lead belongs to when its exact domain finds none: by domain alias, parent domain or company name
    /// (<see cref="AccountMatcher"/>, issue 19). A state without an account index answers null, and routing then knows
    /// accounts by their exact domain only, as before.
    /// </summary>
    AccountMatch? MatchAccount(AccountQuery query, AccountMatchingPolicy policy) => null;

    /// <summary>The open lead with this (normalised) email received at or after <paramref name="receivedSince"/>, if any.</summary>
    ExistingLead? FindOpenLeadByEmail(string email, DateTimeOffset receivedSince);

    /// <summary>
    /// The newest open lead other than <paramref name="except"/>, received at or after <paramref name="receivedSince"/>,
    /// whose person (<see cref="PersonNames.Key"/>) is <paramref name="personKey"/> at the account of
    /// <paramref name="accountDomain"/> (issue 19, the same person under another address). A state that does not index
    /// people answers null, and routing then links a person by their email only, as before.
    /// </summary>
    ExistingLead? FindOpenLeadByPerson(string accountDomain, string personKey, DateTimeOffset receivedSince, LeadId? except) => null;

    /// <summary>An open lead of this company that has an owner, if any.</summary>
    ExistingLead? FindOpenAssignedLeadByDomain(string domain);

    /// <summary>The rep's position in a round-robin pool; null if it never took a lead there.</summary>
    long? GetPass(string poolKey, RepId rep);

    /// <summary>The pool's virtual time: the pass of the last pick.</summary>
    long GetVirtualTime(string poolKey);

    /// <summary>
    /// How many leads routing assigned to <paramref name="rep"/> at or after <paramref name="since"/> (the daily and
    /// hourly caps). A state that keeps no history counts none.
    /// </summary>
    int AssignedSince(RepId rep, DateTimeOffset since) => 0;

    /// <summary>What a pool does for a rep who comes back from an absence; <see cref="MakeUpPolicy.None"/> unless set.</summary>
    MakeUpPolicy GetMakeUp(string poolKey) => MakeUpPolicy.None;

    /// <summary>Share the rep is owed in the pool, in pass units (manual credit, leads missed under catch-up); 0 if none.</summary>
    long GetCredit(string poolKey, RepId rep) => 0;

    /// <summary>
    /// The pool's accrual: <c>Stride / Σ member weights</c> added up over its picks, so a member of weight w is due
    /// <c>w × accrual / Stride</c> of the pool's leads under <see cref="MakeUpPolicy.CatchUpGradually"/> — what the
    /// fair-share ledger expects of it, in rotation or not. 0 for a state that keeps none.
    /// </summary>
    long GetAccrued(string poolKey) => 0;

    /// <summary>
    /// The leads the rep took in the pool in accrual units: <c>Stride</c> per pick, started at <c>weight × accrual</c>
    /// at its first pick, so <c>weight × <see cref="GetAccrued"/> − taken</c> is how far (× Stride) it is behind its
    /// ledger share under catch-up. Null if unknown (never picked, or a pass stored before it was kept): catch-up then
    /// falls back to an estimate from the virtual time.
    /// </summary>
    long? GetTaken(string poolKey, RepId rep) => null;
}

/// <summary>
/// What a round-robin pool does for a rep who was out of rotation (away, out of office, at capacity or a cap) while
/// the pool moved on by more than one stride (README "Fair-share ledger, make-up rules and caps").
/// </summary>
public enum MakeUpPolicy
{
    /// <summary>Nothing made up, nothing held against them: the rep re-enters one stride behind the pool (next in line).</summary>
    None,

    /// <summary>The rep re-enters like a joiner and the share missed becomes credit, repaid half a stride per pick: double rate until even.</summary>
    CatchUpGradually,

    /// <summary>A fresh start: the rep re-enters at the pool's virtual time like a new joiner, unpaid credit dropped.</summary>
    Reset,
}
