using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace LeadRouting.Web.Security;

/// <summary>
/// Makes a revoked sign-in cookie fail at its next request. The cookie carries the person's security stamp; signing
/// out, a new password and a role change give the person a new one. Identity's own validator compares the two only
/// every few minutes (it rebuilds the whole principal when it does), so a cookie copied before sign-out kept working
/// until then. This compares the stamp on every request — one read of the user row by its key — and leaves the
/// periodic refresh of roles and claims to Identity.
/// </summary>
public static class SignInSession
{
    public static async Task RejectRevokedAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal is not { } principal)
        {
            return; // Identity's validator has already refused it.
        }

        var services = context.HttpContext.RequestServices;
        var claims = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity;
        var users = services.GetRequiredService<UserManager<LeadRoutingUser>>();
        var user = principal.FindFirst(claims.UserIdClaimType)?.Value is { } id ? await users.FindByIdAsync(id) : null;
        var presented = principal.FindFirst(claims.SecurityStampClaimType)?.Value;
        if (user is not null && presented is not null && presented == await users.GetSecurityStampAsync(user))
        {
            return;
        }

        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
    }
}
