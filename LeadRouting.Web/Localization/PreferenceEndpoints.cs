using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;

namespace LeadRouting.Web.Localization;

/// <summary>
/// A person's language and time zone. The top bar's language menu and the preferences page post here (a form, not the
/// circuit: the culture is chosen per request, so the page reloads in the new language). A signed-in person's choice is
/// saved with them and their sign-in refreshed (it carries the choice as a claim, so it follows them to every browser);
/// the culture cookie also remembers the language for this browser, which keeps the login page in it after sign-out.
/// </summary>
public static class PreferenceEndpoints
{
    public const string Path = "/account/preferences";

    public static IEndpointRouteBuilder MapLeadRoutingPreferences(this IEndpointRouteBuilder endpoints)
    {
        // Anonymous too: the login page has the language menu. The form binding makes the antiforgery check apply.
        endpoints.MapPost(Path, SaveAsync).AllowAnonymous().ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<Results<RedirectHttpResult, ValidationProblem>> SaveAsync(
        [FromForm] string? culture,
        [FromForm] string? timeZone,
        [FromForm] string? returnUrl,
        HttpContext context,
        SignInManager<LeadRoutingUser> signIn)
    {
        var chosenCulture = culture is null ? null : SupportedCultures.Find(culture);
        if (culture is not null && chosenCulture is null)
        {
            return Invalid("culture", $"'{culture}' is not a supported language; choose one of {string.Join(", ", SupportedCultures.All)}.");
        }

        // An empty zone means "my calendar's" again; anything else must be a zone this machine knows.
        var clearZone = timeZone is not null && timeZone.Trim().Length == 0;
        var chosenZone = clearZone ? null : PersonZone.Find(timeZone);
        if (timeZone is not null && !clearZone && (chosenZone is null || timeZone.Trim().Length > LeadRoutingUser.MaxTimeZoneLength))
        {
            return Invalid("timeZone", $"'{timeZone}' is not a known time zone (an IANA name such as Europe/Berlin).");
        }

        if (await signIn.UserManager.GetUserAsync(context.User) is { } user)
        {
            if (chosenCulture is not null)
            {
                user.Culture = chosenCulture;
            }

            if (timeZone is not null)
            {
                user.TimeZone = chosenZone?.Id;
            }

            await signIn.UserManager.UpdateAsync(user);
            await signIn.RefreshSignInAsync(user);
        }

        if (chosenCulture is not null)
        {
            context.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName, LocalizationServiceCollectionExtensions.CookieValue(chosenCulture), new CookieOptions
            {
                Path = "/",
                HttpOnly = true,
                Secure = context.Request.IsHttps,
                SameSite = SameSiteMode.Lax,
                MaxAge = TimeSpan.FromDays(365),
                IsEssential = true,
            });
        }

        return TypedResults.Redirect(AccountEndpoints.IsLocalUrl(returnUrl) ? returnUrl! : "/");
    }

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The preference is not valid.");
}
