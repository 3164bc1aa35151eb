using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace LeadRouting.Web.Components.Pages.Settings;

/// <summary>
/// <c>/settings/matrix</c> (Ops): the 3 × 2 treatment matrix as a grid (intent rows × fit columns) and the intent rules
/// that decide a lead's row. Each part saves to the draft on its own.
/// </summary>
public sealed partial class MatrixSettings
{
    private SettingsDraftShell? _shell;
    private MatrixForm? _matrix;
    private IntentRulesForm? _intent;
    private RoutingConfiguration? _formsFor;
    private FieldErrors _matrixErrors = new();
    private FieldErrors _intentErrors = new();
    private bool _saving;

    /// <summary>The forms' messages and change summaries in the person's language.</summary>
    [Inject]
    public required IStringLocalizer<FormText> Messages { get; init; }

    /// <summary>
    /// Both forms follow the shown document (rebuilt after a discard or a publish). A save rebuilds only the part saved:
    /// the other part's edits, and after a refused save (someone else's change loaded meanwhile) this person's edits,
    /// stay so saving again applies them on top.
    /// </summary>
    private void Sync(RoutingConfiguration config)
    {
        if (!_saving && !ReferenceEquals(config, _formsFor))
        {
            _matrix = null;
            _intent = null;
            _matrixErrors = new FieldErrors();
            _intentErrors = new FieldErrors();
            _formsFor = config;
        }
    }

    private MatrixForm Matrix(RoutingConfiguration config)
    {
        Sync(config);
        return _matrix ??= MatrixForm.From(config.Policy);
    }

    private IntentRulesForm IntentRules(RoutingConfiguration config)
    {
        Sync(config);
        return _intent ??= IntentRulesForm.From(config.Policy.Intent);
    }

    private async Task SaveMatrixAsync()
    {
        _matrixErrors = _matrix!.Validate(_shell!.Configuration, Messages);
        if (_matrixErrors.IsEmpty)
        {
            if (await SaveAsync(_matrix.ApplyTo(_shell.Configuration), MatrixForm.Summary))
            {
                _matrix = null;
            }
        }
    }

    private async Task SaveIntentAsync()
    {
        _intentErrors = _intent!.Validate(Messages);
        if (_intentErrors.IsEmpty)
        {
            if (await SaveAsync(_intent.ApplyTo(_shell!.Configuration), IntentRulesForm.Summary))
            {
                _intent = null;
            }
        }
    }

    /// <summary>Saves one part; the other part's unsaved edits stay in its form (they apply to whatever document is current).</summary>
    private async Task<bool> SaveAsync(RoutingConfiguration edited, Func<IStringLocalizer<FormText>, string> summary)
    {
        _saving = true;
        var saved = await _shell!.SaveAsync(edited, summary);
        _saving = false;
        _formsFor = _shell.Configuration;
        return saved;
    }
}
