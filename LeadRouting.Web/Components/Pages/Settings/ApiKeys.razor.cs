using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using Microsoft.JSInterop;
using MudBlazor;

namespace LeadRouting.Web.Components.Pages.Settings;

/// <summary>
/// <c>/settings/api-keys</c> (Ops): list, create (the key shown once) and revoke API keys. Creating and revoking are
/// audited by <see cref="ApiKeyService"/>. The page is authorised for Ops on the server, and the service checks again
/// that the person acting is Ops (a sign-in whose role changed while the page was open is refused there).
/// </summary>
public sealed partial class ApiKeys : OpsSettingsComponent
{
    private IReadOnlyList<ApiKeySummary> _keys = [];
    private readonly HashSet<string> _scopes = [ApiScopes.Ingest];
    private string? _name;
    private string? _nameError;
    private string? _scopeError;
    private IssuedApiKey? _issued;
    private bool _copied;

    [Inject]
    public required ApiKeyService Keys { get; init; }

    [Inject]
    public required IJSRuntime JS { get; init; }

    [Inject]
    public required ILogger<ApiKeys> Logger { get; init; }

    [Inject]
    public required IStringLocalizer<ApiKeys> T { get; init; }

    protected override async Task OnInitializedAsync() => _keys = await Keys.ListAsync(CancellationToken.None);

    private void Toggle(string scope, bool on)
    {
        if (on)
        {
            _scopes.Add(scope);
        }
        else
        {
            _scopes.Remove(scope);
        }
    }

    private async Task CreateAsync()
    {
        _nameError = string.IsNullOrWhiteSpace(_name) ? T["A name says what the key is for."].Value : _name.Length > 128 ? T["At most 128 characters."].Value : null;
        _scopeError = _scopes.Count == 0 ? T["Choose at least one scope."].Value : null;
        if (_nameError is not null || _scopeError is not null)
        {
            return;
        }

        if (await CurrentUser.GetAsync() is not { } user)
        {
            return;
        }

        try
        {
            _issued = await Keys.CreateAsync(user, _name!, [.. _scopes], CancellationToken.None);
            _copied = false;
        }
        catch (UnauthorizedAccessException refused)
        {
            Snackbar.Add(refused.Message, Severity.Error);
            return;
        }

        _name = null;
        _keys = await Keys.ListAsync(CancellationToken.None);
    }

    private async Task RevokeAsync(int id)
    {
        if (await CurrentUser.GetAsync() is not { } user)
        {
            return;
        }

        try
        {
            await Keys.RevokeAsync(id, user, CancellationToken.None);
            if (_issued?.Id == id)
            {
                // A secret that no longer opens anything is not left on the screen.
                _issued = null;
            }
        }
        catch (UnauthorizedAccessException refused)
        {
            Snackbar.Add(refused.Message, Severity.Error);
        }

        _keys = await Keys.ListAsync(CancellationToken.None);
    }

    /// <summary>
    /// Puts the new key on the clipboard. Browsers allow that only on a secure page (HTTPS or localhost); elsewhere the
    /// person is told to select the key by hand, which always works.
    /// </summary>
    private async Task CopyAsync()
    {
        if (_issued is not { } issued)
        {
            return;
        }

        try
        {
            await JS.InvokeVoidAsync("navigator.clipboard.writeText", issued.Key);
            _copied = true;
        }
        catch (JSException refused)
        {
            Logger.LogInformation(refused, "The browser refused to copy an API key to the clipboard.");
            Snackbar.Add(T["The browser did not allow copying here (it needs HTTPS). Select the key and copy it by hand."], Severity.Warning);
        }
    }
}
