using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LeadRouting.Web.Data;

/// <summary>
/// /health is unhealthy while writes fail (the lead writer's last commit failed on a storage fault: a full disk, an I/O
/// error, PostgreSQL gone), with the reason and since when, and when the database cannot answer a query.
/// </summary>
public sealed class DatabaseHealthCheck(IDbContextFactory<LeadRoutingDbContext> dbFactory, StorageAvailability availability) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // Reads often still work when writes cannot (a full disk), so the writer's word comes first.
        if (availability.Outage is { } outage)
        {
            return HealthCheckResult.Unhealthy(string.Create(CultureInfo.InvariantCulture,
                $"Writes fail since {outage.Since.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC: {outage.Reason}. Changes are refused (HTTP 503) until a write commits; the writer tries again every second."));
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy("The database answers.")
            : HealthCheckResult.Unhealthy("The database does not answer.");
    }
}
