using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

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

    /// <summary>The forms' messages and change summaries in the person's language.</summary>
    [Inject]
    public required IStringLocalizer<FormText> Messages { get; init; }

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

    private string PointsLabel(ScoringForm.CriterionForm criterion) => criterion.Key switch
    {
        "industries" => T["Industry points"],
        "techStack" => T["Tech stack points"],
        _ => T["Country points"],
    };

    private string ValuesLabel(ScoringForm.CriterionForm criterion) => criterion.Key switch
    {
        "industries" => T["Industry is one of"],
        "techStack" => T["Tech stack includes one of"],
        _ => T["Country is one of"],
    };

    private async Task SaveAsync()
    {
        var form = _form!;
        _errors = form.Validate(Messages);
        if (!_errors.IsEmpty)
        {
            return;
        }

        _saving = true;
        var saved = await _shell!.SaveAsync(form.ApplyTo(_shell.Configuration), ScoringForm.Summary);
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
