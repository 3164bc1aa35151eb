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
