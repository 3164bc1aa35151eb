using Microsoft.Extensions.Localization;

namespace LeadRouting.Web.Components.Pages.Settings;

/// <summary>
/// The settings forms' words in the reader's language: the messages under a bad field ("Required." / "Pflichtfeld."),
/// the refusals of a delete, and the few words that say what a save changed ("rep dach-mid-3 added"). The forms are
/// plain classes, so the page's <c>IStringLocalizer&lt;FormText&gt;</c> is handed to <c>Validate</c>, <c>Summary</c> and
/// <c>Delete</c>; the German is in <c>FormText.de.resx</c>, keyed by the English text like every component's.
/// </summary>
public sealed class FormText
{
    private FormText()
    {
    }

    /// <summary>
    /// The forms' words in English whatever the reader's language: the keys themselves, numbers written the invariant way.
    /// The audit line a save leaves is said with it, so the log reads the same for everyone (README, Pages).
    /// </summary>
    public static IStringLocalizer<FormText> English { get; } = new EnglishText();

    private sealed class EnglishText : IStringLocalizer<FormText>
    {
        public LocalizedString this[string name] => new(name, name);

        public LocalizedString this[string name, params object[] arguments] =>
            new(name, string.Format(CultureInfo.InvariantCulture, name, arguments));

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => [];
    }
}
