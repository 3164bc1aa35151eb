using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace LeadRouting.Web.Security;

/// <summary>
/// Sign-in and sign-out. The login page (<c>Components/Pages/Account/Login.razor</c>) is rendered statically and posts
/// here, because signing in writes a cookie and needs the HTTP request a Blazor circuit does not have. Both forms carry
/// an antiforgery token, which the antiforgery middleware checks before these handlers run.
/// </summary>
public static class AccountEndpoints
{
    public const string LoginPath = "/account/login";
    public const string LogoutPath = "/account/logout";
    public const string AccessDeniedPath = "/account/access-denied";

    /// <summary>
    /// The one reason the login page gives, passed back in its <c>error</c> query parameter: the same for an unknown
    /// email, a wrong password and a locked account, so the answer does not tell who has an account.
    /// </summary>
    public const string InvalidError = "invalid";

    /// <summary>
    /// After a failed sign-in, the email the person typed, so the form shows it again and only the password needs
    /// retyping. A cookie rather than the query string: an address in a URL ends up in browser history and proxy logs.
    /// Only the login page's path sees it, for ten minutes; a successful sign-in deletes it.
    /// </summary>
    public const string TypedEmailCookie = "lr.login-email";

    private const int MaxTypedEmailLength = 256;

    public static IEndpointRouteBuilder MapLeadRoutingAccount(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(LoginPath, LoginAsync)
            .AllowAnonymous()
            .RequireRateLimiting(SecurityServiceCollectionExtensions.SignInRateLimit)
            .ExcludeFromDescription();
        endpoints.MapPost(LogoutPath, LogoutAsync).WithMetadata(new RequireAntiforgeryTokenAttribute()).ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<RedirectHttpResult> LoginAsync(
        [FromForm] string? email,
        [FromForm] string? password,
        [FromForm] string? returnUrl,
        PasswordSignIn signIn,
        HttpContext context)
    {
        var target = IsLocalUrl(returnUrl) ? returnUrl! : "/";
        // The user name is the email address. An unknown email, a wrong password and a locked account get the same
        // answer after the same work, so the form does not reveal who has an account.
        if (!string.IsNullOrWhiteSpace(email) && !string.IsNullOrEmpty(password) && await signIn.SignInAsync(email.Trim(), password))
        {
            context.Response.Cookies.Delete(TypedEmailCookie, TypedEmailCookieOptions(context));
            return TypedResults.Redirect(target);
        }

        if (!string.IsNullOrWhiteSpace(email) && email.Trim() is { Length: <= MaxTypedEmailLength } typed)
        {
            context.Response.Cookies.Append(TypedEmailCookie, typed, TypedEmailCookieOptions(context));
        }

        return TypedResults.Redirect(LoginPage(InvalidError, target));
    }

    private static CookieOptions TypedEmailCookieOptions(HttpContext context) => new()
    {
        Path = LoginPath,
        HttpOnly = true,
        Secure = context.Request.IsHttps,
        SameSite = SameSiteMode.Strict,
        MaxAge = TimeSpan.FromMinutes(10),
        IsEssential = true,
    };

    private static async Task<Results<RedirectHttpResult, ProblemHttpResult>> LogoutAsync(HttpContext context, SignInManager<LeadRoutingUser> signIn)
    {
        // The middleware checks the token but only rejects when a handler reads the form; this one reads nothing, so it
        // looks at the verdict itself: a cross-site page must not sign people out.
        if (context.Features.Get<IAntiforgeryValidationFeature>() is not { IsValid: true })
        {
            return TypedResults.Problem(title: "The sign-out form's antiforgery token is missing or invalid.", statusCode: StatusCodes.Status400BadRequest);
        }

        // A new security stamp revokes the sign-in rather than only deleting this browser's cookie: a copy of the cookie
        // taken before (another tab, a stolen one) fails at its next request (see SignInServiceCollectionExtensions).
        // It ends the person's sign-ins in every browser, which is what "sign out" has to mean for a copied cookie.
        if (await signIn.UserManager.GetUserAsync(context.User) is { } user)
        {
            await signIn.UserManager.UpdateSecurityStampAsync(user);
        }

        await signIn.SignOutAsync();
        return TypedResults.Redirect(LoginPath);
    }

    private static string LoginPage(string error, string returnUrl) =>
        returnUrl == "/"
            ? $"{LoginPath}?error={error}"
            : $"{LoginPath}?error={error}&ReturnUrl={Uri.EscapeDataString(returnUrl)}";

    /// <summary>
    /// Only a path on this site (<c>/rules</c>), never another host (<c>//evil.example</c>, <c>/\evil.example</c>,
    /// <c>https://…</c>): an open redirect after sign-in is a phishing tool.
    /// </summary>
    public static bool IsLocalUrl(string? url) =>
        !string.IsNullOrEmpty(url)
        && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(char.IsControl);
}
