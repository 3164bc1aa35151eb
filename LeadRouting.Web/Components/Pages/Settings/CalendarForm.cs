using Microsoft.Extensions.Localization;

namespace LeadRouting.Web.Components.Pages.Settings;

/// <summary>
/// One working calendar as the form edits it: time zone, rows of weekly hours and a list of holidays.
/// <see cref="Validate"/> names every bad field (a row's fields as <c>hours[i].days</c>, <c>hours[i].start</c>,
/// <c>hours[i].end</c>), <see cref="ApplyTo"/> writes it back.
/// </summary>
public sealed class CalendarForm : ISettingsForm
{
    public const int MaxHolidays = 366;

    private readonly List<HoursRow> _hours = [];
    private readonly SortedSet<DateOnly> _holidays = [];

    public bool IsNew { get; private init; }

    public string Summary(IStringLocalizer<FormText> text) => IsNew ? text["calendar {0} added", Id ?? ""] : text["calendar {0} changed", Id ?? ""];

    public string? Id { get; set; }
    public string? Name { get; set; }

    /// <summary>IANA id, e.g. Europe/Berlin.</summary>
    public string? TimeZone { get; set; }

    public IReadOnlyList<HoursRow> Hours => _hours;

    /// <summary>Holidays in date order; no date twice.</summary>
    public IReadOnlyCollection<DateOnly> Holidays => _holidays;

    /// <summary>New: Monday to Friday, 09:00–17:00, the shape most calendars have.</summary>
    public static CalendarForm New()
    {
        var form = new CalendarForm { IsNew = true };
        form._hours.Add(new HoursRow { Days = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday], Start = new TimeSpan(9, 0, 0), End = new TimeSpan(17, 0, 0) });
        return form;
    }

    public static CalendarForm From(CalendarDefinition calendar)
    {
        var form = new CalendarForm { Id = calendar.Id, Name = calendar.Name, TimeZone = calendar.TimeZone };
        form._hours.AddRange(calendar.Hours.Select(h => new HoursRow { Days = [.. h.Days], Start = h.Start.ToTimeSpan(), End = h.End.ToTimeSpan() }));
        form._holidays.UnionWith(calendar.Holidays);
        return form;
    }

    public void AddHoursRow() => _hours.Add(new HoursRow { Start = new TimeSpan(9, 0, 0), End = new TimeSpan(17, 0, 0) });

    public void RemoveHoursRow(HoursRow row) => _hours.Remove(row);

    /// <summary>Adds a holiday; returns why not (no date, already listed, list full), else null. <paramref name="day"/> writes a date as the reader reads it.</summary>
    public string? AddHoliday(DateOnly? date, IStringLocalizer<FormText> text, Func<DateOnly, string> day)
    {
        if (date is not { } holiday)
        {
            return text["Pick a date first."];
        }

        if (_holidays.Contains(holiday))
        {
            return text["{0} is already a holiday.", day(holiday)];
        }

        if (_holidays.Count >= MaxHolidays)
        {
            return text["At most {0} holidays.", MaxHolidays];
        }

        _holidays.Add(holiday);
        return null;
    }

    public void RemoveHoliday(DateOnly date) => _holidays.Remove(date);

    public FieldErrors Validate(RoutingConfiguration config, IStringLocalizer<FormText> text)
    {
        var errors = SettingsFields.IdAndName(text, IsNew, Id, config.Organisation.Calendars.Select(c => c.Id), Name);
        if (string.IsNullOrWhiteSpace(TimeZone))
        {
            errors.Add("timeZone", text["Required, e.g. Europe/Berlin."]);
        }
        else if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone.Trim(), out _))
        {
            errors.Add("timeZone", text["'{0}' is not a known time zone; use an IANA id such as Europe/Berlin or America/New_York.", TimeZone]);
        }

        if (_hours.Count == 0)
        {
            errors.Add("hours", text["Add at least one row of working hours."]);
        }

        for (var i = 0; i < _hours.Count; i++)
        {
            ValidateRow(text, errors, $"hours[{i}]", _hours[i]);
        }

        return errors;
    }

    /// <summary>The configuration with this calendar added (new) or replaced (existing), in place in the list.</summary>
    public RoutingConfiguration ApplyTo(RoutingConfiguration config)
    {
        var calendar = new CalendarDefinition
        {
            Id = Id!,
            Name = Name!.Trim(),
            TimeZone = TimeZone!.Trim(),
            Hours = [.. _hours.Select(h => new WorkingHours([.. Week.Where(h.Days.Contains)], TimeOnly.FromTimeSpan(h.Start!.Value), TimeOnly.FromTimeSpan(h.End!.Value)))],
            Holidays = [.. _holidays],
        };
        return config with { Organisation = config.Organisation with { Calendars = ItemList.WithSaved(config.Organisation.Calendars, calendar, IsNew, c => c.Id == calendar.Id) } };
    }

    public static string Deleted(IStringLocalizer<FormText> text, string id) => text["calendar {0} deleted", id];

    /// <summary>The document without the calendar, or why it must stay: the teams and reps still working on it.</summary>
    public static ItemDeletion Delete(RoutingConfiguration config, string id, IStringLocalizer<FormText> text) =>
        ItemDeletion.Unless(
            UsageText.Blocker(text, text["Calendar {0}", id], text["Give them another calendar first."],
                (UsageText.Teams, config.Organisation.Teams.Where(t => t.CalendarId == id).Select(t => t.Name)),
                (UsageText.Reps, config.Organisation.Reps.Where(r => r.CalendarId == id).Select(r => r.Name))),
            () => config with { Organisation = config.Organisation with { Calendars = [.. config.Organisation.Calendars.Where(c => c.Id != id)] } });

    /// <summary>Monday first, the way the forms list days.</summary>
    public static IReadOnlyList<DayOfWeek> Week { get; } =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    /// <summary>"Mon" / "Mo": the reader's culture's short day name.</summary>
    public static string DayName(DayOfWeek day) => CultureInfo.CurrentCulture.DateTimeFormat.GetAbbreviatedDayName(day);

    /// <summary>"Mon–Fri 09:00–18:00" ("Mo–Fr 09:00–18:00"); the calendar's own wall-clock hours, in no zone but its own; a run of consecutive days as a range, other days listed.</summary>
    public static string Describe(WorkingHours hours)
    {
        var days = Week.Where(hours.Days.Contains).ToList();
        var consecutive = days.Count > 2 && Position(days[^1]) - Position(days[0]) == days.Count - 1;
        var dayText = consecutive ? $"{DayName(days[0])}–{DayName(days[^1])}" : string.Join(", ", days.Select(DayName));
        var end = hours.End == TimeOnly.MinValue ? "24:00" : hours.End.ToString("HH:mm", CultureInfo.InvariantCulture);
        return $"{dayText} {hours.Start.ToString("HH:mm", CultureInfo.InvariantCulture)}–{end}";
    }

    private static int Position(DayOfWeek day) => ((int)day + 6) % 7;

    private static void ValidateRow(IStringLocalizer<FormText> text, FieldErrors errors, string prefix, HoursRow row)
    {
        if (row.Days.Count == 0)
        {
            errors.Add($"{prefix}.days", text["Choose at least one day."]);
        }

        if (row.Start is not { } start || start < TimeSpan.Zero || start >= TimeSpan.FromDays(1))
        {
            errors.Add($"{prefix}.start", text["Enter a time, e.g. 09:00."]);
        }

        if (row.End is not { } end || end < TimeSpan.Zero || end >= TimeSpan.FromDays(1))
        {
            errors.Add($"{prefix}.end", text["Enter a time, e.g. 18:00 (00:00 means midnight)."]);
        }
        else if (row.Start is { } from && end != TimeSpan.Zero && end <= from)
        {
            errors.Add($"{prefix}.end", text["Must be after the start (00:00 means midnight)."]);
        }
    }
}

/// <summary>One row of weekly hours: on each of <see cref="Days"/>, from <see cref="Start"/> to <see cref="End"/> local time.</summary>
public sealed class HoursRow
{
    /// <summary>In the shape MudSelect's multi-selection binds to.</summary>
    public IReadOnlyCollection<DayOfWeek> Days { get; set; } = [];

    public TimeSpan? Start { get; set; }

    /// <summary>00:00 means midnight, the end of the day.</summary>
    public TimeSpan? End { get; set; }
}
