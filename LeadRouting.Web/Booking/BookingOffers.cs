using LeadRouting.Web.Notifications;
using Microsoft.Extensions.Options;

namespace LeadRouting.Web.Booking;

/// <summary>The booking offer in a lead's API answer: where the buyer books, and until when.</summary>
public sealed record BookingOffer(string Url, DateTimeOffset ExpiresAt);

/// <summary>
/// Decides whether a stored lead is offered a meeting (its treatment action is bookable and it has an owner) and makes
/// the link: <c>{Notifications:BaseUrl}/book/{token}</c>. A lead that is not bookable costs nothing: no token is made.
/// Once the link's time is up the lead reads back without an offer (a link that could only be refused is no offer).
/// </summary>
public sealed class BookingOffers(BookingTokens tokens, IOptions<BookingOptions> options, IOptions<NotificationOptions> notifications, TimeProvider time)
{
    public bool IsBookable(LeadEntity lead) =>
        lead is { OwnerId.Length: > 0, ErasedAt: null, ClosedAt: null } && options.Value.BookableTreatments.Contains(lead.Action);

    /// <summary>The offer for <paramref name="lead"/>, or null when it gets none.</summary>
    public BookingOffer? For(LeadEntity lead)
    {
        if (!IsBookable(lead))
        {
            return null;
        }

        var claims = new BookingTokenClaims(lead.Id, tokens.ExpiryFor(lead.CreatedAt));
        if (claims.ExpiresAt <= time.GetUtcNow())
        {
            return null;
        }

        return new BookingOffer(tokens.Url(notifications.Value.BaseUrl, claims), claims.ExpiresAt);
    }
}
