using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace LeadRouting.Web.Components.Pages.Settings;

/// <summary>
/// <c>/settings/calendars</c> (Ops): add, edit and delete working calendars in the draft. A calendar a team or a rep
/// still works on is not deleted; the page says who uses it. Deleting needs no confirmation: it only changes the
/// draft, which can be discarded. A calendar's hours are wall-clock hours in its own time zone, shown as they are
/// ("Mon–Fri 09:00–18:00"), not in the reader's zone.
/// </summary>
public sealed partial class CalendarsSettings
{
    private SettingsDraftShell? _shell;
    private CalendarForm? _form;
    private FieldErrors _errors = new();
    private DateTime? _newHoliday;
    private string? _holidayError;
    private string? _refusal;

    /// <summary>The forms' messages and change summaries in the person's language.</summary>
    [Inject]
    public required IStringLocalizer<FormText> Messages { get; init; }

    private string UsedBy(RoutingConfiguration config, CalendarDefinition calendar)
    {
        var teams = config.Organisation.Teams.Count(t => t.CalendarId == calendar.Id);
        var reps = config.Organisation.Reps.Count(r => r.CalendarId == calendar.Id);
        var teamText = teams == 1 ? T["1 team"] : T["{0} teams", Format.Number(teams)];
        var repText = reps == 1 ? T["1 rep"] : T["{0} reps", Format.Number(reps)];
        return (teams, reps) switch
        {
            (0, 0) => "—",
            (_, 0) => teamText,
            (0, _) => repText,
            _ => $"{teamText}, {repText}",
        };
    }

    private void New() => Open(CalendarForm.New());

    private void Edit(CalendarDefinition calendar) => Open(CalendarForm.From(calendar));

    private void Open(CalendarForm? form)
    {
        _form = form;
        _errors = new FieldErrors();
        _newHoliday = null;
        _holidayError = null;
        _refusal = null;
    }

    private void Close() => Open(null);

    private void AddHoliday()
    {
        _holidayError = _form!.AddHoliday(_newHoliday is { } date ? DateOnly.FromDateTime(date) : null, Messages, Format.Date);
        if (_holidayError is null)
        {
            _newHoliday = null;
        }
    }

    private async Task SaveAsync() => _errors = await _shell!.SaveFormAsync(_form!, Close);

    private async Task DeleteAsync(CalendarDefinition calendar)
    {
        Close();
        _refusal = await _shell!.DeleteAsync(config => CalendarForm.Delete(config, calendar.Id, Messages), text => CalendarForm.Deleted(text, calendar.Id));
    }
}
