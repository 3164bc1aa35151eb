using LeadRouting.Core.Leads;

namespace LeadRouting.Core.Routing;

/// <summary>
/// Who owns the lead, how fast they must answer and why (DESIGN.md §8). A decision is a value: applying it
/// (storing the lead, moving round-robin pointers, claiming an account) is the caller's job, which is how a
/// preview routes without changing anything.
/// </summary>
public sealed record RoutingDecision
{
    public required LeadStage Status { get; init; }
    public required Intent Intent { get; init; }
    public required int FitScore { get; init; }
    public required Fit Fit { get; init; }
    public required TreatmentAction Action { get; init; }
    public required DealTier Tier { get; init; }
    public SegmentId? SegmentId { get; init; }
    public string? Segment { get; init; }
    public TeamId? TeamId { get; init; }
    public string? Team { get; init; }
    public RepId? OwnerId { get; init; }
    public string? OwnerName { get; init; }
    public required DistributionMethod Distribution { get; init; }
    public string? SlaPolicy { get; init; }
    public DateTimeOffset? RespondBy { get; init; }
    public DateTimeOffset? EscalateAt { get; init; }

    /// <summary>Position in the rep's queue: higher first (fast-track leads go to the top).</summary>
    public int QueuePriority { get; init; }

    public required IReadOnlyList<TraceStep> Trace { get; init; }

    /// <summary>Set when the submission was merged into an existing open lead of the same person.</summary>
    public LeadId? DuplicateOf { get; init; }

    /// <summary>
    /// Set on a new lead whose person (same first and last name) already has an open lead at the same matched account
    /// under another email (issue 19): that lead's id. The new lead is not merged; it went to that lead's owner.
    /// </summary>
    public LeadId? PossibleDuplicateOf { get; init; }

    /// <summary>The domain of the account the lead matched (exact domain, or a match that counts); the caller stores it for <see cref="PossibleDuplicateOf"/>.</summary>
    public string? AccountDomain { get; init; }

    /// <summary>True when a merged submission lifted a monitored lead's intent and it was routed afresh.</summary>
    public bool Rerouted { get; init; }

    /// <summary>The round-robin pointer move this decision implies, if a pool picked the owner.</summary>
    public RoundRobinAdvance? RoundRobin { get; init; }

    /// <summary>The chosen rep becomes the account owner (Enterprise tier without an owner).</summary>
    public AccountClaim? AccountClaim { get; init; }

    /// <summary>The firmographics the lead took from its company's account before routing; the caller stores them with the lead.</summary>
    public AccountEnrichment? Enrichment { get; init; }

    /// <summary>People to tell: managers for Unassigned and Manual review.</summary>
    public IReadOnlyList<ManagerNotice> Notices { get; init; } = [];
}

/// <summary>
/// One step of the trace: what it looked at, what it concluded, whom it ruled out and why. Routing records the
/// facts of a step; the sentences are written the first time someone reads them, because most decisions are
/// stored long before (and far more often than) anyone opens "Why me?".
/// </summary>
public class TraceStep
{
    private readonly string? _input;
    private readonly string? _outcome;

    public TraceStep(string step, string input, string outcome, IReadOnlyList<ExcludedCandidate>? excluded = null)
        : this(step, excluded)
    {
        _input = input;
        _outcome = outcome;
    }

    protected TraceStep(string step, IReadOnlyList<ExcludedCandidate>? excluded)
    {
        Step = step;
        Excluded = excluded ?? [];
    }

    public string Step { get; }

    public virtual string Input => _input!;

    public virtual string Outcome => _outcome!;

    public IReadOnlyList<ExcludedCandidate> Excluded { get; }

    public override string ToString() => $"{Step}: {Input} → {Outcome}";

    /// <summary>A step whose sentences are rendered from <paramref name="facts"/> on first read (pass static lambdas).</summary>
    public static TraceStep Of<TFacts>(
        string step,
        TFacts facts,
        Func<TFacts, string> input,
        Func<TFacts, string> outcome,
        IReadOnlyList<ExcludedCandidate>? excluded = null) =>
        new Rendered<TFacts>(step, facts, input, outcome, excluded);

    private sealed class Rendered<TFacts>(
        string step,
        TFacts facts,
        Func<TFacts, string> input,
        Func<TFacts, string> outcome,
        IReadOnlyList<ExcludedCandidate>? excluded) : TraceStep(step, excluded)
    {
        private string? _renderedInput;
        private string? _renderedOutcome;

        public override string Input => _renderedInput ??= input(facts);

        public override string Outcome => _renderedOutcome ??= outcome(facts);
    }
}

public sealed record ExcludedCandidate(RepId RepId, string RepName, string Reason);

/// <summary>
/// Move a rep's pass in a pool from <see cref="ExpectedPass"/> to <see cref="NewPass"/> and the pool's virtual time
/// to <see cref="NewVirtualTime"/>. The expected values let a store apply it as a conditional update.
/// <see cref="NewCredit"/> is the rep's share still owed after this pick (<see cref="IRoutingState.GetCredit"/>), and
/// <see cref="Rotation"/> the pool's members at the pick, who was in rotation and with what weight
/// (<see cref="PoolRotation"/>): what the fair-share ledger counts. <see cref="NewAccrued"/> is the pool's accrual after
/// the pick (<see cref="IRoutingState.GetAccrued"/>, moved from <see cref="ExpectedAccrued"/> like the virtual time) and
/// <see cref="NewTaken"/> the rep's count of leads taken (<see cref="IRoutingState.GetTaken"/>; it moves only with the
/// rep's pass, so the pass condition covers it).
/// </summary>
public sealed record RoundRobinAdvance(
    string PoolKey,
    RepId RepId,
    long? ExpectedPass,
    long NewPass,
    long ExpectedVirtualTime,
    long NewVirtualTime,
    long ExpectedCredit = 0,
    long NewCredit = 0,
    string? Rotation = null,
    long ExpectedAccrued = 0,
    long NewAccrued = 0,
    long? NewTaken = null);

public sealed record AccountClaim(string Domain, string? Company, RepId OwnerId)
{
    /// <summary>The named account the claim creates (the company name, else the domain).</summary>
    public AccountRecord ToAccount() => new() { Domain = Domain, Name = Company ?? Domain, OwnerId = OwnerId, IsNamedAccount = true };
}

public sealed record ManagerNotice(string Reason, string? ManagerName, string? ManagerEmail, TeamId? TeamId);

/// <summary>Per-call adjustments: reps who declined the lead, and the lead itself when it is routed again.</summary>
public sealed record RouteOptions
{
    public IReadOnlySet<RepId> ExcludedReps { get; init; } = new HashSet<RepId>();

    /// <summary>The stored lead being re-routed; dedup and ownership must not find it as its own duplicate.</summary>
    public LeadId? Self { get; init; }

    /// <summary>
    /// False for a caller that reads none of the trace (what-if replay, issue 21): the decision is the same, its
    /// <see cref="RoutingDecision.Trace"/> is empty and no step or excluded-rep entry is built.
    /// </summary>
    public bool BuildTrace { get; init; } = true;
}
