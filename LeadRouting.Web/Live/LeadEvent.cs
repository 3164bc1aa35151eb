namespace LeadRouting.Web.Live;

/// <summary>What happened to a lead. One kind per change the lead lifecycle knows (DESIGN.md "Lead lifecycle").</summary>
public enum LeadEventKind
{
    /// <summary>A new lead was stored and routed (to a rep or a queue).</summary>
    Routed,

    /// <summary>A submission was merged into an open lead of the same person; owner unchanged.</summary>
    Merged,

    /// <summary>A stored lead was routed again (a monitored lead whose intent rose, a merge that re-routed, a decline).</summary>
    Rerouted,

    /// <summary>The owner accepted the lead within the acceptance window.</summary>
    Accepted,

    /// <summary>The owner declined the lead with a reason; it is re-routed without them.</summary>
    Declined,

    /// <summary>The acceptance window ran out; the lead moved along the fallback chain (backup, segment pool, backup pool) or to Unassigned.</summary>
    Reassigned,

    /// <summary>Accepted but not touched by the escalation trigger: the manager is told and the breach recorded.</summary>
    Escalated,

    /// <summary>The owner logged a touch (call, email, meeting); the first one stops the response clock.</summary>
    Touched,

    /// <summary>A manager must act (no rep qualified, backup pool used, reassignment chain ended, escalation).</summary>
    ManagerNotice,

    /// <summary>The owner recorded an outcome: qualified (still open), converted or disqualified (closed).</summary>
    Outcome,

    /// <summary>
    /// A CSV import ended: one per person who would have been emailed about its leads one by one (a manager's counts
    /// and queue, a rep's new leads). <see cref="LeadEvent.LeadId"/> is the import's id, <see cref="LeadEvent.Digest"/>
    /// the content. Added in schema version 2.
    /// </summary>
    ImportDigest,

    /// <summary>
    /// A reminder before a breach (issue 19 part 3): to the owner at points of the acceptance or response window, or a
    /// heads-up to the manager when a high-intent lead's response target is minutes away (<see cref="LeadEvent.Nudge"/>
    /// says which). Changes nothing on the lead. Added in schema version 3.
    /// </summary>
    Nudge,

    /// <summary>
    /// The buyer booked a meeting through the lead's booking link (issue 20): the booking counts as the first response,
    /// the owner has a task and invitations go out (<see cref="LeadEvent.Meeting"/> names it). Added in schema version 4.
    /// </summary>
    MeetingBooked,

    /// <summary>A booked meeting was cancelled (by the buyer's link); its time is free again. Added in schema version 4.</summary>
    MeetingCancelled,

    /// <summary>
    /// A booked meeting moved to another time (by the buyer's link): same meeting, same UID, SEQUENCE raised; updated
    /// invitations go out. Added in schema version 4 (the version was not yet released).
    /// </summary>
    MeetingRescheduled,

    /// <summary>
    /// A booked meeting moved to another rep at the same time because its rep is out of office then (README "Booking:
    /// when the owner can't"): <see cref="LeadEvent.Meeting"/> names the new rep, <see cref="LeadEvent.PreviousOwnerId"/>
    /// the absent one; a cancellation goes to the absent rep, the updated invitation (same UID, SEQUENCE raised, the new
    /// rep as organizer) to buyer and new rep. Added in schema version 4 (the version was not yet released).
    /// </summary>
    MeetingReassigned,
}

/// <summary>
/// One thing that happened to a lead. Written to the outbox (<c>Type</c> = <see cref="Kind"/>, <c>Payload</c> = this record
/// as JSON with <see cref="LeadEventJson.Outbox"/>) in the same transaction as the change, and published after commit to
/// the live views, the SignalR hub and the notification channels.
/// </summary>
/// <remarks>
/// A versioned, tolerant contract: readers ignore members they do not know, so adding an optional member needs no new
/// version. Raise <see cref="CurrentSchemaVersion"/> when an older reader could not read the event (a new kind, a new
/// stage, a member changing meaning): an older instance then leaves such events for an upgraded one instead of
/// dropping them.
/// </remarks>
public sealed record LeadEvent
{
    /// <summary>The event shape this version writes.</summary>
    /// <remarks>
    /// 2: the <see cref="LeadEventKind.ImportDigest"/> kind, <see cref="ImportId"/> and <see cref="Digest"/>.
    /// 3: the <see cref="LeadEventKind.Nudge"/> kind and <see cref="Nudge"/>.
    /// 4: the <see cref="LeadEventKind.MeetingBooked"/>, <see cref="LeadEventKind.MeetingCancelled"/> and
    /// <see cref="LeadEventKind.MeetingRescheduled"/> and <see cref="LeadEventKind.MeetingReassigned"/> kinds and <see cref="Meeting"/>.
    /// </remarks>
    public const int CurrentSchemaVersion = 4;

    /// <summary>The shape's version; events written before it existed are version 1.</summary>
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    public required LeadEventKind Kind { get; init; }
    public required string LeadId { get; init; }
    public required DateTimeOffset At { get; init; }

    /// <summary>Who caused it: an API key name, a signed-in user, or <c>system</c> (the escalation sweep).</summary>
    public required string Actor { get; init; }

    /// <summary>The lead's stage after the change.</summary>
    public required LeadStage Status { get; init; }

    /// <summary>"First Last" or the email when no name was given, for notifications.</summary>
    public string? Contact { get; init; }

    public string? Company { get; init; }
    public string? OwnerId { get; init; }
    public string? OwnerName { get; init; }

    /// <summary>The owner before the change (reassignment, decline, re-route).</summary>
    public string? PreviousOwnerId { get; init; }

    public string? TeamId { get; init; }
    public string? Team { get; init; }
    public DateTimeOffset? RespondBy { get; init; }
    public DateTimeOffset? EscalateAt { get; init; }

    /// <summary>
    /// When the owner was assigned: with the lead and the owner it names the assignment, which accept/decline links
    /// and Slack buttons are bound to (a reassigned lead's old links are dead).
    /// </summary>
    public DateTimeOffset? AssignedAt { get; init; }

    /// <summary>Why: the decline reason, the escalation or notice reason, the touch kind.</summary>
    public string? Reason { get; init; }

    /// <summary>For <see cref="LeadEventKind.ManagerNotice"/> and escalations: who must act.</summary>
    public string? ManagerName { get; init; }

    public string? ManagerEmail { get; init; }

    /// <summary>
    /// Set on the events of leads a CSV import stored (<c>imp_…</c>, one per import): email leaves them to the import's
    /// digest instead of one message per lead; live views and webhooks get them as any other event.
    /// </summary>
    public string? ImportId { get; init; }

    /// <summary>What an <see cref="LeadEventKind.ImportDigest"/> tells its one recipient; null on every other kind.</summary>
    public ImportDigest? Digest { get; init; }

    /// <summary>Which reminder a <see cref="LeadEventKind.Nudge"/> is; null on every other kind.</summary>
    public NudgeNotice? Nudge { get; init; }

    /// <summary>The meeting a <see cref="LeadEventKind.MeetingBooked"/>, <see cref="LeadEventKind.MeetingCancelled"/> or <see cref="LeadEventKind.MeetingRescheduled"/> is about; null on every other kind.</summary>
    public MeetingNotice? Meeting { get; init; }
}

/// <summary>A booked or cancelled meeting: its id (<c>Meetings</c>), rep and time.</summary>
public sealed record MeetingNotice(string MeetingId, string RepId, DateTimeOffset Start, DateTimeOffset End);

/// <summary>A nudge: which window (<c>Acceptance</c>, <c>Response</c>, <c>ManagerHeadsUp</c>), how far through it, and the deadline it is about.</summary>
public sealed record NudgeNotice(NudgeWindow Window, int Percent, DateTimeOffset Deadline)
{
    public bool ToManager => Window == NudgeWindow.ManagerHeadsUp;
}

/// <summary>Who an import digest is for: a manager (counts and the queue) or a rep (their new leads).</summary>
public enum ImportDigestAudience
{
    Manager,
    Rep,
}

/// <summary>
/// The content of one import digest. The file's counts cover every row; <see cref="Outcomes"/> and <see cref="Leads"/>
/// cover what concerns the recipient (a manager's teams and region, a rep's own new leads).
/// </summary>
public sealed record ImportDigest
{
    public required ImportDigestAudience Audience { get; init; }

    /// <summary>The email address the digest goes to.</summary>
    public required string Recipient { get; init; }

    public string? RecipientName { get; init; }

    public required int Rows { get; init; }
    public required int Created { get; init; }
    public required int Merged { get; init; }
    public required int Replayed { get; init; }
    public required int Rejected { get; init; }

    /// <summary>The recipient's imported leads by the stage routing gave them (Assigned, Unassigned, ManualReview, Nurture, Disqualified).</summary>
    public required IReadOnlyDictionary<string, int> Outcomes { get; init; }

    /// <summary>How many leads would each have sent this manager an "Action needed" email (queues, notices).</summary>
    public int NeedsAction { get; init; }

    /// <summary>The teams the counts cover, by name.</summary>
    public IReadOnlyList<string> Teams { get; init; } = [];

    /// <summary>A rep's new leads (at most <see cref="MaxListedLeads"/>); <see cref="LeadCount"/> counts them all.</summary>
    public IReadOnlyList<ImportDigestLead> Leads { get; init; } = [];

    public int LeadCount { get; init; }

    /// <summary>True when the import stopped early (a storage fault, a cancelled request): the counts cover the rows stored before.</summary>
    public bool Interrupted { get; init; }

    public const int MaxListedLeads = 200;
}

/// <summary>One lead in a rep's digest.</summary>
public sealed record ImportDigestLead(string LeadId, string Contact, string? Company, DateTimeOffset? RespondBy);
