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

        services.AddDbContextFactory<LeadRoutingDbContext>(options => options
            .UseSqlite(connectionString)
            .AddInterceptors(new SqlitePragmas()));
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContext());
        return services;
    }

    /// <summary>
    /// Per connection: wait for a busy writer instead of failing at once, WAL-friendly durability (synchronous=NORMAL
    /// loses no committed transaction on a process crash, only on power loss), and enforced foreign keys.
    /// WAL itself is a property of the database file, set once when the database is created.
    /// </summary>
    private sealed class SqlitePragmas : DbConnectionInterceptor
    {
        private const string Pragmas = "PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;";

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Apply(connection);
            return Task.CompletedTask;
        }

        private static void Apply(DbConnection connection)
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
        }
    }
}
