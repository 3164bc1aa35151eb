namespace LeadRouting.Web.Components.Pages.Settings;

/// <summary>
/// <c>/settings/calendars</c> (Ops): add, edit and delete working calendars in the draft. A calendar a team or a rep
/// still works on is not deleted; the page says who uses it. Deleting needs no confirmation: it only changes the
/// draft, which can be discarded.
/// </summary>
public sealed partial class CalendarsSettings
{
    private SettingsDraftShell? _shell;
    private CalendarForm? _form;
    private FieldErrors _errors = new();
    private DateTime? _newHoliday;
    private string? _holidayError;
    private string? _refusal;

    private static string Day(DateOnly date) => date.ToString("ddd d MMM yyyy", CultureInfo.InvariantCulture);

    private static string UsedBy(RoutingConfiguration config, CalendarDefinition calendar)
    {
        var teams = config.Organisation.Teams.Count(t => t.CalendarId == calendar.Id);
        var reps = config.Organisation.Reps.Count(r => r.CalendarId == calendar.Id);
        return (teams, reps) switch
        {
            (0, 0) => "—",
            (_, 0) => Count(teams, "team"),
            (0, _) => Count(reps, "rep"),
            _ => $"{Count(teams, "team")}, {Count(reps, "rep")}",
        };
    }

    private static string Count(int count, string kind) => $"{count} {kind}{(count == 1 ? "" : "s")}";

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
        _holidayError = _form!.AddHoliday(_newHoliday is { } date ? DateOnly.FromDateTime(date) : null);
        if (_holidayError is null)
        {
            _newHoliday = null;
        }
    }

    private async Task SaveAsync() => _errors = await _shell!.SaveFormAsync(_form!, Close);

    private async Task DeleteAsync(CalendarDefinition calendar)
    {
        Close();
        _refusal = await _shell!.DeleteAsync(config => CalendarForm.Delete(config, calendar.Id), $"calendar {calendar.Id} deleted");
    }
}
