using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using LeadRouting.Core.Booking;

namespace LeadRouting.Web.Booking;

/// <summary>What a booking link stands for: one lead, until the link expires.</summary>
/// <remarks>
/// The owner at offer time is deliberately not a claim: the lead may move to another rep (reassignment, round-robin
/// booking) and the buyer's link must keep working, showing whoever owns the lead when it is opened.
/// </remarks>
public sealed record BookingTokenClaims(string LeadId, DateTimeOffset ExpiresAt);

/// <summary>How a presented booking token reads.</summary>
public enum BookingTokenStatus
{
    /// <summary>Made by this app's key ring, for a lead, not expired.</summary>
    Valid,

    /// <summary>Not made by this app's key ring: tampered, truncated, foreign, empty or another purpose's token.</summary>
    Invalid,

    /// <summary>Genuine but past its expiry (by the app's <see cref="TimeProvider"/>).</summary>
    Expired,
}

/// <summary>
/// The credential of the public booking page and API (<c>/book/{token}</c>, issue 20): the lead id and an expiry
/// protected with ASP.NET Core Data Protection under its own purpose (<see cref="Purpose"/>), like the accept/decline
/// links (<c>Leads/ActionLinks</c>). Authenticated encryption makes it unguessable and unforgeable, it cannot be read
/// by the buyer, a token of another purpose (an accept link) is refused, and the expiry is checked against the app's
/// <see cref="TimeProvider"/> (Data Protection's own time limit would read the machine clock).
/// </summary>
public sealed class BookingTokens(IDataProtectionProvider protection, TimeProvider time)
{
    public const string Purpose = "LeadRouting.Booking.v1";

    /// <summary>The public page's path; <c>/api/book/{token}</c> is the same credential for the API.</summary>
    public const string PathPrefix = "/book";

    /// <summary>Longer tokens are refused unread (a genuine one is about 150 characters).</summary>
    public const int MaxTokenLength = 1_000;

    private readonly IDataProtector _protector = protection.CreateProtector(Purpose);

    /// <summary>
    /// When a booking link of a lead stored at <paramref name="leadCreatedAt"/> expires under the published
    /// <paramref name="policy"/> (<see cref="BookingPolicy.TokenLifetime"/>): the same on every read while the policy stays.
    /// </summary>
    public static DateTimeOffset ExpiryFor(DateTimeOffset leadCreatedAt, BookingPolicy policy) => leadCreatedAt + policy.TokenLifetime;

    public string Token(BookingTokenClaims claims) =>
        _protector.Protect(JsonSerializer.Serialize(new Payload(claims.LeadId, claims.ExpiresAt.UtcTicks)));

    public string Url(string baseUrl, BookingTokenClaims claims) => $"{baseUrl.TrimEnd('/')}{PathPrefix}/{Token(claims)}";

    /// <summary>The token's claims, or null when it was not made by this app's key ring for booking.</summary>
    public BookingTokenClaims? Read(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength)
        {
            return null;
        }

        try
        {
            var payload = JsonSerializer.Deserialize<Payload>(_protector.Unprotect(token));
            return payload is { L.Length: > 0 and <= 40, E: > 0 and < 3155378975999999999 }
                ? new BookingTokenClaims(payload.L, new DateTimeOffset(payload.E, TimeSpan.Zero))
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

    /// <summary>Reads and checks a token: <see cref="BookingTokenStatus.Valid"/> with its claims, or why not.</summary>
    public (BookingTokenStatus Status, BookingTokenClaims? Claims) Validate(string? token)
    {
        var claims = Read(token);
        if (claims is null)
        {
            return (BookingTokenStatus.Invalid, null);
        }

        return time.GetUtcNow() >= claims.ExpiresAt ? (BookingTokenStatus.Expired, claims) : (BookingTokenStatus.Valid, claims);
    }

    private sealed record Payload(string L, long E);
}
