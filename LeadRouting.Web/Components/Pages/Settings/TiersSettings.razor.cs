namespace LeadRouting.Web.Components.Pages.Settings;

/// <summary>
/// <c>/settings/tiers</c> (Ops): the deal tiers in ascending order, edited together because their bounds depend on each
/// other; every ordering rule the Core validator checks is shown on the field that breaks it.
/// </summary>
public sealed partial class TiersSettings
{
    private SettingsDraftShell? _shell;
    private List<TierForm>? _tiers;
    private string _currency = CurrencyCodes.Default;
    private RoutingConfiguration? _tiersFor;
    private FieldErrors _errors = new();
    private bool _saving;

    /// <summary>
    /// The tiers of the shown document, rebuilt when it changes (a save, a discard, a publish) — but not while saving:
    /// a refused save (someone else's change loaded meanwhile) keeps this person's edits to save again.
    /// </summary>
    private List<TierForm> Tiers(RoutingConfiguration config)
    {
        if (_tiers is null || (!_saving && !ReferenceEquals(config, _tiersFor)))
        {
            _tiers = TierTable.From(config.Policy);
            _currency = config.Policy.Currency;
            _tiersFor = config;
            _errors = new FieldErrors();
        }

        return _tiers;
    }

    private async Task SaveAsync()
    {
        _errors = TierTable.Validate(_tiers!, _currency);
        if (!_errors.IsEmpty)
        {
            return;
        }

        _saving = true;
        var saved = await _shell!.SaveAsync(TierTable.ApplyTo(_shell.Configuration, _tiers!, _currency), "deal tiers changed");
        _saving = false;
        if (saved)
        {
            _tiers = null;
        }
        else
        {
            _tiersFor = _shell.Configuration;
        }
    }
}
