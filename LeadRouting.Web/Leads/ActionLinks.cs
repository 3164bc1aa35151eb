using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace LeadRouting.Web.Leads;

/// <summary>What an accept/decline link stands for: one rep's assignment of one lead, until the acceptance window ends.</summary>
public sealed record ActionLinkClaims(string LeadId, string RepId, DateTimeOffset AssignedAt, DateTimeOffset ExpiresAt)
{
    /// <summary>
    /// The one use of this assignment's links (the email's Accept and Decline share it): SHA-256 of lead, rep and
    /// assigned-at, hex. A new assignment of the same lead to the same rep has another key.
    /// </summary>
    public string UseKey => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
        string.Create(CultureInfo.InvariantCulture, $"{LeadId}\n{RepId}\n{AssignedAt.UtcTicks}"))));
}

/// <summary>
/// Signed one-click links for the email to a rep about a new lead (issue 19 part 4): <c>/respond/{token}/accept</c>
/// and <c>/respond/{token}/decline</c>. The token is the assignment (<see cref="ActionLinkClaims"/>) protected with ASP.NET
/// Core Data Protection (authenticated encryption with the app's key ring, purpose <see cref="Purpose"/>): it cannot be
/// read, forged or altered without the key ring, and the URL carries nothing else. Its expiry is checked against the
/// app's <see cref="TimeProvider"/> (Data Protection's own time limit reads the machine clock).
/// </summary>
public sealed class ActionLinks(IDataProtectionProvider protection, TimeProvider time)
{
    public const string Purpose = "LeadRouting.ActionLinks.v1";

    public const string PathPrefix = "/respond";

    private readonly IDataProtector _protector = protection.CreateProtector(Purpose);

    public string Token(ActionLinkClaims claims) =>
        _protector.Protect(JsonSerializer.Serialize(new Payload(claims.LeadId, claims.RepId, claims.AssignedAt.UtcTicks, claims.ExpiresAt.UtcTicks)));

    public string AcceptUrl(string baseUrl, ActionLinkClaims claims) => $"{baseUrl.TrimEnd('/')}{PathPrefix}/{Token(claims)}/accept";

    public string DeclineUrl(string baseUrl, ActionLinkClaims claims) => $"{baseUrl.TrimEnd('/')}{PathPrefix}/{Token(claims)}/decline";

    /// <summary>The links of an event that hands a lead to its owner, or null when it does not (or cannot be accepted).</summary>
    public static ActionLinkClaims? ClaimsOf(Live.LeadEvent leadEvent) =>
        leadEvent is { OwnerId: { } owner, AssignedAt: { } assignedAt, EscalateAt: { } expiresAt }
        && Notifications.NotificationRules.AsksOwner(leadEvent)
            ? new ActionLinkClaims(leadEvent.LeadId, owner, assignedAt, expiresAt)
            : null;

    /// <summary>The link's claims; null when the token was not made by this app's key ring (tampered, truncated, foreign).</summary>
    public ActionLinkClaims? Read(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 2_000)
        {
            return null;
        }

        try
        {
            var payload = JsonSerializer.Deserialize<Payload>(_protector.Unprotect(token));
            return payload is { L.Length: > 0, R.Length: > 0 }
                ? new ActionLinkClaims(payload.L, payload.R, new DateTimeOffset(payload.A, TimeSpan.Zero), new DateTimeOffset(payload.E, TimeSpan.Zero))
                : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public bool HasExpired(ActionLinkClaims claims) => time.GetUtcNow() >= claims.ExpiresAt;

    private sealed record Payload(string L, string R, long A, long E);
}
