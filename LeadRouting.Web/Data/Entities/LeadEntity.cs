using LeadRouting.Web.Leads;

namespace LeadRouting.Web.Data.Entities;

/// <summary>A stored lead: what was submitted (normalised), where routing put it, and its clocks.</summary>
public sealed class LeadEntity : LeadContactFields
{
    public required string Id { get; set; }
    public string? ExternalId { get; set; }
    public required string Email { get; set; }
    public string? Country { get; set; }
    public List<string> TechStack { get; set; } = [];
    public SignalType Source { get; set; }
    public decimal? EstimatedDealSize { get; set; }
    public Referral Referral { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }

    public LeadStage Stage { get; set; }
    public Intent Intent { get; set; }
    public Fit Fit { get; set; }
    public int FitScore { get; set; }
    public TreatmentAction Action { get; set; }
    public DealTier Tier { get; set; }
    public string? SegmentId { get; set; }
    public string? TeamId { get; set; }
    public string? OwnerId { get; set; }
    public string? SlaPolicy { get; set; }
    public DateTimeOffset? RespondBy { get; set; }
    public DateTimeOffset? EscalateAt { get; set; }
    public int QueuePriority { get; set; }

    /// <summary>When the current owner got the lead: the start of its acceptance window.</summary>
    public DateTimeOffset? AssignedAt { get; set; }

    public DateTimeOffset? AcceptedAt { get; set; }

    /// <summary>The first logged touch: stops the response clock.</summary>
    public DateTimeOffset? FirstTouchAt { get; set; }

    public ResponseStatus ResponseStatus { get; set; }

    /// <summary>When the escalation fired (accepted, not touched by the trigger): the recorded breach.</summary>
    public DateTimeOffset? EscalatedAt { get; set; }

    /// <summary>Reassignments after a lapsed acceptance window; at <c>RoutingEngine.MaxReassignments</c> the lead goes to Unassigned.</summary>
    public int Reassignments { get; set; }

    /// <summary>Reps who declined the lead or let it lapse; routing does not pick them again.</summary>
    public List<string> PassedOnBy { get; set; } = [];

    /// <summary>When the lead reached an outcome (<see cref="LeadStage.Converted"/> or <see cref="LeadStage.Disqualified"/>); null while open.</summary>
    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>
    /// When a manager's assignment restarted the response clock: the owner's <see cref="RespondBy"/> and their time to
    /// first response count from here. Null: from receipt (routing assigned the lead).
    /// </summary>
    public DateTimeOffset? ResponseClockFrom { get; set; }

    /// <summary>The manager (or Ops) who gave the lead to its current owner by hand; null when routing did.</summary>
    public string? AssignedBy { get; set; }

    /// <summary>Why the manager gave the lead to its current owner; shown to the rep (as text).</summary>
    public string? AssignmentReason { get; set; }

    /// <summary>
    /// The response target that passed unanswered before a manager handed the lead on: the prospect's first response was
    /// missed where the lead waited (<see cref="LapsedStage"/>, <see cref="LapsedOwnerId"/>), not by the new owner. The first
    /// such lapse is kept.
    /// </summary>
    public DateTimeOffset? LapsedAt { get; set; }

    /// <summary>Where the lead waited when its target lapsed: <c>Unassigned</c> or <c>ManualReview</c> (a queue), or with an owner.</summary>
    public LeadStage? LapsedStage { get; set; }

    /// <summary>The owner the lead was taken from when its target had lapsed with them; null when it lapsed in a queue.</summary>
    public string? LapsedOwnerId { get; set; }

    /// <summary>
    /// The domain of the account routing matched the lead to when it was first routed (its own domain's account, or one a
    /// counting match found by alias, parent domain or name; issue 19). Null without one, and for leads imported as history.
    /// </summary>
    public string? AccountDomain { get; set; }

    /// <summary>
    /// First and last name folded (<c>PersonNames.Key</c>), kept only beside <see cref="AccountDomain"/>: with it, a later lead
    /// of the same person under another address finds this one. Cleared by a GDPR erasure, like the names.
    /// </summary>
    public string? PersonKey { get; set; }

    /// <summary>The open lead of the same person (same name at the same account, another email) this lead was routed after; null if none.</summary>
    public string? PossibleDuplicateOf { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>
    /// When the person's data was erased (GDPR Art. 17, <c>Privacy/PersonalDataEraser</c>): the email is a placeholder and the
    /// names are gone, the lead still counts. Null: not erased.
    /// </summary>
    public DateTimeOffset? ErasedAt { get; set; }

    /// <summary>Set by the application on every change; SQLite has no row versions.</summary>
    public int Version { get; set; }

    public List<SignalEntity> Signals { get; set; } = [];
    public List<RoutingDecisionEntity> Decisions { get; set; } = [];
    public List<AuditEventEntity> Events { get; set; } = [];
}

public sealed class SignalEntity
{
    public long Id { get; set; }
    public required string LeadId { get; set; }
    public SignalType Type { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>A rep's next step on a lead: created on assignment (due = respond by), done at the first touch, cancelled when the lead moves on.</summary>
public sealed class LeadTaskEntity
{
    public long Id { get; set; }
    public required string LeadId { get; set; }
    public required string RepId { get; set; }
    public required string Title { get; set; }
    public DateTimeOffset? DueAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }
}

/// <summary>A logged touch: a call, email or meeting by a rep.</summary>
public sealed class TouchEntity
{
    public long Id { get; set; }
    public required string LeadId { get; set; }
    public required string RepId { get; set; }
    public TouchKind Kind { get; set; }
    public DateTimeOffset At { get; set; }
    public string? Note { get; set; }
}
