using Microsoft.Extensions.Localization;

namespace LeadRouting.Web.Components.Pages.Settings;

/// <summary>
/// An item form of a settings page (a rep, team, region, calendar, segment, SLA policy): it checks its fields against the
/// document being edited, writes itself into a copy of it, and says in a few words what the change is (the audit
/// line and the "saved" message). <see cref="SettingsDraftShell.SaveFormAsync(ISettingsForm)"/> does the rest. Messages
/// and the summary are in the language of the localizer's reader.
/// </summary>
public interface ISettingsForm
{
    FieldErrors Validate(RoutingConfiguration config, IStringLocalizer<FormText> text);

    RoutingConfiguration ApplyTo(RoutingConfiguration config);

    string Summary(IStringLocalizer<FormText> text);
}
