using System.Globalization;

namespace LeadRouting.Core.Routing;

/// <summary>
/// Who may take a lead right now (DESIGN.md §7): distribution skips reps that declined it, are inactive, away, out of
/// office or at capacity. Working hours are a preference, not a rule: immediate actions look for reps in hours first
/// (<c>checkHours</c>) and take the others when nobody is in hours, so a lead is never left unassigned merely because it
/// arrived on a Sunday. The reason is what the trace shows.
/// </summary>
public static class RepEligibility
{
    /// <summary>Why <paramref name="rep"/> cannot take the lead, or null when it can.</summary>
    public static string? Exclusion(RepInfo rep, RepStatus status, DateTimeOffset now, bool checkHours, IReadOnlySet<RepId>? declined = null)
    {
        if (declined is not null && declined.Contains(rep.Id))
        {
            return "declined this lead or let it lapse before";
        }

        if (!rep.Rep.Active)
        {
            return "inactive";
        }

        if (status.Availability == Availability.OutOfOffice && (status.OutOfOfficeUntil is not { } until || until > now))
        {
            return status.OutOfOfficeUntil is { } back
                ? $"out of office until {TimeZoneInfo.ConvertTime(back, rep.Calendar.TimeZone).ToString("d MMM", CultureInfo.InvariantCulture)}"
                : "out of office";
        }

        if (status.Availability == Availability.Away)
        {
            return "away";
        }

        if (status.OpenLeads >= rep.Rep.Capacity)
        {
            return $"at capacity {status.OpenLeads}/{rep.Rep.Capacity}";
        }

        return checkHours ? OutsideHours(rep, now) : null;
    }

    /// <summary>Why <paramref name="rep"/> is not at their desk at <paramref name="now"/> (their own calendar, else the team's), or null in working hours.</summary>
    public static string? OutsideHours(RepInfo rep, DateTimeOffset now) =>
        rep.Calendar.IsOpen(now) ? null : $"outside working hours ({rep.Calendar.Describe()})";

    /// <summary>The eligible rep with the fewest open leads; ties go to the earlier rep in pool order.</summary>
    public static (RepInfo Rep, int OpenLeads) LeastLoaded(IReadOnlyList<RepInfo> eligible, IRoutingState state)
    {
        var best = eligible[0];
        var bestLoad = state.GetRepStatus(best.Id).OpenLeads;
        for (var i = 1; i < eligible.Count; i++)
        {
            var load = state.GetRepStatus(eligible[i].Id).OpenLeads;
            if (load < bestLoad)
            {
                best = eligible[i];
                bestLoad = load;
            }
        }

        return (best, bestLoad);
    }
}
