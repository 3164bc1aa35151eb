using Microsoft.AspNetCore.Localization;
using MudBlazor;

namespace LeadRouting.Web.Localization;

public static class LocalizationServiceCollectionExtensions
{
    /// <summary>
    /// German and English: resource files next to each component (key = the English text), MudBlazor's texts,
    /// the request's culture (the person's saved choice, the culture cookie, the browser's language) and the person's
    /// formats (<see cref="PersonFormat"/>).
    /// </summary>
    public static IServiceCollection AddLeadRoutingLocalization(this IServiceCollection services)
    {
        services.AddLocalization();
        services.AddTransient<MudLocalizer, MudTranslations>();
        services.AddScoped<PersonFormat>();
        services.Configure<RequestLocalizationOptions>(options =>
        {
            options.SetDefaultCulture(SupportedCultures.Default);
            options.AddSupportedCultures([.. SupportedCultures.All]);
            options.AddSupportedUICultures([.. SupportedCultures.All]);
            options.RequestCultureProviders =
            [
                new PersonCultureProvider(),
                new CookieRequestCultureProvider(),
                new BrowserLanguageProvider(),
            ];
        });
        return services;
    }

    /// <summary>Sets each request's culture; after authentication, because the person's saved choice is a claim.</summary>
    public static IApplicationBuilder UseLeadRoutingLocalization(this IApplicationBuilder app) => app.UseRequestLocalization();

    /// <summary>The culture cookie's value for a culture, as the framework's cookie provider reads it.</summary>
    public static string CookieValue(string culture) => CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture));
}
