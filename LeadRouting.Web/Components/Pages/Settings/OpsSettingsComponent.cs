using LeadRouting.Web.Routing;
using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace LeadRouting.Web.Components.Pages.Settings;

/// <summary>
/// A <c>/settings</c> page (or the draft shell) that changes something in the signed-in person's name: the services
/// they all act through — the configuration drafts, who is acting (the services check the role themselves), and the
/// snackbar that says what happened.
/// </summary>
public abstract class OpsSettingsComponent : ComponentBase
{
    [Inject]
    public required ConfigurationDrafts Drafts { get; init; }

    [Inject]
    public required ICurrentUser CurrentUser { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }
}
