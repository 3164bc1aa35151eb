using LeadRouting.Web.Api;
using LeadRouting.Web.Privacy;
using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace LeadRouting.Web.Components.Pages.Settings;

/// <summary>
/// <c>/settings/privacy</c> (Ops): export a person's data as JSON (GDPR Art. 15) and erase it (Art. 17), after the email
/// is typed a second time. The page is authorised for Ops on the server, and the erasure checks again that the person
/// acting is Ops (a sign-in whose role changed while the page was open is refused).
/// </summary>
public sealed partial class PrivacySettings : OpsSettingsComponent
{
    private string? _email;
    private string? _canonical;
    private string? _emailError;
    private bool _confirming;
    private string? _confirmation;
    private bool _erasing;
    private ErasureResult? _result;

    [Inject]
    public required PersonalDataEraser Eraser { get; init; }

    [Inject]
    public required IStringLocalizer<PrivacySettings> T { get; init; }

    private string? ExportHref => _canonical is null ? null : $"{PrivacyApi.PageExportPath}?email={Uri.EscapeDataString(_canonical)}";

    /// <summary>The second typing names the same address (spaces and case aside), not merely some address.</summary>
    private bool Confirmed => _canonical is not null && PersonEmail.Read(_confirmation) == _canonical;

    private void EmailChanged(string? email)
    {
        _email = email;
        _canonical = PersonEmail.Read(email);
        _emailError = string.IsNullOrWhiteSpace(email) || _canonical is not null ? null : T["This is not an email address."].Value;
        _confirming = false;
        _confirmation = null;
    }

    private void AskToConfirm()
    {
        _confirming = true;
        _confirmation = null;
        _result = null;
    }

    private void Cancel()
    {
        _confirming = false;
        _confirmation = null;
    }

    private async Task EraseAsync()
    {
        if (!Confirmed || await CurrentUser.GetAsync() is not { } user)
        {
            return;
        }

        if (!user.Roles.Contains(LeadRoutingRoles.Ops))
        {
            Snackbar.Add(T["Only Ops may erase personal data."], Severity.Error);
            return;
        }

        _erasing = true;
        try
        {
            _result = await Eraser.EraseByEmailAsync(_canonical!, user.Email, CancellationToken.None);
            _confirming = false;
            _confirmation = null;
        }
        finally
        {
            _erasing = false;
        }
    }

    private IEnumerable<(string Label, int Count)> Rows(ErasureResult result) =>
    [
        (T["Leads anonymised"], result.Leads),
        (T["Their signals (kept, now anonymous)"], result.Signals),
        (T["Routing decisions rewritten"], result.Decisions),
        (T["Audit events rewritten"], result.AuditEvents),
        (T["Notification messages rewritten"], result.Outbox),
        (T["Deliveries rewritten"], result.Deliveries),
        (T["Tasks rewritten"], result.Tasks),
        (T["Touch notes removed"], result.Touches),
        (T["Mail files deleted"], result.MailFiles),
    ];
}
