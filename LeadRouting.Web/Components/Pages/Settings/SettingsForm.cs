using Microsoft.Extensions.Localization;

namespace LeadRouting.Web.Components.Pages.Settings;

/// <summary>
/// An item form of a settings page (a rep, team, region, calendar, segment, SLA policy): it checks its fields against the
/// document being edited, writes itself into a copy of it, and says in a few words what the change is (the audit
/// line, in English through <see cref="FormText.English"/>, and the "saved" message in the person's language).
/// <see cref="SettingsDraftShell.SaveFormAsync(ISettingsForm)"/> does the rest. Field messages are in the language of
/// the localizer handed in.
/// </summary>
public interface ISettingsForm
{
    FieldErrors Validate(RoutingConfiguration config, IStringLocalizer<FormText> text);

    RoutingConfiguration ApplyTo(RoutingConfiguration config);

    string Summary(IStringLocalizer<FormText> text);
}
