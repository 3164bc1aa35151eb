using LeadRouting.Core.Configuration;
using LeadRouting.Core.Sla;

namespace LeadRouting.Core.Routing;

/// <summary>A rep with everything routing needs resolved: its team and calendar.</summary>
public sealed class RepInfo(Rep rep, BusinessCalendar calendar)
{
    public Rep Rep { get; } = rep;
    public BusinessCalendar Calendar { get; } = calendar;
    public TeamInfo Team { get; internal set; } = null!;
    public RepId Id => Rep.Id;
}

/// <summary>A named group of reps that distribution picks from, with the key of its round-robin state.</summary>
public sealed record RepPool(string Key, string Description, IReadOnlyList<RepInfo> Reps);

/// <summary>A team with its calendar, region and pools resolved once, so routing does no lookups by scanning.</summary>
public sealed class TeamInfo
{
    public required Team Team { get; init; }
    public required BusinessCalendar Calendar { get; init; }
    public Region? Region { get; init; }
    public required IReadOnlyList<RepInfo> Members { get; init; }

    /// <summary>Per tier (same index as the policy's tiers): the primary pool and the fallback pool.</summary>
    public required IReadOnlyList<(RepPool Primary, RepPool? Fallback)> TierPools { get; init; }

    public required RepPool SdrPool { get; init; }
    public required RepPool BackupPool { get; init; }

    public (string? Name, string? Email) Manager =>
        Team.ManagerName is not null ? (Team.ManagerName, Team.ManagerEmail) : (Region?.ManagerName, Region?.ManagerEmail);

    public (string? Name, string? Email) RegionManager =>
        Region?.ManagerName is not null ? (Region.ManagerName, Region.ManagerEmail) : Manager;
}

/// <summary>The organisation compiled for fast routing: calendars, teams and reps by id, pools per team.</summary>
public sealed class CompiledOrganisation
{
    /// <summary>Used when the organisation defines no calendar at all: routing still yields deadlines.</summary>
    public static readonly CalendarDefinition AroundTheClockUtc = new()
    {
        Id = "default-24x7",
        Name = "Around the clock (UTC)",
        TimeZone = "Etc/UTC",
        Hours = [new WorkingHours(Enum.GetValues<DayOfWeek>(), TimeOnly.MinValue, TimeOnly.MinValue)],
    };

    private readonly Dictionary<string, BusinessCalendar> _calendars;
    private readonly Dictionary<TeamId, TeamInfo> _teams = [];
    private readonly Dictionary<RepId, RepInfo> _reps = [];

    public CompiledOrganisation(RoutingPolicy policy, Organisation organisation)
    {
        _calendars = organisation.Calendars.ToDictionary(c => c.Id, c => new BusinessCalendar(c), StringComparer.Ordinal);
        DefaultCalendar = organisation.Calendars.Count > 0
            ? _calendars[organisation.Calendars[0].Id]
            : new BusinessCalendar(AroundTheClockUtc);

        var regions = organisation.Regions.ToDictionary(r => r.Code, StringComparer.OrdinalIgnoreCase);
        foreach (var rep in organisation.Reps)
        {
            var team = organisation.Teams.First(t => t.Id == rep.Team);
            var calendar = _calendars.GetValueOrDefault(rep.CalendarId ?? team.CalendarId) ?? DefaultCalendar;
            _reps[rep.Id] = new RepInfo(rep, calendar);
        }

        foreach (var team in organisation.Teams)
        {
            var members = organisation.Reps.Where(r => r.Team == team.Id).Select(r => _reps[r.Id]).ToList();
            var tierPools = policy.Tiers
                .Select(tier => (
                    Pool(team, members, tier.RepLevels),
                    tier.FallbackLevels.Count > 0 ? Pool(team, members, tier.FallbackLevels) : null))
                .ToList();
            _teams[team.Id] = new TeamInfo
            {
                Team = team,
                Calendar = _calendars.GetValueOrDefault(team.CalendarId) ?? DefaultCalendar,
                Region = regions.GetValueOrDefault(team.Region),
                Members = members,
                TierPools = tierPools,
                SdrPool = Pool(team, members, policy.SdrLevels),
                BackupPool = new RepPool(
                    $"{team.Id}:backup",
                    $"{team.Name} backup pool",
                    [.. team.BackupPool.Where(_reps.ContainsKey).Select(id => _reps[id])]),
            };
        }

        foreach (var rep in _reps.Values)
        {
            rep.Team = _teams[rep.Rep.Team];
        }
    }

    public BusinessCalendar DefaultCalendar { get; }

    public IReadOnlyCollection<TeamInfo> Teams => _teams.Values;

    public IReadOnlyCollection<RepInfo> Reps => _reps.Values;

    public TeamInfo? FindTeam(TeamId id) => _teams.GetValueOrDefault(id);

    public RepInfo? FindRep(RepId id) => _reps.GetValueOrDefault(id);

    public BusinessCalendar? FindCalendar(string id) => _calendars.GetValueOrDefault(id);

    private static RepPool Pool(Team team, List<RepInfo> members, IReadOnlyList<RepLevel> levels)
    {
        // Pool order is level preference, then configuration order: ties in round-robin go to the earlier rep.
        var reps = levels.SelectMany(level => members.Where(m => m.Rep.Level == level)).ToList();
        return new RepPool(
            $"{team.Id}:{string.Join('+', levels)}",
            $"{team.Name} {string.Join(" / ", levels.Select(RepLevels.Describe))}",
            reps);
    }
}

public static class RepLevels
{
    public static string Describe(RepLevel level) => level switch
    {
        RepLevel.Sdr => "SDR",
        RepLevel.JuniorAe => "Junior AE",
        RepLevel.MidAe => "Mid-level AE",
        RepLevel.SeniorAe => "Senior AE",
        RepLevel.AccountDirector => "Account Director",
        _ => level.ToString(),
    };
}
