using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace LeadRouting.Web.Security;

/// <summary>Identity's claims (id, user name, email, roles, security stamp) plus the display name and the rep link.</summary>
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

        return identity;
    }
}
