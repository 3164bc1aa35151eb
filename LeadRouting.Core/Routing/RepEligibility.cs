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

    /// <summary>
    /// Why <paramref name="rep"/> may take no more leads from a pool right now: the hourly or daily cap reached, counted
    /// from the leads routing assigned them since the start of the clock hour or the calendar day in their time zone;
    /// null when under both caps (or none is set).
    /// </summary>
    public static string? CapExclusion(RepInfo rep, IRoutingState state, DateTimeOffset now)
    {
        if (rep.Rep.HourlyCap is null && rep.Rep.DailyCap is null)
        {
            return null;
        }

        var local = TimeZoneInfo.ConvertTime(now, rep.Calendar.TimeZone);
        if (rep.Rep.HourlyCap is { } hourly && state.AssignedSince(rep.Id, HourStart(local)) >= hourly)
        {
            return $"reached the hourly cap of {hourly}";
        }

        if (rep.Rep.DailyCap is { } daily && state.AssignedSince(rep.Id, DayStart(local)) >= daily)
        {
            return $"reached the daily cap of {daily}";
        }

        return null;
    }

    /// <summary>Local midnight of <paramref name="local"/>'s day, at its offset (a DST change before midnight moves it by the change, which no European zone has).</summary>
    public static DateTimeOffset DayStart(DateTimeOffset local) => local - local.TimeOfDay;

    /// <summary>The start of <paramref name="local"/>'s clock hour.</summary>
    public static DateTimeOffset HourStart(DateTimeOffset local) => local.AddTicks(-(local.TimeOfDay.Ticks % TimeSpan.TicksPerHour));

    /// <summary>Why <paramref name="rep"/> is not at their desk at <paramref name="now"/> (their own calendar, else the team's), or null in working hours.</summary>
    public static string? OutsideHours(RepInfo rep, DateTimeOffset now) =>
        rep.Calendar.IsOpen(now) ? null : rep.Calendar.OutsideHoursReason;

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
