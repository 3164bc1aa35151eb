using LeadRouting.Core.Booking;
using LeadRouting.Web.Notifications;
using LeadRouting.Web.Routing;
using Microsoft.Extensions.Options;

namespace LeadRouting.Web.Booking;

/// <summary>The booking offer in a lead's API answer: where the buyer books, and until when.</summary>
public sealed record BookingOffer(string Url, DateTimeOffset ExpiresAt);

/// <summary>
/// Decides whether a stored lead is offered a meeting (its treatment action is bookable under the published policy,
/// <c>policy.booking.bookableTreatments</c>, and it has an owner) and makes the link: <c>{Notifications:BaseUrl}/book/{token}</c>.
/// A lead that is not bookable costs nothing: no token is made. Once the link's time is up the lead reads back without
/// an offer (a link that could only be refused is no offer).
/// </summary>
public sealed class BookingOffers(BookingTokens tokens, ConfigurationStore configurations, IOptions<NotificationOptions> notifications, TimeProvider time)
{
    public static bool IsBookable(LeadEntity lead, BookingPolicy policy) =>
        lead is { OwnerId.Length: > 0, ErasedAt: null, ClosedAt: null } && policy.IsBookable(lead.Action);

    /// <summary>The offer for <paramref name="lead"/> under the published booking policy, or null when it gets none.</summary>
    public async Task<BookingOffer?> ForAsync(LeadEntity lead, CancellationToken cancellationToken)
    {
        if (lead is not { OwnerId.Length: > 0, ErasedAt: null, ClosedAt: null })
        {
            return null;
        }

        var published = await configurations.CurrentAsync(cancellationToken);
        return For(lead, published.Engine.Configuration.Policy.Booking);
    }

    /// <summary>The offer for <paramref name="lead"/> under <paramref name="policy"/>, or null when it gets none.</summary>
    public BookingOffer? For(LeadEntity lead, BookingPolicy policy)
    {
        if (!IsBookable(lead, policy))
        {
            return null;
        }

        var claims = new BookingTokenClaims(lead.Id, BookingTokens.ExpiryFor(lead.CreatedAt, policy));
        if (claims.ExpiresAt <= time.GetUtcNow())
        {
            return null;
        }

        return new BookingOffer(tokens.Url(notifications.Value.BaseUrl, claims), claims.ExpiresAt);
    }
}
