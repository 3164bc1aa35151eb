using LeadRouting.Web.Notifications;
using Microsoft.Extensions.Localization;

namespace LeadRouting.Web.Leads;

/// <summary>The texts of the link pages (German in <c>ActionLinkText.de.resx</c>), in the rep's language when the link names them.</summary>
public sealed class ActionLinkText(IStringLocalizer<ActionLinkText> localizer, RecipientLocale? locale, RecipientClock? clock)
{
    public IStringLocalizer<ActionLinkText> T { get; } = localizer;

    public RecipientClock? Clock => clock;

    public string Language => (locale?.Culture ?? CultureInfo.CurrentUICulture).TwoLetterISOLanguageName;

    /// <summary>The rep's culture while the page is written; the request's culture for a link of nobody.</summary>
    public IDisposable Speak() => locale?.Speak() ?? new Nothing();

    private sealed class Nothing : IDisposable
    {
        public void Dispose()
        {
        }
    }
}
