namespace LeadRouting.Web.Components.Pages.Settings;

/// <summary>
/// <c>/settings/scoring</c> (Ops): the ICP fit score as one form over <c>policy.fit</c> and the disqualify-below score,
/// with the highest reachable score shown as the points are typed, so an unreachable strong threshold is seen before saving.
/// </summary>
public sealed partial class ScoringSettings
{
    private SettingsDraftShell? _shell;
    private ScoringForm? _form;
    private RoutingConfiguration? _formFor;
    private FieldErrors _errors = new();
    private bool _saving;

    /// <summary>
    /// The form over the shown document, rebuilt when the document changes (a save, a discard, a publish) — but not
    /// while saving: a refused save (someone else's change loaded meanwhile) keeps this person's edits to save again.
    /// </summary>
    private ScoringForm Form(RoutingConfiguration config)
    {
        if (_form is null || (!_saving && !ReferenceEquals(config, _formFor)))
        {
            _form = ScoringForm.From(config.Policy);
            _formFor = config;
            _errors = new FieldErrors();
        }

        return _form;
    }

    private void Reset() => _form = null;

    private async Task SaveAsync()
    {
        var form = _form!;
        _errors = form.Validate();
        if (!_errors.IsEmpty)
        {
            return;
        }

        _saving = true;
        var saved = await _shell!.SaveAsync(form.ApplyTo(_shell.Configuration), "ICP scoring changed");
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
