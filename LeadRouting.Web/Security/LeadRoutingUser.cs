using Microsoft.AspNetCore.Identity;

namespace LeadRouting.Web.Security;

/// <summary>A person who signs in to the dashboard. The user name is the email address.</summary>
public sealed class LeadRoutingUser : IdentityUser
{
    public const int MaxDisplayNameLength = 100;
    public const int MaxRepIdLength = 64;
    public const int MaxCultureLength = 16;
    public const int MaxTimeZoneLength = 64;

    /// <summary>How the layout and the audit trail name the person.</summary>
    public required string DisplayName { get; set; }

    /// <summary>
    /// For a Rep: the id of their rep record in the routing configuration (<c>Organisation.Reps</c>), the only rep
    /// they may act as. Null for managers and Ops.
    /// </summary>
    public string? RepId { get; set; }

    /// <summary>
    /// The person's language and formats (a supported culture name such as <c>de-DE</c>), chosen in the top bar; null
    /// until they choose, when the browser's <c>Accept-Language</c> decides (<see cref="Localization.SupportedCultures"/>).
    /// </summary>
    public string? Culture { get; set; }

    /// <summary>
    /// The IANA time zone every time on screen and in their notifications is shown in; null means their team
    /// calendar's (<see cref="Localization.PersonZone"/>).
    /// </summary>
    public string? TimeZone { get; set; }
}
