using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace LeadRouting.Web.Security;

/// <summary>Identity's claims (id, user name, email, roles, security stamp) plus the display name, the rep link and the person's language and time zone.</summary>
public sealed class LeadRoutingClaimsPrincipalFactory(
    UserManager<LeadRoutingUser> users,
    RoleManager<IdentityRole> roles,
    IOptions<IdentityOptions> options) : UserClaimsPrincipalFactory<LeadRoutingUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(LeadRoutingUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(LeadRoutingClaims.DisplayName, user.DisplayName));
        if (!string.IsNullOrEmpty(user.RepId))
        {
            identity.AddClaim(new Claim(LeadRoutingClaims.RepId, user.RepId));
        }

        if (!string.IsNullOrEmpty(user.Culture))
        {
            identity.AddClaim(new Claim(LeadRoutingClaims.Culture, user.Culture));
        }

        if (!string.IsNullOrEmpty(user.TimeZone))
        {
            identity.AddClaim(new Claim(LeadRoutingClaims.TimeZone, user.TimeZone));
        }

        return identity;
    }
}
