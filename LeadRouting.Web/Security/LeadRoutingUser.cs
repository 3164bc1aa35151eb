using Microsoft.AspNetCore.Identity;

namespace LeadRouting.Web.Security;

/// <summary>A person who signs in to the dashboard. The user name is the email address.</summary>
public sealed class LeadRoutingUser : IdentityUser
{
    public const int MaxDisplayNameLength = 100;
    public const int MaxRepIdLength = 64;

    /// <summary>How the layout and the audit trail name the person.</summary>
    public required string DisplayName { get; set; }

    /// <summary>
    /// For a Rep: the id of their rep record in the routing configuration (<c>Organisation.Reps</c>), the only rep
    /// they may act as. Null for managers and Ops.
    /// </summary>
    public string? RepId { get; set; }
}
