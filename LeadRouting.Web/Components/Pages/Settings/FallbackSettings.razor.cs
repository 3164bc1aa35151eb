using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace LeadRouting.Web.Components.Pages.Settings;

/// <summary>
/// <c>/settings/fallback</c> (Ops): the fallback chain — which steps are used and in which order — between the fixed first
/// choice and the Unassigned queue, saved into the draft like every other table.
/// </summary>
public sealed partial class FallbackSettings
{
    private SettingsDraftShell? _shell;
    private FallbackForm? _form;
    private RoutingConfiguration? _formFor;
    private bool _saving;

    /// <summary>The forms' messages and change summaries in the person's language.</summary>
    [Inject]
    public required IStringLocalizer<FormText> Messages { get; init; }

    /// <summary>"first choice → owner's backup → … → Unassigned": the chain as it will be tried.</summary>
    private string ChainText(FallbackForm form) =>
        T["first choice → {0}", string.Join(" → ", [.. form.Chain.Select(step => FallbackForm.Describe(step, Messages)), T["Unassigned"]])];

    /// <summary>
    /// The form over the shown document, rebuilt when the document changes (a save, a discard, a publish) — but not
    /// while saving: a refused save (someone else's change loaded meanwhile) keeps this person's edits to save again.
    /// </summary>
    private FallbackForm Form(RoutingConfiguration config)
    {
        if (_form is null || (!_saving && !ReferenceEquals(config, _formFor)))
        {
            _form = FallbackForm.From(config.Policy);
            _formFor = config;
        }

        return _form;
    }

    private async Task SaveAsync()
    {
        _saving = true;
        var (saved, _) = await _shell!.SaveFormAsync(_form!);
        _saving = false;
        if (saved)
        {
            _form = null;
        }
        else
        {
            _formFor = _shell.Configuration;
        }
    }
}
