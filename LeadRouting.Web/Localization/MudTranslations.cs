using Microsoft.Extensions.Localization;
using MudBlazor;

namespace LeadRouting.Web.Localization;

/// <summary>
/// MudBlazor's own texts (close buttons, pagers, date pickers) in German, from <c>MudTranslations.de.resx</c>. MudBlazor
/// asks this localizer first for a non-English UI and falls back to its built-in English for a key the file lacks.
/// The package that ships every language (MudBlazor.Translations) is not served by this registry; the few keys the
/// app's components use are translated here.
/// </summary>
public sealed class MudTranslations(IStringLocalizer<MudTranslations> texts) : MudLocalizer
{
    public override LocalizedString this[string key] => texts[key];

    public override LocalizedString this[string key, params object[] arguments] => texts[key, arguments];
}
