using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace LeadRouting.Web.Components.Pages.Settings;

/// <summary>
/// <c>/settings/teams</c> (Ops): add, edit and delete regions and teams in the draft. A team still owning reps or
/// segments, or a region still named by a team or segment, is not deleted: the page says who uses it, so Ops move
/// those first (the whole-document validator in <see cref="Web.Routing.ConfigurationDrafts"/> is the backstop).
/// Deleting needs no confirmation: it only changes the draft, which can be discarded.
/// </summary>
public sealed partial class TeamsSettings
{
    private SettingsDraftShell? _shell;
    private TeamForm? _teamForm;
    private RegionForm? _regionForm;
    private FieldErrors _errors = new();
    private string? _teamRefusal;
    private string? _regionRefusal;

    /// <summary>The forms' messages and change summaries in the person's language.</summary>
    [Inject]
    public required IStringLocalizer<FormText> Messages { get; init; }

    private static string TeamName(RoutingConfiguration config, TeamId id) =>
        config.Organisation.Teams.FirstOrDefault(t => t.Id == id)?.Name ?? id.Value;

    private static string RepName(RoutingConfiguration config, string? id) =>
        config.Organisation.Reps.FirstOrDefault(r => r.Id.Value == id)?.Name ?? id ?? "";

    private static string CalendarName(RoutingConfiguration config, string id) =>
        config.Organisation.Calendars.FirstOrDefault(c => c.Id == id)?.Name ?? id;

    private static string BackupNames(RoutingConfiguration config, Team team) =>
        team.BackupPool.Count == 0 ? "—" : SettingsFields.JoinList(team.BackupPool.Select(r => RepName(config, r.Value)));

    private void NewTeam() => Open(TeamForm.New(), null);

    private void EditTeam(Team team) => Open(TeamForm.From(team), null);

    private void NewRegion() => Open(null, RegionForm.New());

    private void EditRegion(Region region) => Open(null, RegionForm.From(region));

    private void Open(TeamForm? team, RegionForm? region)
    {
        _teamForm = team;
        _regionForm = region;
        _errors = new FieldErrors();
        _teamRefusal = _regionRefusal = null;
    }

    private void Close() => Open(null, null);

    private async Task SaveTeamAsync() => _errors = await _shell!.SaveFormAsync(_teamForm!, Close);

    private async Task SaveRegionAsync() => _errors = await _shell!.SaveFormAsync(_regionForm!, Close);

    private async Task DeleteTeamAsync(Team team)
    {
        Close();
        _teamRefusal = await _shell!.DeleteAsync(config => TeamForm.Delete(config, team.Id, Messages), text => TeamForm.Deleted(text, team.Id));
    }

    private async Task DeleteRegionAsync(Region region)
    {
        Close();
        _regionRefusal = await _shell!.DeleteAsync(config => RegionForm.Delete(config, region.Code, Messages), text => RegionForm.Deleted(text, region.Code));
    }
}
