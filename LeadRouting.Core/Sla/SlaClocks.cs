using LeadRouting.Core.Configuration;

namespace LeadRouting.Core.Sla;

/// <summary>A lead's deadlines: respond by (from receipt) and escalate at (from assignment; null without an owner).</summary>
public sealed record SlaClocks(string Policy, DateTimeOffset RespondBy, DateTimeOffset? EscalateAt);

/// <summary>Computes SLA deadlines for a policy on a calendar (DESIGN.md "SLA clocks and escalation").</summary>
public static class SlaCalculator
{
    public static SlaClocks Compute(SlaPolicy policy, BusinessCalendar calendar, DateTimeOffset receivedAt, DateTimeOffset? assignedAt) =>
        new(
            policy.Name,
            Add(policy, policy.ResponseTarget, calendar, receivedAt),
            assignedAt is { } at ? Add(policy, policy.EscalationTrigger, calendar, at) : null);

    /// <summary>Adds an SLA duration in the policy's clock: business time of the calendar, or wall-clock for 24/7 policies.</summary>
    public static DateTimeOffset Add(SlaPolicy policy, SlaDuration duration, BusinessCalendar calendar, DateTimeOffset start)
    {
        if (policy.Clock == SlaClockMode.AroundTheClock)
        {
            return duration.Unit switch
            {
                DurationUnit.Minutes => start.AddMinutes(duration.Amount),
                DurationUnit.Hours => start.AddHours(duration.Amount),
                _ => start.AddDays(duration.Amount),
            };
        }

        return duration.Unit switch
        {
            DurationUnit.Minutes => calendar.Add(start, TimeSpan.FromMinutes(duration.Amount)),
            DurationUnit.Hours => calendar.Add(start, TimeSpan.FromHours(duration.Amount)),
            _ => calendar.AddBusinessDays(start, duration.Amount),
        };
    }
}

/// <summary>
/// The clocks a manager's assignment gives the new owner (issue 13): a response target and an acceptance window counted
/// from the assignment, and — when the lead's own target had already passed unanswered where it waited (a queue, or the
/// owner it was taken from) — that lapse, which belongs to where it waited, not to the new owner.
/// </summary>
/// <param name="RespondBy">The new owner's response target; the old one when the first response was already made.</param>
/// <param name="EscalateAt">The end of the new owner's acceptance window; null when the first response was already made.</param>
/// <param name="LapsedAt">The target that passed unanswered before the assignment; null when none did.</param>
public sealed record ManagerAssignmentClocks(DateTimeOffset? RespondBy, DateTimeOffset? EscalateAt, DateTimeOffset? LapsedAt)
{
    /// <param name="policy">The lead's SLA policy.</param>
    /// <param name="calendar">The business calendar of the new owner's team.</param>
    /// <param name="assignedAt">The instant of the manager's assignment.</param>
    /// <param name="respondBy">The response target the lead had until now (from receipt, or from an earlier assignment).</param>
    /// <param name="firstTouchAt">The first logged touch, if any: a first response already made is not restarted.</param>
    /// <param name="status">The first response as recorded until now (<c>Missed</c> after an escalation).</param>
    public static ManagerAssignmentClocks Start(
        SlaPolicy policy, BusinessCalendar calendar, DateTimeOffset assignedAt, DateTimeOffset? respondBy, DateTimeOffset? firstTouchAt, ResponseStatus status)
    {
        if (firstTouchAt is not null)
        {
            return new ManagerAssignmentClocks(respondBy, null, null);
        }

        var lapsed = status == ResponseStatus.Missed || respondBy <= assignedAt ? respondBy ?? assignedAt : (DateTimeOffset?)null;
        return new ManagerAssignmentClocks(
            SlaCalculator.Add(policy, policy.ResponseTarget, calendar, assignedAt),
            SlaCalculator.Add(policy, policy.EscalationTrigger, calendar, assignedAt),
            lapsed);
    }
}
