using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace LeadRouting.Web.Components.Pages.Settings;

/// <summary>
/// <c>/settings/sla</c> (Ops): add, edit and delete SLA policies in the draft. Sources move between policies and a
/// rename is carried into the treatment matrix (see <see cref="SlaPolicyForm"/>); the page shows which sources the
/// edit would leave uncovered or covered twice. Deleting needs no confirmation: it only changes the draft.
/// </summary>
public sealed partial class SlaSettings
{
    private SettingsDraftShell? _shell;
    private SlaPolicyForm? _form;
    private FieldErrors _errors = new();
    private string? _refusal;

    /// <summary>The forms' messages and change summaries in the person's language.</summary>
    [Inject]
    public required IStringLocalizer<FormText> Messages { get; init; }

    private string UnitName(DurationUnit unit) => unit switch
    {
        DurationUnit.Minutes => T["minutes"],
        DurationUnit.Hours => T["hours"],
        _ => T["business days"],
    };

    private string ClockName(SlaClockMode clock) => Words.Of(clock);

    /// <summary>The matrix rows whose SLA is capped at <paramref name="policy"/> ("Medium × Strong" / "mittel × stark"), or null.</summary>
    private string? CappedRows(RoutingConfiguration config, SlaPolicy policy) =>
        config.Policy.Matrix.Where(r => r.SlaCap == policy.Name).Select(r => $"{Words.Of(r.Intent)} × {Words.Of(r.Fit)}").ToList() is { Count: > 0 } rows
            ? string.Join(", ", rows)
            : null;

    /// <summary>Coverage of the document, or of the document with the open form's sources applied.</summary>
    private SlaCoverage Coverage(RoutingConfiguration config) =>
        SlaPolicyForm.Coverage(_form is { } form ? form.SourcesAfter(config) : config.Policy.SlaPolicies.Select(p => p.Sources.ToList()));

    private void New() => Open(SlaPolicyForm.New());

    private void Edit(SlaPolicy policy) => Open(SlaPolicyForm.From(policy));

    private void Open(SlaPolicyForm? form)
    {
        _form = form;
        _errors = new FieldErrors();
        _refusal = null;
    }

    private void Close() => Open(null);

    private async Task SaveAsync() => _errors = await _shell!.SaveFormAsync(_form!, Close);

    private async Task DeleteAsync(SlaPolicy policy)
    {
        Close();
        _refusal = await _shell!.DeleteAsync(config => SlaPolicyForm.Delete(config, policy, Messages), text => SlaPolicyForm.Deleted(text, policy.Name));
    }
}
