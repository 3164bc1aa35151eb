using LeadRouting.Web.Leads;
using LeadRouting.Web.Live;

namespace LeadRouting.Web.Components.Pages.Inbox;

/// <summary>One open lead as the owner's inbox shows it.</summary>
public sealed record InboxLead
{
    public required string Id { get; init; }
    public required string Contact { get; init; }
    public required string Company { get; init; }
    public required SignalType Source { get; init; }
    public required LeadStage Stage { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    public DateTimeOffset? AssignedAt { get; init; }
    public ResponseStatus ResponseStatus { get; init; }
    public string? NextStep { get; init; }
    public DateTimeOffset? NextStepDue { get; init; }

    /// <summary>The manager who gave the rep this lead by hand, and why; null when routing did.</summary>
    public string? AssignedBy { get; init; }

    public string? AssignmentReason { get; init; }

    /// <summary>The open lead of the same person under another address this one was routed after (issue 19); the row shows a marker.</summary>
    public string? PossibleDuplicateOf { get; init; }

    /// <summary>The earliest clock still running: the escalation/acceptance trigger, or respond-by until the first touch.</summary>
    public DateTimeOffset? Deadline { get; init; }

    /// <summary>What <see cref="Deadline"/> is for: "to accept", "to respond", "to escalation".</summary>
    public string DeadlinePurpose { get; init; } = "";

    public bool CanAccept => Stage == LeadStage.Assigned;

    public bool CanDecline => Stage is LeadStage.Assigned or LeadStage.Accepted;

    /// <summary>Outcomes come after contact: qualify a contacted lead, win or disqualify a contacted or qualified one.</summary>
    public bool CanQualify => Stage == LeadStage.Contacted;

    public bool CanClose => Stage is LeadStage.Contacted or LeadStage.Qualified;

    public SlaCountdown Countdown(DateTimeOffset now) => SlaCountdown.For(AssignedAt, Deadline, DeadlinePurpose, now);

    /// <summary>What the rep has to do now: accept (Assigned) or make the first contact (Accepted); null when the lead is in progress.</summary>
    public LeadStage? ToDo => Stage is LeadStage.Assigned or LeadStage.Accepted ? Stage : null;

    public int? Employees { get; init; }
    public string? Industry { get; init; }
    public string? Country { get; init; }

    /// <summary>The estimated deal size, in the policy's currency.</summary>
    public decimal? DealValue { get; init; }

    public static InboxLead From(LeadEntity lead, LeadTaskEntity? nextStep)
    {
        var (deadline, purpose) = RunningDeadline(lead);
        return new InboxLead
        {
            Id = lead.Id,
            Contact = LeadNames.Contact(lead.FirstName, lead.LastName, lead.Email),
            Company = lead.Company ?? lead.CompanyDomain ?? "",
            Source = lead.Source,
            Stage = lead.Stage,
            ReceivedAt = lead.ReceivedAt,
            AssignedAt = lead.AssignedAt,
            ResponseStatus = lead.ResponseStatus,
            NextStep = nextStep?.Title,
            NextStepDue = nextStep?.DueAt,
            AssignedBy = lead.AssignedBy,
            Employees = lead.Employees,
            Industry = lead.Industry,
            Country = lead.Country,
            DealValue = lead.EstimatedDealSize,
            AssignmentReason = lead.AssignmentReason,
            PossibleDuplicateOf = lead.PossibleDuplicateOf,
            Deadline = deadline,
            DeadlinePurpose = purpose,
        };
    }

    /// <summary>
    /// DESIGN.md "SLA clocks and escalation": respond-by runs until the first touch; the escalate-at trigger (the end of
    /// the acceptance window while Assigned, the escalation while Accepted) runs until the first touch clears it.
    /// </summary>
    public static (DateTimeOffset? Deadline, string Purpose) RunningDeadline(LeadEntity lead)
    {
        var respondBy = lead.FirstTouchAt is null ? lead.RespondBy : null;
        var escalateAt = lead.EscalateAt;
        if (respondBy is { } respond && (escalateAt is null || respond <= escalateAt))
        {
            return (respond, "to respond");
        }

        return escalateAt is { } escalate
            ? (escalate, lead.Stage == LeadStage.Assigned ? "to accept" : "to escalation")
            : (null, "");
    }
}

/// <summary>The rep's day so far, from the leads and touches tables.</summary>
public sealed record InboxNumbers(int AssignedToday, int AcceptedToday, int TouchedToday, int FirstResponsesMetToday)
{
    public static readonly InboxNumbers None = new(0, 0, 0, 0);
}

/// <summary>The state behind the inbox page: the rep's leads in urgency order, their day's numbers, live news.</summary>
public sealed class InboxViewModel(string repId)
{
    public const int MaxLeads = 200;

    public string RepId { get; } = repId;

    public IReadOnlyList<InboxLead> Leads { get; private set; } = [];

    public InboxNumbers Numbers { get; private set; } = InboxNumbers.None;

    /// <summary>Triage: the leads the rep must act on now (to accept, to contact), most urgent first.</summary>
    public IReadOnlyList<InboxLead> NeedsAction { get; private set; } = [];

    /// <summary>Contacted or qualified leads whose clock still runs.</summary>
    public IReadOnlyList<InboxLead> InProgress { get; private set; } = [];

    /// <summary>Leads in progress whose clocks the first touch stopped: collapsed on the page, nothing is due on them.</summary>
    public IReadOnlyList<InboxLead> ClockStopped { get; private set; } = [];

    /// <summary>Leads routed or reassigned to this rep since the page opened.</summary>
    public int NewSinceOpened { get; private set; }

    public void Show(IEnumerable<InboxLead> leads, InboxNumbers numbers)
    {
        Leads = [.. Order(leads).Take(MaxLeads)];
        Numbers = numbers;
        NeedsAction = [.. Leads.Where(l => l.ToDo is not null)];
        InProgress = [.. Leads.Where(l => l.ToDo is null && l.Deadline is not null)];
        ClockStopped = [.. Leads.Where(l => l.ToDo is null && l.Deadline is null)];
    }

    /// <summary>Most urgent first: the earliest running deadline (leads without one last), then the newest.</summary>
    public static IEnumerable<InboxLead> Order(IEnumerable<InboxLead> leads) =>
        leads.OrderBy(l => l.Deadline is null)
            .ThenBy(l => l.Deadline)
            .ThenByDescending(l => l.ReceivedAt)
            .ThenBy(l => l.Id, StringComparer.Ordinal);

    /// <summary>Whether an event changes this rep's inbox: it gains, loses or changes one of their leads.</summary>
    public bool Concerns(LeadEvent leadEvent) => leadEvent.OwnerId == RepId || leadEvent.PreviousOwnerId == RepId;

    /// <summary>Whether the event hands this rep a lead they did not own before (routed, re-routed or reassigned to them).</summary>
    public bool IsNewForMe(LeadEvent leadEvent) =>
        leadEvent.OwnerId == RepId
        && leadEvent.PreviousOwnerId != RepId
        && leadEvent.Kind is LeadEventKind.Routed or LeadEventKind.Rerouted or LeadEventKind.Reassigned;

    /// <summary>
    /// Counts the event if it is a new lead for this rep, and returns what its toast tells (null otherwise); the page
    /// words it in the rep's language.
    /// </summary>
    public InboxNotice? Notice(LeadEvent leadEvent)
    {
        if (!IsNewForMe(leadEvent))
        {
            return null;
        }

        NewSinceOpened++;
        var who = string.Join(" · ", new[] { leadEvent.Contact, leadEvent.Company }.Where(s => !string.IsNullOrWhiteSpace(s)));
        return new InboxNotice(leadEvent.Kind == LeadEventKind.Routed, who);
    }

}

/// <summary>A lead newly handed to the rep: routed to them (else re-routed or reassigned), and who it is ("Anna Beispiel · B GmbH", or empty).</summary>
public sealed record InboxNotice(bool Routed, string Who);
