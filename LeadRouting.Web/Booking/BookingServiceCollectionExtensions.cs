namespace LeadRouting.Web.Booking;

public static class BookingServiceCollectionExtensions
{
    /// <summary>Instant booking (issue 20): offers and their tokens, the meeting store, rep calendar feeds.</summary>
    public static IServiceCollection AddLeadRoutingBooking(this IServiceCollection services)
    {
        services.AddSingleton<BookingTokens>();
        services.AddSingleton<BookingOffers>();
        services.AddSingleton<BookingStore>();
        services.AddSingleton<BookingEffects>();
        services.AddSingleton<MeetingOutcomes>();
        services.AddSingleton<BookingSlots>();
        services.AddSingleton<BookingService>();
        services.AddSingleton<MeetingReassignment>();
        services.AddSingleton<Routing.IRepAvailabilityObserver>(sp => sp.GetRequiredService<MeetingReassignment>());
        services.AddOptions<BookingRateLimitOptions>().BindConfiguration(BookingRateLimitOptions.Section)
            .Validate(BookingRateLimitOptions.IsValid, "BookingRateLimit: PermitLimit 1 to 1000000, Window 1 s to 1 day.")
            .ValidateOnStart();
        services.AddSingleton<BookingRateLimiter>();
        // The invitations of booked and cancelled meetings: durable outbox deliveries through the app's email transport.
        services.AddSingleton<Notifications.INotificationChannel>(sp => new InvitationChannel(
            sp.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>(),
            sp.GetRequiredService<Routing.ConfigurationStore>(),
            sp.GetService<Notifications.IEmailTransport>(),
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Notifications.NotificationOptions>>(),
            sp.GetRequiredService<Notifications.RecipientDirectory>(),
            sp.GetRequiredService<Notifications.NotificationTexts>(),
            sp.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<InvitationText>>(),
            sp.GetRequiredService<BookingTokens>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddOptions<CalendarFeedOptions>().BindConfiguration(CalendarFeedOptions.Section)
            .Validate(CalendarFeedOptions.IsValid, "CalendarFeeds: RefreshInterval 1 s to 1 day, Timeout up to 5 min, MaxBodyBytes up to 50 MB.")
            .ValidateOnStart();
        // No automatic redirects to another scheme (HttpClient never follows https → http); no cookies kept between feeds.
        services.AddHttpClient(RepCalendarFeeds.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { UseCookies = false, MaxAutomaticRedirections = 5 })
            // The default request logging writes the full address, which is the calendar's secret.
            .RemoveAllLoggers();
        services.AddSingleton<RepCalendarFeeds>();
        return services;
    }
}
