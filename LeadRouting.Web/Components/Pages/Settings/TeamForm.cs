using Microsoft.Extensions.Localization;

namespace LeadRouting.Web.Components.Pages.Settings;

/// <summary>One team as the form edits it; <see cref="Validate"/> names every bad field, <see cref="ApplyTo"/> writes it back.</summary>
public sealed class TeamForm : ISettingsForm
{
    public bool IsNew { get; private init; }

    public string Summary(IStringLocalizer<FormText> text) => IsNew ? text["team {0} added", Id ?? ""] : text["team {0} changed", Id ?? ""];

    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? Region { get; set; }
    public string? CalendarId { get; set; }
    public string? ManagerName { get; set; }
    public string? ManagerEmail { get; set; }

    /// <summary>The share of first responses the team commits to (percent); empty means the default, 90 %.</summary>
    public int? SlaTargetPercent { get; set; }

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
        SlaTargetPercent = team.SlaTargetPercent,
    };

    public FieldErrors Validate(RoutingConfiguration config, IStringLocalizer<FormText> text)
    {
        var org = config.Organisation;
        var errors = SettingsFields.IdAndName(text, IsNew, Id, org.Teams.Select(t => t.Id.Value), Name);
        if (string.IsNullOrEmpty(Region) || (org.Regions.Count > 0 && org.Regions.All(r => r.Code != Region)))
        {
            errors.Add("region", text["Choose the team's region."]);
        }

        if (string.IsNullOrEmpty(CalendarId) || org.Calendars.All(c => c.Id != CalendarId))
        {
            errors.Add("calendar", text["Choose the calendar its SLA clocks run on."]);
        }

        if (ManagerName is { Length: > SettingsFields.MaxNameLength })
        {
            errors.Add("managerName", text["At most {0} characters.", SettingsFields.MaxNameLength]);
        }

        SettingsFields.Email(text, errors, "managerEmail", ManagerEmail);
        if (SlaTargetPercent is not null)
        {
            SettingsFields.Range(text, errors, "slaTarget", SlaTargetPercent, 1, 100);
        }

        var unknown = BackupPool.Where(id => org.Reps.All(r => r.Id.Value != id)).ToList();
        if (unknown.Count > 0)
        {
            errors.Add("backupPool", text["Not a rep: {0}.", string.Join(", ", unknown)]);
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
            SlaTargetPercent = SlaTargetPercent,
        };
        return config with { Organisation = config.Organisation with { Teams = ItemList.WithSaved(config.Organisation.Teams, team, IsNew, t => t.Id == team.Id) } };
    }

    public static string Deleted(IStringLocalizer<FormText> text, TeamId id) => text["team {0} deleted", id.Value];

    /// <summary>The document without the team, or why it must stay: the reps and segments still belonging to it.</summary>
    public static ItemDeletion Delete(RoutingConfiguration config, TeamId id, IStringLocalizer<FormText> text) =>
        ItemDeletion.Unless(
            UsageText.Blocker(text, text["Team {0}", id.Value], text["Move them to another team first."],
                (UsageText.Reps, config.Organisation.Reps.Where(r => r.Team == id).Select(r => r.Name)),
                (UsageText.Segments, config.Organisation.Segments.Where(s => s.Team == id).Select(s => s.Name))),
            () => config with { Organisation = config.Organisation with { Teams = [.. config.Organisation.Teams.Where(t => t.Id != id)] } });
}

/// <summary>
/// Refusal texts for deleting something still in use, in the reader's language: "Team dach is still used by 8 reps
/// (Lena Schmidt, …) and 2 segments (…)." / "Team dach wird noch von 8 Mitarbeitern (…) und 2 Segmenten (…) verwendet."
/// </summary>
internal static class UsageText
{
    public const string Reps = "reps";
    public const string Segments = "segments";
    public const string Teams = "teams";

    private const int NamesShown = 5;

    /// <summary>The refusal, or null when none of <paramref name="users"/> names anything.</summary>
    public static string? Blocker(IStringLocalizer<FormText> text, string what, string advice, params (string Kind, IEnumerable<string> Names)[] users)
    {
        var parts = users.Select(u => (u.Kind, Names: u.Names.ToList())).Where(u => u.Names.Count > 0).Select(u => Describe(text, u.Kind, u.Names)).ToList();
        return parts.Count switch
        {
            0 => null,
            1 => text["{0} is still used by {1}. {2}", what, parts[0], advice].Value,
            _ => text["{0} is still used by {1} and {2}. {3}", what, parts[0], parts[1], advice].Value,
        };
    }

    private static string Describe(IStringLocalizer<FormText> text, string kind, IReadOnlyList<string> names)
    {
        var shown = string.Join(", ", names.Take(NamesShown));
        var listed = names.Count > NamesShown ? text["{0} and {1} more", shown, names.Count - NamesShown].Value : shown;
        return (kind, names.Count == 1) switch
        {
            (Reps, true) => text["1 rep ({0})", listed],
            (Reps, false) => text["{0} reps ({1})", names.Count, listed],
            (Segments, true) => text["1 segment ({0})", listed],
            (Segments, false) => text["{0} segments ({1})", names.Count, listed],
            (_, true) => text["1 team ({0})", listed],
            _ => text["{0} teams ({1})", names.Count, listed],
        };
    }
}
