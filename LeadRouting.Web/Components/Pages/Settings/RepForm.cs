using Microsoft.Extensions.Localization;

namespace LeadRouting.Web.Components.Pages.Settings;

/// <summary>One rep as the form edits it; <see cref="Validate"/> names every bad field, <see cref="ApplyTo"/> writes it back.</summary>
public sealed class RepForm : ISettingsForm
{
    public bool IsNew { get; private init; }

    public string Summary(IStringLocalizer<FormText> text) => IsNew ? text["rep {0} added", Id ?? ""] : text["rep {0} changed", Id ?? ""];

    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? Email { get; set; }
    public RepLevel Level { get; set; } = RepLevel.MidAe;
    public string? Team { get; set; }

    /// <summary>Empty: the team's calendar.</summary>
    public string CalendarId { get; set; } = "";

    public int? Weight { get; set; } = 1;
    public int? Capacity { get; set; } = 25;

    /// <summary>Empty: no cap (README "Fair-share ledger, make-up rules and caps").</summary>
    public int? DailyCap { get; set; }

    public int? HourlyCap { get; set; }

    /// <summary>Empty: no personal backup (the team's backup pool still applies).</summary>
    public string Backup { get; set; } = "";

    public string? Industries { get; set; }
    public string? Languages { get; set; }
    public bool Active { get; set; } = true;

    /// <summary>The rep's Slack member ID (<c>U…</c>), whose clicks on a lead's Slack buttons act for them; empty: none.</summary>
    public string? SlackUserId { get; set; }

    public static RepForm New(string? team) => new() { IsNew = true, Team = team };

    public static RepForm From(Rep rep) => new()
    {
        Id = rep.Id.Value,
        Name = rep.Name,
        Email = rep.Email,
        Level = rep.Level,
        Team = rep.Team.Value,
        CalendarId = rep.CalendarId ?? "",
        Weight = rep.Weight,
        Capacity = rep.Capacity,
        DailyCap = rep.DailyCap,
        HourlyCap = rep.HourlyCap,
        Backup = rep.Backup?.Value ?? "",
        Industries = SettingsFields.JoinList(rep.Industries),
        Languages = SettingsFields.JoinList(rep.Languages),
        Active = rep.Active,
        SlackUserId = rep.SlackUserId,
    };

    public FieldErrors Validate(RoutingConfiguration config, IStringLocalizer<FormText> text)
    {
        var org = config.Organisation;
        var errors = SettingsFields.IdAndName(text, IsNew, Id, org.Reps.Select(r => r.Id.Value), Name);
        SettingsFields.Email(text, errors, "email", Email);
        if (string.IsNullOrEmpty(Team) || org.Teams.All(t => t.Id.Value != Team))
        {
            errors.Add("team", text["Choose the rep's team."]);
        }

        if (CalendarId.Length > 0 && org.Calendars.All(c => c.Id != CalendarId))
        {
            errors.Add("calendar", text["Choose a calendar, or the team's."]);
        }

        SettingsFields.Range(text, errors, "weight", Weight, 1, 100);
        SettingsFields.Range(text, errors, "capacity", Capacity, 0, 10_000);
        if (DailyCap is not null)
        {
            SettingsFields.Range(text, errors, "dailyCap", DailyCap, 1, 10_000);
        }

        if (HourlyCap is not null)
        {
            SettingsFields.Range(text, errors, "hourlyCap", HourlyCap, 1, 10_000);
        }
        if (Backup.Length > 0 && (Backup == Id || org.Reps.All(r => r.Id.Value != Backup)))
        {
            errors.Add("backup", text["The backup must be another rep."]);
        }

        SettingsFields.List(text, errors, "industries", Industries);
        SettingsFields.List(text, errors, "languages", Languages);
        var slackUser = SlackUserId?.Trim();
        if (!string.IsNullOrEmpty(slackUser)
            && (slackUser.Length is < 3 or > 32 || slackUser[0] is not ('U' or 'W') || !slackUser.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c))))
        {
            errors.Add("slackUserId", text["Enter a Slack member ID like U0123ABCD (Slack: profile, Copy member ID)."]);
        }
        else if (!string.IsNullOrEmpty(slackUser) && org.Reps.Any(r => r.SlackUserId == slackUser && r.Id.Value != Id))
        {
            errors.Add("slackUserId", text["Another rep has this Slack member ID."]);
        }

        return errors;
    }

    /// <summary>The configuration with this rep added (new) or replaced (existing), in place in the list.</summary>
    public RoutingConfiguration ApplyTo(RoutingConfiguration config)
    {
        var rep = new Rep
        {
            Id = new RepId(Id!),
            Name = Name!.Trim(),
            Email = string.IsNullOrWhiteSpace(Email) ? null : Email.Trim(),
            Level = Level,
            Team = new TeamId(Team!),
            CalendarId = CalendarId.Length == 0 ? null : CalendarId,
            Weight = Weight!.Value,
            Capacity = Capacity!.Value,
            DailyCap = DailyCap,
            HourlyCap = HourlyCap,
            Backup = Backup.Length == 0 ? null : new RepId(Backup),
            Industries = SettingsFields.SplitList(Industries),
            Languages = SettingsFields.SplitList(Languages),
            Active = Active,
            SlackUserId = string.IsNullOrWhiteSpace(SlackUserId) ? null : SlackUserId.Trim(),
        };
        return config with { Organisation = config.Organisation with { Reps = ItemList.WithSaved(config.Organisation.Reps, rep, IsNew, r => r.Id == rep.Id) } };
    }
}
