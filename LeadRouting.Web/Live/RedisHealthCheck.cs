using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LeadRouting.Web.Live;

/// <summary>
/// /health reports Degraded, not Unhealthy, when Redis does not answer: routing goes on without it, only live updates
/// stop crossing instances, so a load balancer must not take every instance out because of it.
/// </summary>
public sealed class RedisHealthCheck(RedisLiveConnection connection) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // Not connected: answer at once instead of waiting out the command timeout on a ping.
        if (connection.Opened is not { IsConnected: true } redis)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"Redis at {connection.EndPoints} is not connected: live updates stay on each instance.");
        }

        try
        {
            var roundTrip = await redis.GetDatabase().PingAsync().WaitAsync(cancellationToken);
            return HealthCheckResult.Healthy($"Redis answers ({roundTrip.TotalMilliseconds:0.#} ms).");
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"Redis at {connection.EndPoints} does not answer: live updates stay on each instance.", ex);
        }
    }
}
