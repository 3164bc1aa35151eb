namespace LeadRouting.Web.Booking;

public static class BookingServiceCollectionExtensions
{
    /// <summary>Instant booking (issue 20): offers and their tokens, the meeting store, rep calendar feeds.</summary>
    public static IServiceCollection AddLeadRoutingBooking(this IServiceCollection services)
    {
        services.AddOptions<BookingOptions>().BindConfiguration(BookingOptions.Section)
            .Validate(BookingOptions.IsValid, "Booking:TokenLifetime must be positive and at most 90 days.")
            .ValidateOnStart();
        services.AddSingleton<BookingTokens>();
        services.AddSingleton<BookingOffers>();
        services.AddSingleton<BookingStore>();
        return services;
    }
}
