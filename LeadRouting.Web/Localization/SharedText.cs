namespace LeadRouting.Web.Localization;

/// <summary>
/// The texts more than one page shows (the top bar, the navigation, routing words, durations), translated in
/// <c>SharedText.de.resx</c>. A page's own texts live next to it (<c>Inbox.razor</c> → <c>Inbox.de.resx</c>); the key
/// is the English text, which is also what an English page shows.
/// </summary>
public sealed class SharedText;
