using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace LeadRouting.Web.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// EF Core on the store chosen by <c>Storage:Provider</c>. SQLite (the default) keeps its file in the app's data
    /// folder (<c>Storage:DataDirectory</c>, default <c>App_Data</c> under the content root) unless
    /// <c>ConnectionStrings:LeadRouting</c> says otherwise.
    /// </summary>
    public static IServiceCollection AddLeadRoutingData(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var provider = configuration["Storage:Provider"] ?? "Sqlite";
        if (!provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Storage:Provider '{provider}' is not supported; use 'Sqlite'.");
        }

        var connectionString = configuration.GetConnectionString("LeadRouting");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            var directory = configuration["Storage:DataDirectory"] ?? Path.Combine(environment.ContentRootPath, "App_Data");
            Directory.CreateDirectory(directory);
            connectionString = $"Data Source={Path.Combine(directory, "leadrouting.db")}";
        }

        services.AddSingleton(new LeadRoutingStorage("Sqlite", connectionString));
        services.AddHostedService<SqliteCheckpointer>();
        services.AddDbContextFactory<LeadRoutingDbContext>(options => options
            .UseSqlite(connectionString)
            .AddInterceptors(new SqlitePragmas()));
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContext());
        return services;
    }

    /// <summary>Applies <see cref="LeadRoutingStorage.SqlitePragmas"/> to every connection EF opens.</summary>
    private sealed class SqlitePragmas : DbConnectionInterceptor
    {
        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) =>
            LeadRoutingStorage.ApplyPragmas(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            LeadRoutingStorage.ApplyPragmas(connection);
            return Task.CompletedTask;
        }
    }
}
