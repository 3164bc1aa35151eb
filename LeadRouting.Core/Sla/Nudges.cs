using System.Globalization;
using LeadRouting.Core.Leads;

namespace LeadRouting.Core.Sla;

/// <summary>Which clock a nudge is about.</summary>
public enum NudgeWindow
{
    /// <summary>Assigned → escalation trigger: accept before the lead moves on.</summary>
    Acceptance,

    /// <summary>Receipt (or a manager's assignment) → response target: log the first touch.</summary>
    Response,

    /// <summary>To the manager: a high-intent lead's response target is minutes away and nobody has answered it.</summary>
    ManagerHeadsUp,
}

/// <summary>When to nudge (issue 19 part 3): points of the windows, in percent, and how long before a high-intent lead's target the manager hears.</summary>
public sealed record NudgePolicy
{
    public IReadOnlyList<int> AcceptancePercents { get; init; } = [50, 80];
    public IReadOnlyList<int> ResponsePercents { get; init; } = [50, 80];

    /// <summary>Zero: no heads-up.</summary>
    public TimeSpan ManagerHeadsUpBefore { get; init; } = TimeSpan.FromMinutes(5);
}

/// <summary>One nudge that is due: its key (unique per lead, bound to the assignment or the target) and what it says.</summary>
public sealed record DueNudge(string Key, NudgeWindow Window, int Percent, DateTimeOffset DueAt);

/// <summary>What a lead's clocks look like to the nudge rules.</summary>
public sealed record NudgeClocks
{
    public required LeadStage Stage { get; init; }
    public required bool HasOwner { get; init; }
    public DateTimeOffset? AssignedAt { get; init; }
    public DateTimeOffset? EscalateAt { get; init; }

    /// <summary>When the response clock started: a manager's assignment, else receipt.</summary>
    public required DateTimeOffset ResponseFrom { get; init; }

    public DateTimeOffset? RespondBy { get; init; }
    public DateTimeOffset? FirstTouchAt { get; init; }
    public required bool HighIntent { get; init; }
}

/// <summary>
/// Reminders before a breach (issue 19 part 3). A point of a window is measured in the time the window itself is measured
/// in: business time of the team's calendar for business-hours policies (50 % of a window that spans a weekend falls
/// in working hours), elapsed time for 24/7 ones. Every nudge has a key, so whoever sends it records it once
/// (<c>LeadNudges</c>) and nothing sends it twice; a point that passed before the current owner was assigned is not
/// sent to them.
/// </summary>
public static class NudgeRules
{
    /// <summary>The instant <paramref name="percent"/> % of the way from <paramref name="start"/> to <paramref name="end"/>.</summary>
    public static DateTimeOffset PointOf(DateTimeOffset start, DateTimeOffset end, int percent, BusinessCalendar? calendar)
    {
        if (end <= start)
        {
            return end;
        }

        if (calendar is null)
        {
            return start + ((end - start) * percent / 100);
        }

        var working = calendar.WorkingTimeBetween(start, end);
        return working <= TimeSpan.Zero ? start + ((end - start) * percent / 100) : calendar.Add(start, working * percent / 100);
    }

    /// <summary>The nudges due at <paramref name="now"/>; the caller leaves out those already sent.</summary>
    public static IReadOnlyList<DueNudge> Due(NudgeClocks lead, NudgePolicy policy, BusinessCalendar? calendar, DateTimeOffset now)
    {
        var due = new List<DueNudge>();
        if (!lead.HasOwner || lead.FirstTouchAt is not null || lead.AssignedAt is not { } assignedAt
            || lead.Stage is not (LeadStage.Assigned or LeadStage.Accepted))
        {
            return due;
        }

        var assignment = assignedAt.UtcTicks.ToString(CultureInfo.InvariantCulture);
        if (lead.Stage == LeadStage.Assigned && lead.EscalateAt is { } escalateAt && now < escalateAt)
        {
            // The latest point passed only: a sweep that wakes late sends one reminder, not the 50 % and the 80 % at once.
            AddLatest(due, NudgeWindow.Acceptance, "accept", policy.AcceptancePercents, assignedAt, escalateAt, assignedAt, assignment, calendar, now);
        }

        if (lead.RespondBy is { } respondBy && now < respondBy)
        {
            AddLatest(due, NudgeWindow.Response, "respond", policy.ResponsePercents, lead.ResponseFrom, respondBy, assignedAt, assignment, calendar, now);
            var headsUp = respondBy - policy.ManagerHeadsUpBefore;
            if (lead.HighIntent && policy.ManagerHeadsUpBefore > TimeSpan.Zero && now >= headsUp)
            {
                due.Add(new DueNudge(string.Create(CultureInfo.InvariantCulture, $"manager@{respondBy.UtcTicks}"), NudgeWindow.ManagerHeadsUp, 0, headsUp));
            }
        }

        return due;
    }

    private static void AddLatest(
        List<DueNudge> due, NudgeWindow window, string name, IReadOnlyList<int> percents, DateTimeOffset start, DateTimeOffset end,
        DateTimeOffset assignedAt, string assignment, BusinessCalendar? calendar, DateTimeOffset now)
    {
        DueNudge? latest = null;
        foreach (var percent in percents.Where(p => p is > 0 and < 100).Distinct().Order())
        {
            var at = PointOf(start, end, percent, calendar);
            if (at <= now && at >= assignedAt)
            {
                latest = new DueNudge($"{name}-{percent}@{assignment}", window, percent, at);
            }
        }

        if (latest is not null)
        {
            due.Add(latest);
        }
    }
}
