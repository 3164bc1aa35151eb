using LeadRouting.Core.Leads;
using LeadRouting.Core.Routing;
using LeadRouting.Core.Sla;

namespace LeadRouting.Core.Configuration;

/// <summary>
/// Semantic checks that JSON shape alone cannot express: complete tables, resolvable references, sane numbers.
/// A configuration that passes can be compiled into a <see cref="RoutingEngine"/>.
/// </summary>
public static class ConfigurationValidator
{
    public static IReadOnlyList<string> Validate(RoutingConfiguration config)
    {
        var errors = new List<string>();
        var policy = config.Policy;
        ValidatePolicy(policy, errors);
        ValidateFallback(policy, errors);
        ValidateOrganisation(config.Organisation, errors);
        ValidateSlaReach(policy, config.Organisation, errors);
        return errors;
    }

    /// <summary>
    /// <see cref="Validate"/>, and in addition what a version that routes live leads needs: someone to route to. A
    /// document without segments or reps compiles (it sends every lead to the Unassigned queue, which is what a fresh
    /// install does until Ops publish an organisation), but publishing one would strand every lead, so it is refused.
    /// A draft being built up in the settings forms may lack them for a while.
    /// </summary>
    public static IReadOnlyList<string> ValidateForPublishing(RoutingConfiguration config)
    {
        var errors = new List<string>(Validate(config));
        var org = config.Organisation;
        if (org.Segments.Count == 0)
        {
            errors.Add("organisation.segments must not be empty: without a segment every lead would wait in the Unassigned queue.");
        }

        if (org.Reps.Count == 0)
        {
            errors.Add("organisation.reps must not be empty: without a rep every lead would wait in the Unassigned queue.");
        }
        else if (!org.Reps.Any(r => r.Active))
        {
            errors.Add("organisation.reps needs at least one active rep: without one every lead would wait in the Unassigned queue.");
        }

        return errors;
    }

    private static void ValidatePolicy(RoutingPolicy policy, List<string> errors)
    {
        if (policy.Dedup.SameEmailWindowDays is < 0 or > 3650)
        {
            errors.Add("policy.dedup.sameEmailWindowDays must be between 0 and 3650.");
        }

        errors.AddRange(policy.AccountMatching.Problems().Select(p => "policy." + p));
        errors.AddRange(policy.Booking.Problems().Select(p => "policy." + p));

        if (policy.Intent.SignalWindowDays is < 1 or > 3650)
        {
            errors.Add("policy.intent.signalWindowDays must be between 1 and 3650.");
        }

        if (policy.Intent.Rules.Any(r => r.MinCount < 1))
        {
            errors.Add("policy.intent.rules: minCount must be at least 1.");
        }

        if (policy.Fit.StrongThreshold is < 0 or > 100)
        {
            errors.Add("policy.fit.strongThreshold must be between 0 and 100.");
        }

        if (policy.Fit.EmployeeBands.Count == 0 || policy.Fit.EmployeeBands.All(b => b.MinEmployees != 0))
        {
            errors.Add("policy.fit.employeeBands needs a band starting at 0 employees.");
        }

        foreach (var intent in Enum.GetValues<Intent>())
        {
            foreach (var fit in Enum.GetValues<Fit>())
            {
                var rows = policy.Matrix.Count(r => r.Intent == intent && r.Fit == fit);
                if (rows != 1)
                {
                    errors.Add($"policy.matrix needs exactly one row for {intent} intent × {fit} fit (found {rows}).");
                }
            }
        }

        foreach (var row in policy.Matrix.Where(r => r.SlaCap is not null))
        {
            if (policy.SlaPolicies.All(p => p.Name != row.SlaCap))
            {
                errors.Add($"policy.matrix: slaCap '{row.SlaCap}' is not an SLA policy.");
            }
        }

        ValidateTiers(policy.Tiers, errors);
        if (CurrencyCodes.Problem(policy.Currency) is { } currencyProblem)
        {
            errors.Add($"policy.currency: {currencyProblem}");
        }

        if (policy.SdrLevels.Count == 0)
        {
            errors.Add("policy.sdrLevels must name at least one rep level.");
        }

        foreach (var source in Enum.GetValues<SignalType>())
        {
            var covering = policy.SlaPolicies.Count(p => p.Sources.Contains(source));
            if (covering != 1)
            {
                errors.Add($"policy.slaPolicies must cover source {source} exactly once (found {covering}).");
            }
        }

        foreach (var sla in policy.SlaPolicies)
        {
            if (sla.ResponseTarget.Amount <= 0 || sla.EscalationTrigger.Amount <= 0)
            {
                errors.Add($"policy.slaPolicies '{sla.Name}': durations must be positive.");
            }

            foreach (var (field, duration) in new[] { ("responseTarget", sla.ResponseTarget), ("escalationTrigger", sla.EscalationTrigger) })
            {
                if (duration.Amount > MaxSlaAmount(duration.Unit))
                {
                    errors.Add($"policy.slaPolicies '{sla.Name}': {field} {duration} is beyond the longest SLA allowed ({MaxSlaAmount(duration.Unit)} {duration.Unit}, one year).");
                }
            }
        }

        if (policy.SlaPolicies.Select(p => p.Name).Distinct(StringComparer.Ordinal).Count() != policy.SlaPolicies.Count)
        {
            errors.Add("policy.slaPolicies: names must be unique.");
        }
    }

    private static void ValidateFallback(RoutingPolicy policy, List<string> errors) =>
        errors.AddRange(FallbackChain.Problems(policy.Fallback));

    private static void ValidateTiers(IReadOnlyList<TierRule> tiers, List<string> errors)
    {
        if (tiers.Count == 0)
        {
            errors.Add("policy.tiers must not be empty.");
            return;
        }

        for (var i = 0; i < tiers.Count; i++)
        {
            var tier = tiers[i];
            if (tier.RepLevels.Count == 0)
            {
                errors.Add($"policy.tiers '{tier.Tier}' must name at least one rep level.");
            }

            var isLast = i == tiers.Count - 1;
            if (isLast != (tier.UpTo is null))
            {
                errors.Add($"policy.tiers: only the last tier is open-ended ('{tier.Tier}').");
            }

            if (i > 0)
            {
                var previous = tiers[i - 1];
                if (tier.UpTo is not null && previous.UpTo is not null && tier.UpTo <= previous.UpTo)
                {
                    errors.Add($"policy.tiers must be in ascending order of upTo ('{tier.Tier}').");
                }

                if (tier.MinEmployeesForEstimate <= previous.MinEmployeesForEstimate)
                {
                    errors.Add($"policy.tiers must be in ascending order of minEmployeesForEstimate ('{tier.Tier}').");
                }
            }
            else if (tier.MinEmployeesForEstimate != 0)
            {
                errors.Add("policy.tiers: the first tier's minEmployeesForEstimate must be 0.");
            }
        }
    }

    private static void ValidateOrganisation(Organisation org, List<string> errors)
    {
        var calendars = UniqueIds(org.Calendars.Select(c => c.Id), "calendar", errors);
        var teams = UniqueIds(org.Teams.Select(t => t.Id.Value), "team", errors);
        var reps = UniqueIds(org.Reps.Select(r => r.Id.Value), "rep", errors);
        UniqueIds(org.Segments.Select(s => s.Id.Value), "segment", errors);
        var regions = UniqueIds(org.Regions.Select(r => r.Code), "region", errors);

        foreach (var calendar in org.Calendars)
        {
            if (!TimeZoneInfo.TryFindSystemTimeZoneById(calendar.TimeZone, out _))
            {
                errors.Add($"calendar '{calendar.Id}': unknown time zone '{calendar.TimeZone}'.");
            }

            foreach (var hours in calendar.Hours)
            {
                if (hours.End != TimeOnly.MinValue && hours.End <= hours.Start)
                {
                    errors.Add($"calendar '{calendar.Id}': working hours must end after they start ({hours.Start}–{hours.End}).");
                }
            }

            if (calendar.Hours.Count == 0)
            {
                errors.Add($"calendar '{calendar.Id}' has no working hours.");
            }
        }

        foreach (var region in org.Regions)
        {
            foreach (var country in region.Countries.Where(c => !CountryCodes.IsValid(c)))
            {
                errors.Add($"region '{region.Code}': '{country}' is not an ISO country code.");
            }
        }

        foreach (var team in org.Teams)
        {
            if (!calendars.Contains(team.CalendarId))
            {
                errors.Add($"team '{team.Id}': unknown calendar '{team.CalendarId}'.");
            }

            if (regions.Count > 0 && !regions.Contains(team.Region))
            {
                errors.Add($"team '{team.Id}': unknown region '{team.Region}'.");
            }

            if (team.SlaTargetPercent is < 1 or > 100)
            {
                errors.Add($"team '{team.Id}': slaTargetPercent must be between 1 and 100 (got {team.SlaTargetPercent}).");
            }

            foreach (var rep in team.BackupPool.Where(r => !reps.Contains(r.Value)))
            {
                errors.Add($"team '{team.Id}': backup pool names unknown rep '{rep}'.");
            }
        }

        foreach (var rep in org.Reps)
        {
            if (!teams.Contains(rep.Team.Value))
            {
                errors.Add($"rep '{rep.Id}': unknown team '{rep.Team}'.");
            }

            if (rep.CalendarId is not null && !calendars.Contains(rep.CalendarId))
            {
                errors.Add($"rep '{rep.Id}': unknown calendar '{rep.CalendarId}'.");
            }

            if (rep.Backup is { } backup && (!reps.Contains(backup.Value) || backup == rep.Id))
            {
                errors.Add($"rep '{rep.Id}': backup '{backup}' must be another known rep.");
            }

            if (rep.Weight is < 1 or > 100)
            {
                errors.Add($"rep '{rep.Id}': weight must be between 1 and 100.");
            }

            if (rep.Capacity is < 0 or > 10_000)
            {
                errors.Add($"rep '{rep.Id}': capacity must be between 0 and 10000.");
            }

            if (rep.SlackUserId is { } slackUser && (slackUser.Length is < 3 or > 32 || slackUser[0] is not ('U' or 'W') || !slackUser.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c))
                || org.Reps.Count(r => r.SlackUserId == slackUser) > 1))
            {
                errors.Add($"rep '{rep.Id}': slackUserId '{slackUser}' must be a Slack member ID (U… or W…, capitals and digits) of no other rep.");
            }

            if (rep.DailyCap is < 1 or > 10_000 || rep.HourlyCap is < 1 or > 10_000)
            {
                errors.Add($"rep '{rep.Id}': daily and hourly caps must be between 1 and 10000.");
            }
        }

        foreach (var segment in org.Segments)
        {
            if (!teams.Contains(segment.Team.Value))
            {
                errors.Add($"segment '{segment.Id}': unknown team '{segment.Team}'.");
            }

            foreach (var region in segment.Regions.Where(r => !regions.Contains(r)))
            {
                errors.Add($"segment '{segment.Id}': unknown region '{region}'.");
            }

            foreach (var country in segment.Countries.Where(c => !CountryCodes.IsValid(c)))
            {
                errors.Add($"segment '{segment.Id}': '{country}' is not an ISO country code.");
            }

            if (segment.MinEmployees is { } min && segment.MaxEmployees is { } max && max < min)
            {
                errors.Add($"segment '{segment.Id}': maxEmployees is below minEmployees.");
            }
        }

        if (org.Segments.Count > 0 && !org.Segments.Any(s => s.IsCatchAll))
        {
            errors.Add("organisation.segments needs a catch-all segment (no criteria) so no lead is left without a team.");
        }
    }

    /// <summary>
    /// The longest SLA duration in each unit: about one working year (2,000 business hours, 120,000 minutes, 260
    /// working days). Business time is further bounded by each calendar (see <see cref="ValidateSlaReach"/>).
    /// </summary>
    public static int MaxSlaAmount(DurationUnit unit) => unit switch
    {
        DurationUnit.Minutes => 120_000,
        DurationUnit.Hours => 2_000,
        _ => 260,
    };

    /// <summary>Holidays one calendar may list: decades of public holidays, not a way to close a calendar for years.</summary>
    public const int MaxHolidays = 2_000;

    /// <summary>Days a calendar may stay closed in a row (weekends and holidays together).</summary>
    public const int MaxClosedDays = 366;

    /// <summary>
    /// A business-time deadline is found by walking a calendar's working time forward, at most
    /// <see cref="BusinessCalendar.MaxDaysToSearch"/> days (three years). So a calendar must not stay closed longer than
    /// <see cref="MaxClosedDays"/> days in a row, and every business-hours SLA must fit into the working time any window
    /// of that length offers — counting, pessimistically, every holiday of the densest such window. Without this a
    /// valid-looking policy (2,000 business hours on a calendar open two hours a week) reaches past the horizon and
    /// every lead of its sources fails.
    /// </summary>
    private static void ValidateSlaReach(RoutingPolicy policy, Organisation org, List<string> errors)
    {
        foreach (var calendar in org.Calendars)
        {
            if (calendar.Holidays.Count > MaxHolidays)
            {
                errors.Add($"calendar '{calendar.Id}': at most {MaxHolidays} holidays (found {calendar.Holidays.Count}).");
                continue;
            }

            var minutesOn = DailyWorkingMinutes(calendar);
            if (minutesOn.Sum() == 0)
            {
                continue; // "has no working hours" is reported above.
            }

            var closed = LongestClosedStretch(calendar, minutesOn);
            if (closed > MaxClosedDays)
            {
                errors.Add($"calendar '{calendar.Id}': its holidays close it for {closed} days in a row (at most {MaxClosedDays}).");
                continue;
            }

            // A partial first week is left out; days shortened by a DST change cost at most 2 %.
            var weeks = (BusinessCalendar.MaxDaysToSearch - 7) / 7;
            var (lostMinutes, lostDays) = DensestHolidays(calendar, minutesOn, windowDays: BusinessCalendar.MaxDaysToSearch);
            var availableMinutes = (weeks * minutesOn.Sum() * 0.98) - lostMinutes;
            var availableDays = (weeks * minutesOn.Count(m => m > 0)) - lostDays;
            foreach (var sla in policy.SlaPolicies.Where(p => p.Clock == SlaClockMode.BusinessHours))
            {
                foreach (var duration in new[] { sla.ResponseTarget, sla.EscalationTrigger }.Distinct())
                {
                    var fits = duration.Unit switch
                    {
                        DurationUnit.Minutes => duration.Amount <= availableMinutes,
                        DurationUnit.Hours => duration.Amount * 60.0 <= availableMinutes,
                        _ => duration.Amount + 1 <= availableDays,
                    };
                    if (!fits)
                    {
                        errors.Add($"policy.slaPolicies '{sla.Name}': {duration} of business time does not fit into {BusinessCalendar.MaxDaysToSearch} days " +
                            $"of calendar '{calendar.Id}' ({availableMinutes / 60:0} working hours, {availableDays} working days, holidays counted); " +
                            "shorten the SLA or give the calendar more working time.");
                    }
                }
            }
        }
    }

    /// <summary>Working minutes of each weekday (index = <see cref="DayOfWeek"/>); overlapping rows count once.</summary>
    private static int[] DailyWorkingMinutes(CalendarDefinition calendar)
    {
        var result = new int[7];
        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            var minutes = new bool[24 * 60];
            foreach (var hours in calendar.Hours.Where(h => h.Days.Contains(day)))
            {
                var end = hours.End == TimeOnly.MinValue ? 24 * 60 : (hours.End.Hour * 60) + hours.End.Minute;
                for (var m = (hours.Start.Hour * 60) + hours.Start.Minute; m < end; m++)
                {
                    minutes[m] = true;
                }
            }

            result[(int)day] = minutes.Count(open => open);
        }

        return result;
    }

    /// <summary>The most working minutes and days that holidays take out of any window of <paramref name="windowDays"/> days.</summary>
    private static (double Minutes, int Days) DensestHolidays(CalendarDefinition calendar, int[] minutesOn, int windowDays)
    {
        var lost = calendar.Holidays.Distinct()
            .Select(d => (Day: d.DayNumber, Minutes: minutesOn[(int)d.DayOfWeek]))
            .Where(h => h.Minutes > 0)
            .OrderBy(h => h.Day)
            .ToList();
        double mostMinutes = 0, minutes = 0;
        int mostDays = 0, first = 0;
        for (var last = 0; last < lost.Count; last++)
        {
            minutes += lost[last].Minutes;
            while (lost[last].Day - lost[first].Day >= windowDays)
            {
                minutes -= lost[first].Minutes;
                first++;
            }

            mostMinutes = Math.Max(mostMinutes, minutes);
            mostDays = Math.Max(mostDays, last - first + 1);
        }

        return (mostMinutes, mostDays);
    }

    /// <summary>The longest run of days without working time, from the first holiday to a week after the last.</summary>
    private static int LongestClosedStretch(CalendarDefinition calendar, int[] minutesOn)
    {
        if (calendar.Holidays.Count == 0)
        {
            return 0;
        }

        var holidays = calendar.Holidays.Select(d => d.DayNumber).ToHashSet();
        var longest = 0;
        var run = 0;
        var first = Math.Max(holidays.Min() - 7, DateOnly.MinValue.DayNumber);
        var last = Math.Min(holidays.Max() + 7, DateOnly.MaxValue.DayNumber);
        for (var day = first; day <= last; day++)
        {
            run = holidays.Contains(day) || minutesOn[(int)DateOnly.FromDayNumber(day).DayOfWeek] == 0 ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        return longest;
    }

    private static HashSet<string> UniqueIds(IEnumerable<string> ids, string kind, List<string> errors)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            if (!set.Add(id))
            {
                errors.Add($"{kind} id '{id}' is used twice.");
            }
        }

        return set;
    }
}
