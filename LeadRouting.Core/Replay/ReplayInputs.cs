using LeadRouting.Core.Leads;
using LeadRouting.Core.Routing;
using LeadRouting.Core.Routing.Matching;

namespace LeadRouting.Core.Replay;

/// <summary>
/// One stored lead as the replay reads it: the submission as it arrived (its <see cref="LeadSubmission.ReceivedAt"/> is
/// required: it is the "now" the lead is routed at) and when it reached an outcome, if it did.
/// </summary>
public sealed record ReplayLead
{
    /// <summary>The stored lead's id; unique within a history, and the tie-breaker for leads received at the same instant.</summary>
    public required LeadId Id { get; init; }

    public required LeadSubmission Submission { get; init; }

    /// <summary>When the lead was converted or disqualified in reality; from then on it is neither open nor counted as load.</summary>
    public DateTimeOffset? ClosedAt { get; init; }

    public DateTimeOffset ReceivedAt => Submission.ReceivedAt
        ?? throw new ArgumentException($"Lead {Id} has no receivedAt: a replayed lead is routed at the time it arrived.");
}

/// <summary>A rep's availability as the replay assumes it for the whole window (the live value when the replay runs).</summary>
public sealed record RepAvailability(RepId RepId, Availability Availability, DateTimeOffset? OutOfOfficeUntil);

/// <summary>An open lead received before the window that still weighs on its owner's load until <see cref="ReleaseAt"/>.</summary>
public sealed record CarriedLoad(RepId RepId, DateTimeOffset ReleaseAt);

/// <summary>A lead assigned to <see cref="RepId"/> at <see cref="At"/>, before the window, that counts toward its daily and hourly caps.</summary>
public sealed record CarriedAssignment(RepId RepId, DateTimeOffset At);

/// <summary>
/// What both configurations start from: rep availability, the accounts (matched like live routing: by domain, alias,
/// parent domain and company name), the load and the cap counts carried into the window, and each pool's make-up
/// policy. Round-robin pointers start empty for both, so fairness is measured over the window alone (manual ledger
/// adjustments are a person's act and are not replayed).
/// </summary>
public sealed record ReplayStartState
{
    public static readonly ReplayStartState Empty = new();

    public IReadOnlyList<RepAvailability> Reps { get; init; } = [];
    public IReadOnlyList<AccountRecord> Accounts { get; init; } = [];

    /// <summary>
    /// A matcher built over exactly <see cref="Accounts"/> (the live index, when the caller has one), shared by both
    /// configurations; when null the replay builds one for both.
    /// </summary>
    public AccountMatcher? AccountMatcher { get; init; }

    public IReadOnlyList<CarriedLoad> CarriedLoads { get; init; } = [];

    /// <summary>Assignments of the day before the window, so a cap reached just before it still holds at its start.</summary>
    public IReadOnlyList<CarriedAssignment> CarriedAssignments { get; init; } = [];

    /// <summary>Each pool's make-up policy by pool key (<see cref="MakeUpPolicy.None"/> when absent), as the pool settings hold it now.</summary>
    public IReadOnlyDictionary<string, MakeUpPolicy> MakeUp { get; init; } = new Dictionary<string, MakeUpPolicy>();
}

public sealed record ReplayOptions
{
    /// <summary>The default of <see cref="LoadDays"/>: a lead without an outcome stops counting two weeks after it arrived.</summary>
    public const int DefaultLoadDays = 14;

    /// <summary>The default of <see cref="MaxChangedLeads"/>.</summary>
    public const int DefaultMaxChangedLeads = 2_000;

    /// <summary>Start of the replayed window: business hours and rep hours for SLA pressure are counted from here.</summary>
    public required DateTimeOffset From { get; init; }

    /// <summary>End of the replayed window.</summary>
    public required DateTimeOffset To { get; init; }

    /// <summary>
    /// How long an assigned lead counts toward its owner's open load (capacity checks, least-loaded picks) when it has no
    /// recorded outcome earlier: the replay does not know when reps would have worked the leads it hands them.
    /// </summary>
    public int LoadDays { get; init; } = DefaultLoadDays;

    /// <summary>How many changed leads the result lists (all are counted).</summary>
    public int MaxChangedLeads { get; init; } = DefaultMaxChangedLeads;
}

/// <summary>How far a replay has got: leads routed so far of both configurations together.</summary>
public readonly record struct ReplayProgress(int Routed, int Total);
