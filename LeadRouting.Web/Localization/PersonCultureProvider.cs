using System.Security.Claims;
using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Localization;

namespace LeadRouting.Web.Localization;

/// <summary>
/// The signed-in person's saved language (a claim their sign-in carries, from <see cref="LeadRoutingUser.Culture"/>),
/// so the choice follows them to every browser. It comes before the culture cookie (an anonymous choice, e.g. on the
/// login page) and before the browser's <c>Accept-Language</c>.
/// </summary>
public sealed class PersonCultureProvider : RequestCultureProvider
{
    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        var culture = SupportedCultures.Find(httpContext.User.FindFirstValue(LeadRoutingClaims.Culture));
        return Task.FromResult(culture is null ? null : new ProviderCultureResult(culture));
    }
}
