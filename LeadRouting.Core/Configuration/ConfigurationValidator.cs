using LeadRouting.Core.Leads;
using LeadRouting.Core.Routing;

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
        return errors;
    }

    private static void ValidatePolicy(RoutingPolicy policy, List<string> errors)
    {
        if (policy.Dedup.SameEmailWindowDays is < 0 or > 3650)
        {
            errors.Add("policy.dedup.sameEmailWindowDays must be between 0 and 3650.");
        }

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
