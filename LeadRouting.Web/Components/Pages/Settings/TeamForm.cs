namespace LeadRouting.Web.Components.Pages.Settings;

/// <summary>One team as the form edits it; <see cref="Validate"/> names every bad field, <see cref="ApplyTo"/> writes it back.</summary>
public sealed class TeamForm : ISettingsForm
{
    public bool IsNew { get; private init; }

    public string Summary => IsNew ? $"team {Id} added" : $"team {Id} changed";
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? Region { get; set; }
    public string? CalendarId { get; set; }
    public string? ManagerName { get; set; }
    public string? ManagerEmail { get; set; }

    /// <summary>Rep ids, in the shape MudSelect's multi-selection binds to.</summary>
    public IReadOnlyCollection<string> BackupPool { get; set; } = [];

    public static TeamForm New() => new() { IsNew = true };

    public static TeamForm From(Team team) => new()
    {
        Id = team.Id.Value,
        Name = team.Name,
        Region = team.Region,
        CalendarId = team.CalendarId,
        ManagerName = team.ManagerName,
        ManagerEmail = team.ManagerEmail,
        BackupPool = [.. team.BackupPool.Select(r => r.Value)],
    };

    public FieldErrors Validate(RoutingConfiguration config)
    {
        var org = config.Organisation;
        var errors = SettingsFields.IdAndName(IsNew, Id, org.Teams.Select(t => t.Id.Value), Name);
        if (string.IsNullOrEmpty(Region) || (org.Regions.Count > 0 && org.Regions.All(r => r.Code != Region)))
        {
            errors.Add("region", "Choose the team's region.");
        }

        if (string.IsNullOrEmpty(CalendarId) || org.Calendars.All(c => c.Id != CalendarId))
        {
            errors.Add("calendar", "Choose the calendar its SLA clocks run on.");
        }

        if (ManagerName is { Length: > SettingsFields.MaxNameLength })
        {
            errors.Add("managerName", $"At most {SettingsFields.MaxNameLength} characters.");
        }

        SettingsFields.Email(errors, "managerEmail", ManagerEmail);
        var unknown = BackupPool.Where(id => org.Reps.All(r => r.Id.Value != id)).ToList();
        if (unknown.Count > 0)
        {
            errors.Add("backupPool", $"Not a rep: {string.Join(", ", unknown)}.");
        }

        return errors;
    }

    /// <summary>The configuration with this team added (new) or replaced (existing), in place in the list.</summary>
    public RoutingConfiguration ApplyTo(RoutingConfiguration config)
    {
        var team = new Team
        {
            Id = new TeamId(Id!),
            Name = Name!.Trim(),
            Region = Region!,
            CalendarId = CalendarId!,
            ManagerName = string.IsNullOrWhiteSpace(ManagerName) ? null : ManagerName.Trim(),
            ManagerEmail = string.IsNullOrWhiteSpace(ManagerEmail) ? null : ManagerEmail.Trim(),
            BackupPool = [.. BackupPool.Distinct(StringComparer.Ordinal).Select(id => new RepId(id))],
        };
        return config with { Organisation = config.Organisation with { Teams = ItemList.WithSaved(config.Organisation.Teams, team, IsNew, t => t.Id == team.Id) } };
    }

    /// <summary>The document without the team, or why it must stay: the reps and segments still belonging to it.</summary>
    public static ItemDeletion Delete(RoutingConfiguration config, TeamId id) =>
        ItemDeletion.Unless(
            UsageText.Blocker($"Team {id}", "Move them to another team first.",
                ("rep", config.Organisation.Reps.Where(r => r.Team == id).Select(r => r.Name)),
                ("segment", config.Organisation.Segments.Where(s => s.Team == id).Select(s => s.Name))),
            () => config with { Organisation = config.Organisation with { Teams = [.. config.Organisation.Teams.Where(t => t.Id != id)] } });
}

/// <summary>Refusal texts for deleting something still in use: "Team dach is still used by 8 reps (Lena Schmidt, …) and 2 segments (…)."</summary>
internal static class UsageText
{
    private const int NamesShown = 5;

    /// <summary>The refusal, or null when none of <paramref name="users"/> names anything.</summary>
    public static string? Blocker(string what, string advice, params (string Kind, IEnumerable<string> Names)[] users)
    {
        var parts = users.Select(u => (u.Kind, Names: u.Names.ToList())).Where(u => u.Names.Count > 0).Select(u => Describe(u.Kind, u.Names)).ToList();
        return parts.Count == 0 ? null : $"{what} is still used by {string.Join(" and ", parts)}. {advice}";
    }

    private static string Describe(string kind, IReadOnlyList<string> names)
    {
        var shown = string.Join(", ", names.Take(NamesShown));
        var more = names.Count > NamesShown ? $" and {names.Count - NamesShown} more" : "";
        return $"{names.Count} {kind}{(names.Count == 1 ? "" : "s")} ({shown}{more})";
    }
}
