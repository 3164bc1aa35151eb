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
}
