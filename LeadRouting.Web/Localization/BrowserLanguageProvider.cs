using Microsoft.AspNetCore.Localization;

namespace LeadRouting.Web.Localization;

/// <summary>
/// The browser's <c>Accept-Language</c>, best quality first, mapped onto the supported cultures: an exact match wins
/// (<c>de-AT</c>), a bare or other-region language takes that language's menu culture (<c>de</c>, <c>de-LU</c> →
/// de-DE; <c>en</c>, <c>en-IE</c> → en-GB). The framework's own provider matches only exact names and parents, so a
/// German Firefox (<c>de, en-US;q=0.7</c>) would get English.
/// </summary>
public sealed class BrowserLanguageProvider : RequestCultureProvider
{
    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        var languages = httpContext.Request.GetTypedHeaders().AcceptLanguage;
        var culture = languages
            .OrderByDescending(l => l.Quality ?? 1)
            .Select(l => Supported(l.Value.Value))
            .FirstOrDefault(c => c is not null);
        return Task.FromResult(culture is null ? null : new ProviderCultureResult(culture));
    }

    private static string? Supported(string? name)
    {
        if (SupportedCultures.Find(name) is { } exact)
        {
            return exact;
        }

        var language = name?.Split('-')[0];
        return SupportedCultures.Menu.FirstOrDefault(m => m.Culture.StartsWith(language + "-", StringComparison.OrdinalIgnoreCase)).Culture;
    }
}
