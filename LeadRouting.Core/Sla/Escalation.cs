using LeadRouting.Core.Leads;

namespace LeadRouting.Core.Sla;

/// <summary>What the escalation sweep does with a lead whose escalation clock ran out.</summary>
public enum EscalationAction
{
    /// <summary>Not due (any more): the clock was stopped or moved, e.g. by a touch or an earlier sweep.</summary>
    None,

    /// <summary>Assigned but not accepted within the acceptance window: to the backup, the backup pool or Unassigned.</summary>
    Reassign,

    /// <summary>Accepted but not touched by the trigger: the manager is told and the breach recorded.</summary>
    Escalate,
}

/// <summary>How far a lead's first response came against its response target (DESIGN.md: "meeting or missing it is recorded per lead").</summary>
public enum ResponseStatus
{
    /// <summary>No touch yet and the lead is still within its clocks.</summary>
    Pending,

    /// <summary>First touch at or before <c>respondBy</c>.</summary>
    Met,

    /// <summary>First touch after <c>respondBy</c>, or none by the escalation trigger.</summary>
    Missed,
}

/// <summary>The kinds of touch a rep logs; the first one stops the response clock.</summary>
public enum TouchKind
{
    Call,
    Email,
    Meeting,
}

/// <summary>The escalation rules of DESIGN.md "SLA clocks and escalation", as a pure function of the lead's clocks.</summary>
public static class EscalationRules
{
    public static EscalationAction Decide(LeadStage stage, DateTimeOffset? escalateAt, DateTimeOffset? firstTouchAt, DateTimeOffset now) =>
        escalateAt is not { } due || due > now || firstTouchAt is not null
            ? EscalationAction.None
            : stage switch
            {
                LeadStage.Assigned => EscalationAction.Reassign,
                LeadStage.Accepted => EscalationAction.Escalate,
                _ => EscalationAction.None,
            };

    /// <summary>Whether the first touch at <paramref name="touchedAt"/> met the response target.</summary>
    public static ResponseStatus FirstTouch(DateTimeOffset? respondBy, DateTimeOffset touchedAt) =>
        respondBy is not { } target || touchedAt <= target ? ResponseStatus.Met : ResponseStatus.Missed;
}
