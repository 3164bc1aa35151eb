using LeadRouting.Web.Routing;
using MudBlazor;

namespace LeadRouting.Web.Components.Pages.Settings;

/// <summary><c>/settings/versions</c> (Ops): the published versions, what each changed, rollback in one action.</summary>
public sealed partial class VersionsSettings : OpsSettingsComponent
{
    private IReadOnlyList<VersionSummary> _versions = [];
    private readonly Dictionary<int, IReadOnlyList<ConfigurationChange>> _open = [];
    private string? _message;

    protected override async Task OnInitializedAsync() => _versions = await Drafts.HistoryAsync(CancellationToken.None);

    private async Task ToggleAsync(int version)
    {
        if (!_open.Remove(version))
        {
            _open[version] = await Drafts.ChangesOfAsync(version, CancellationToken.None);
        }
    }

    private async Task RollbackAsync(int version)
    {
        var result = await Drafts.RollbackAsync(ConfigurationEditor.From(await CurrentUser.GetAsync()), version, CancellationToken.None);
        if (result.Version is not { } published)
        {
            _message = string.Join(" ", result.Result.Errors);
            return;
        }

        _message = null;
        _open.Clear();
        _versions = await Drafts.HistoryAsync(CancellationToken.None);
        Snackbar.Add(T["Version {0} publishes version {1} again; it routes the next lead.", published.Id, version], Severity.Success);
    }
}
