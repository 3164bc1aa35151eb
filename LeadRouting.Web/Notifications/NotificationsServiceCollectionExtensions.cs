using LeadRouting.Web.Live;
using LeadRouting.Web.Routing;
using LeadRouting.Web.Security;
using Microsoft.Extensions.Options;

namespace LeadRouting.Web.Notifications;

public static class NotificationsServiceCollectionExtensions
{
    /// <summary>
    /// The live event source, the SignalR hub feed, the notification channels (in-app, email, webhook), webhook
    /// subscriptions and the outbox dispatcher (<c>Notifications</c> settings).
    /// </summary>
    public static IServiceCollection AddLeadRoutingNotifications(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var section = configuration.GetSection(NotificationOptions.Section);
        services.AddOptions<NotificationOptions>().Bind(section)
            .Validate(o => Uri.TryCreate(o.BaseUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps), "Notifications:BaseUrl must be an absolute http(s) URL.")
            .Validate(o => o.MaxAttempts >= 1 && o.MaxConcurrentDeliveries >= 1 && o.MaxConcurrentPerEndpoint >= 1 && o.PollInterval > TimeSpan.Zero && o.AttemptTimeout > TimeSpan.Zero && o.ClaimDuration > o.AttemptTimeout,
                "Notifications: MaxAttempts, MaxConcurrentDeliveries and MaxConcurrentPerEndpoint at least 1, PollInterval and AttemptTimeout positive, ClaimDuration longer than AttemptTimeout.")
            .Validate(o => o.CircuitBreakDuration >= TimeSpan.FromSeconds(1), "Notifications:CircuitBreakDuration must be at least 1 second.")
            .ValidateOnStart();

        var dataDirectory = Data.StorageOptions.From(configuration).DataDirectoryFor(environment);

        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<ImportNotifications>();
        services.AddSingleton<WebhookSubscriptionService>();
        services.AddSingleton<RecipientDirectory>();
        services.AddSingleton<NotificationTexts>();

        var smtpHost = section["Smtp:Host"];
        IEmailTransport? transport = !string.IsNullOrWhiteSpace(smtpHost)
            ? null
            : environment.IsDevelopment()
                ? new PickupDirectoryEmailTransport(section["PickupDirectory"] ?? Path.Combine(dataDirectory, "mail"))
                : null;
        if (!string.IsNullOrWhiteSpace(smtpHost))
        {
            services.AddSingleton<IEmailTransport, SmtpEmailTransport>();
        }
        else if (transport is not null)
        {
            services.AddSingleton(transport);
        }

        services.AddSingleton<INotificationChannel, InAppChannel>();
        services.AddSingleton<INotificationChannel>(sp => new EmailChannel(
            sp.GetRequiredService<ConfigurationStore>(),
            sp.GetService<IEmailTransport>(),
            sp.GetRequiredService<IOptions<NotificationOptions>>(),
            sp.GetRequiredService<RecipientDirectory>(),
            sp.GetRequiredService<NotificationTexts>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<Leads.ActionLinks>()));
        services.AddSingleton<INotificationChannel, WebhookChannel>();

        // Webhooks: no redirects (a signed body goes only where it was sent). Every connection goes through
        // WebhookTargets, which resolves the host and connects only to public or allow-listed addresses (DNS rebinding
        // included); no proxy, since through one the check would see the proxy's address, not the receiver's. The time
        // limit, concurrency limit and circuit breaker are the dispatcher's, per endpoint and for every channel
        // (DeliveryEndpoints); retries are the dispatcher's too, persisted with back-off, so they survive restarts.
        services.AddOptions<WebhookTargetOptions>().Bind(configuration.GetSection(WebhookTargetOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebhookTargetOptions>, WebhookTargetOptionsValidator>();
        services.AddSingleton<IWebhookHostResolver, DnsWebhookHostResolver>();
        services.AddSingleton<WebhookTargets>();
        services.AddHttpClient(WebhookChannel.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseProxy = false,
                ConnectCallback = sp.GetRequiredService<WebhookTargets>().ConnectAsync,
                ConnectTimeout = TimeSpan.FromSeconds(10),
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });

        if (section.GetValue(nameof(NotificationOptions.DispatcherEnabled), true))
        {
            services.AddHostedService<OutboxDispatcher>();
        }

        return services;
    }
}
