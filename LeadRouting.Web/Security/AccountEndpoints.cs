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

    /// <summary>The reasons the login page explains, passed back in its <c>error</c> query parameter.</summary>
    public const string InvalidError = "invalid";
    public const string LockedOutError = "locked";

    public static IEndpointRouteBuilder MapLeadRoutingAccount(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(LoginPath, LoginAsync).AllowAnonymous().ExcludeFromDescription();
        endpoints.MapPost(LogoutPath, LogoutAsync).WithMetadata(new RequireAntiforgeryTokenAttribute()).ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<RedirectHttpResult> LoginAsync(
        [FromForm] string? email,
        [FromForm] string? password,
        [FromForm] string? returnUrl,
        SignInManager<LeadRoutingUser> signIn)
    {
        var target = IsLocalUrl(returnUrl) ? returnUrl! : "/";
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
        {
            return TypedResults.Redirect(LoginPage(InvalidError, target));
        }

        // The user name is the email address. A wrong email gets the same answer as a wrong password, so the form does
        // not reveal who has an account; wrong passwords count towards the lockout.
        var result = await signIn.PasswordSignInAsync(email.Trim(), password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return TypedResults.Redirect(target);
        }

        return TypedResults.Redirect(LoginPage(result.IsLockedOut ? LockedOutError : InvalidError, target));
    }

    private static async Task<Results<RedirectHttpResult, ProblemHttpResult>> LogoutAsync(HttpContext context, SignInManager<LeadRoutingUser> signIn)
    {
        // The middleware checks the token but only rejects when a handler reads the form; this one reads nothing, so it
        // looks at the verdict itself: a cross-site page must not sign people out.
        if (context.Features.Get<IAntiforgeryValidationFeature>() is not { IsValid: true })
        {
            return TypedResults.Problem(title: "The sign-out form's antiforgery token is missing or invalid.", statusCode: StatusCodes.Status400BadRequest);
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
