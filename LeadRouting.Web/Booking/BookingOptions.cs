namespace LeadRouting.Web.Booking;

/// <summary>
/// The <c>Booking</c> settings the Web side needs before the routing configuration carries the booking policy (issue 20):
/// which treatments get a booking offer and how long its link lasts. The defaults are the policy's
/// (<c>BookableTreatments</c> AeImmediate + SdrFastTrack, <c>TokenLifetime</c> 7 days).
/// </summary>
/// <remarks>
/// This is the one place the lead switches to the published policy (<c>RoutingConfiguration.Booking</c>, from
/// <c>LeadRouting.Core/Booking/BookingPolicy</c>) once both halves are merged: <see cref="BookingOffers"/> and
/// <see cref="BookingTokens"/> read only these two values.
/// </remarks>
public sealed class BookingOptions
{
    public const string Section = "Booking";

    /// <summary>The treatment actions whose leads are offered a meeting at once.</summary>
    public IReadOnlyList<TreatmentAction> BookableTreatments { get; set; } = [TreatmentAction.AeImmediate, TreatmentAction.SdrFastTrack];

    /// <summary>How long a booking link is valid, counted from when the lead was stored.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromDays(7);

    public static bool IsValid(BookingOptions options) =>
        options.TokenLifetime > TimeSpan.Zero && options.TokenLifetime <= TimeSpan.FromDays(90);
}
