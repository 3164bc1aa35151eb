using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LeadRouting.Web.Live;

public static class LiveServiceCollectionExtensions
{
    /// <summary>The connection string that turns scale-out of live updates on.</summary>
    public const string RedisConnectionStringName = "Redis";

    /// <summary>
    /// Live updates: the <see cref="LeadEventNotifier"/> every view and the hub listen to, and, across instances when
    /// <c>ConnectionStrings:Redis</c> is set (DESIGN.md "Architecture"), the Redis backplane on <paramref name="signalR"/>
    /// for hub clients, the <see cref="RedisLeadEventRelay"/> for Blazor views, and a <c>redis</c> health check. Without
    /// Redis: one instance, everything in process, nothing to set up.
    /// </summary>
    public static IServiceCollection AddLeadRoutingLive(this IServiceCollection services, ISignalRServerBuilder signalR, IConfiguration configuration)
    {
        services.AddSingleton<LeadEventNotifier>();
        var redis = configuration.GetConnectionString(RedisConnectionStringName);
        if (string.IsNullOrWhiteSpace(redis))
        {
            return services;
        }

        services.AddSingleton(sp => new RedisLiveConnection(redis, sp.GetRequiredService<ILogger<RedisLiveConnection>>()));

        // The backplane runs on the shared connection: the same options (no abort on connect failure, channel prefix),
        // one reconnect, one health check. Configuration is set too because the backplane logs its endpoints.
        signalR.AddStackExchangeRedis(options => options.Configuration = RedisLiveConnection.Options(redis));
        services.AddOptions<RedisOptions>().Configure<RedisLiveConnection>((options, connection) =>
            options.ConnectionFactory = _ => connection.GetAsync());

        services.AddSingleton<RedisLeadEventRelay>();
        services.AddHostedService(sp => sp.GetRequiredService<RedisLeadEventRelay>());
        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", HealthStatus.Degraded);
        return services;
    }
}
