using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace LeadRouting.Web.Components.Pages.Settings;

/// <summary>
/// <c>/settings/tiers</c> (Ops): the deal tiers in ascending order, edited together because their bounds depend on each
/// other; every ordering rule the Core validator checks is shown on the field that breaks it. Amounts read in the
/// organisation's currency the reader's way ("bis 30.000 €" / "up to €30,000").
/// </summary>
public sealed partial class TiersSettings
{
    private SettingsDraftShell? _shell;
    private List<TierForm>? _tiers;
    private string _currency = CurrencyCodes.Default;
    private RoutingConfiguration? _tiersFor;
    private FieldErrors _errors = new();
    private bool _saving;

    /// <summary>The forms' messages and change summaries in the person's language.</summary>
    [Inject]
    public required IStringLocalizer<FormText> Messages { get; init; }

    /// <summary>"upper bound of this tier: €30,000": the typed bound as money, so a zero too many shows before saving.</summary>
    private string BoundHelp(TierForm tier) =>
        tier.UpTo is { } bound && CurrencyCodes.Problem(_currency) is null
            ? T["upper bound of this tier: {0}", Format.Money(bound, _currency)]
            : T["upper bound of this tier"];

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
        _errors = TierTable.Validate(_tiers!, _currency, Messages, Format.Money);
        if (!_errors.IsEmpty)
        {
            return;
        }

        _saving = true;
        var saved = await _shell!.SaveAsync(TierTable.ApplyTo(_shell.Configuration, _tiers!, _currency), TierTable.Summary);
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
