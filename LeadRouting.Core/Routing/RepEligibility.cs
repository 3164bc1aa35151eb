using System.Globalization;

namespace LeadRouting.Core.Routing;

/// <summary>
/// Who may take a lead right now (DESIGN.md §7): distribution skips reps that declined it, are inactive, away, out of
/// office, at capacity or — for immediate actions — outside their working hours. The reason is what the trace shows.
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

        if (checkHours && !rep.Calendar.IsOpen(now))
        {
            return $"outside working hours ({rep.Calendar.Describe()})";
        }

        return null;
    }

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
