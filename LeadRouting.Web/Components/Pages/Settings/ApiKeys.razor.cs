using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Components;

namespace LeadRouting.Web.Components.Pages.Settings;

/// <summary>
/// <c>/settings/api-keys</c> (Ops): list, create (the key shown once) and revoke API keys. Creating and revoking are
/// audited by <see cref="ApiKeyService"/>; the page is authorised for Ops on the server.
/// </summary>
public sealed partial class ApiKeys
{
    private IReadOnlyList<ApiKeySummary> _keys = [];
    private readonly HashSet<string> _scopes = [ApiScopes.Ingest];
    private string? _name;
    private string? _nameError;
    private string? _scopeError;
    private IssuedApiKey? _issued;

    [Inject]
    public required ApiKeyService Keys { get; init; }

    [Inject]
    public required ICurrentUser CurrentUser { get; init; }

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
        _nameError = string.IsNullOrWhiteSpace(_name) ? "A name says what the key is for." : _name.Length > 128 ? "At most 128 characters." : null;
        _scopeError = _scopes.Count == 0 ? "Choose at least one scope." : null;
        if (_nameError is not null || _scopeError is not null)
        {
            return;
        }

        _issued = await Keys.CreateAsync(_name!, [.. _scopes], CancellationToken.None);
        _name = null;
        _keys = await Keys.ListAsync(CancellationToken.None);
    }

    private async Task RevokeAsync(int id)
    {
        var user = await CurrentUser.GetAsync();
        await Keys.RevokeAsync(id, user?.DisplayName ?? "ops", CancellationToken.None);
        _keys = await Keys.ListAsync(CancellationToken.None);
    }
}
