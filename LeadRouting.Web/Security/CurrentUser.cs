using System.Security.Claims;
using LeadRouting.Web.Leads;
using Microsoft.AspNetCore.Components.Authorization;

namespace LeadRouting.Web.Security;

/// <summary>The signed-in person as the app sees them, read from the claims their sign-in issued.</summary>
public sealed record SignedInUser(string UserId, string DisplayName, string Email, IReadOnlyList<string> Roles, string? RepId)
{
    /// <summary>The role the layout shows: the most senior one the person has.</summary>
    public string Role => Roles.Contains(LeadRoutingRoles.Ops) ? LeadRoutingRoles.Ops
        : Roles.Contains(LeadRoutingRoles.Manager) ? LeadRoutingRoles.Manager
        : Roles.Contains(LeadRoutingRoles.Rep) ? LeadRoutingRoles.Rep
        : "No role";

    /// <summary>
    /// Who acts on a lead. The rep id comes only from the person's own sign-in, never from a request, so a rep can act
    /// as their own rep record and no other; a person without a rep record acts as nobody's rep.
    /// </summary>
    public LeadActor Actor => new(DisplayName, RepId)
    {
        CanAssign = Roles.Contains(LeadRoutingRoles.Manager) || Roles.Contains(LeadRoutingRoles.Ops),
    };

    /// <summary>The time zone the person chose (null: their calendar's, see <see cref="Localization.PersonZone"/>).</summary>
    public string? TimeZone { get; init; }

    /// <summary>The home page of the person's most senior role: a rep's inbox, the board for managers and Ops.</summary>
    public string Home => HomeOf(Roles);

    /// <inheritdoc cref="Home"/>
    public static string HomeOf(IReadOnlyCollection<string> roles) =>
        roles.Contains(LeadRoutingRoles.Manager) || roles.Contains(LeadRoutingRoles.Ops) ? "/board"
        : roles.Contains(LeadRoutingRoles.Rep) ? "/inbox"
        : "/rules";

    /// <summary>The person behind a cookie sign-in; null for anonymous requests and API keys.</summary>
    public static SignedInUser? From(ClaimsPrincipal principal)
    {
        if (!principal.Identities.Any(IsPersonSignIn) || principal.FindFirstValue(ClaimTypes.NameIdentifier) is not { } id)
        {
            return null;
        }

        var email = principal.FindFirstValue(ClaimTypes.Email) ?? principal.Identity?.Name ?? "";
        return new SignedInUser(
            id,
            principal.FindFirstValue(LeadRoutingClaims.DisplayName) ?? email,
            email,
            [.. principal.FindAll(ClaimTypes.Role).Select(c => c.Value)],
            principal.FindFirstValue(LeadRoutingClaims.RepId))
        {
            TimeZone = principal.FindFirstValue(LeadRoutingClaims.TimeZone),
        };
    }

    /// <summary>An identity from the Identity cookie (Identity's claims factory names its authentication type so).</summary>
    internal static bool IsPersonSignIn(ClaimsIdentity identity) =>
        identity.IsAuthenticated && identity.AuthenticationType == Microsoft.AspNetCore.Identity.IdentityConstants.ApplicationScheme;
}

/// <summary>The person using the current page or circuit.</summary>
public interface ICurrentUser
{
    /// <summary>The signed-in person, or null when nobody is signed in.</summary>
    Task<SignedInUser?> GetAsync();
}

/// <summary>
/// Reads the person from Blazor's <see cref="AuthenticationStateProvider"/>, which works both while a page prerenders
/// (from the request) and in an interactive circuit (where there is no reliable <c>HttpContext</c>).
/// </summary>
public sealed class CurrentUser(AuthenticationStateProvider authentication) : ICurrentUser
{
    public async Task<SignedInUser?> GetAsync() => SignedInUser.From((await authentication.GetAuthenticationStateAsync()).User);
}
