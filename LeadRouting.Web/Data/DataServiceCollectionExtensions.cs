using LeadRouting.Web.Hosting;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace LeadRouting.Web.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// EF Core on the store chosen by <c>Storage:Provider</c>.
    /// <list type="bullet">
    /// <item><b>Sqlite</b> (the default) keeps its file in the app's data folder (<c>Storage:DataDirectory</c>, default
    /// <c>App_Data</c> under the content root) unless <c>ConnectionStrings:LeadRouting</c> says otherwise.</item>
    /// <item><b>Postgres</b> needs <c>ConnectionStrings:LeadRouting</c> (an Npgsql connection string). Every instance
    /// pointed at the same database forms one cluster: they share leads and routing state, Quartz runs clustered in the
    /// same database, and the Data Protection key ring is kept there too unless <c>DataProtection:KeysDirectory</c>
    /// names a shared folder (see <see cref="UsesDatabaseKeyRing"/>).</item>
    /// </list>
    /// </summary>
    public static IServiceCollection AddLeadRoutingData(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var storage = services.AddSettings<StorageOptions>(configuration);
        var provider = storage.ProviderKind;
        var connectionString = configuration.GetConnectionString("LeadRouting");
        if (provider == StorageProvider.Postgres)
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException("Storage:Provider 'Postgres' needs ConnectionStrings:LeadRouting (e.g. \"Host=db;Database=leadrouting;Username=leadrouting;Password=…\").");
            }

            connectionString = LeadRoutingStorage.WithPostgresDefaults(connectionString);
            services.AddSingleton(new LeadRoutingStorage(StorageProvider.Postgres, connectionString));
            services.AddDbContextFactory<PostgresLeadRoutingDbContext>(options => options.UseNpgsql(connectionString));
            services.AddSingleton<IDbContextFactory<LeadRoutingDbContext>>(sp =>
                new BaseContextFactory<PostgresLeadRoutingDbContext>(sp.GetRequiredService<IDbContextFactory<PostgresLeadRoutingDbContext>>()));
        }
        else
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                var directory = storage.DataDirectoryFor(environment);
                OwnerOnlyStorage.CreateFolder(directory);
                connectionString = $"Data Source={Path.Combine(directory, "leadrouting.db")}";
            }

            OwnerOnlyStorage.PrepareSqliteFile(connectionString);

            services.AddSingleton(new LeadRoutingStorage(StorageProvider.Sqlite, connectionString));
            services.AddHostedService<SqliteCheckpointer>();
            services.AddDbContextFactory<LeadRoutingDbContext>(options => options
                .UseSqlite(connectionString)
                .AddInterceptors(new SqlitePragmas()));
        }

        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContext());
        services.AddSingleton<StorageAvailability>();
        return services;
    }

    /// <summary>The data folder: <c>Storage:DataDirectory</c>, else <c>App_Data</c> under the content root.</summary>
    public static string DataDirectory(IConfiguration configuration, IHostEnvironment environment) =>
        StorageOptions.From(configuration).DataDirectoryFor(environment);

    /// <summary>
    /// Whether the Data Protection key ring lives in the database: on PostgreSQL, so every instance of a cluster reads
    /// the same keys without a shared disk, unless <c>DataProtection:KeysDirectory</c> names a folder (a shared volume
    /// keeps the keys apart from the database, so a copy of the database alone reveals no webhook secret). SQLite
    /// (one instance) keeps them in the data folder.
    /// </summary>
    public static bool UsesDatabaseKeyRing(IConfiguration configuration) =>
        LeadRoutingStorage.ProviderFrom(configuration) == StorageProvider.Postgres
        && string.IsNullOrWhiteSpace(configuration["DataProtection:KeysDirectory"]);

    /// <summary>Hands out a provider's own context type where the app asks for <see cref="LeadRoutingDbContext"/>.</summary>
    private sealed class BaseContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<LeadRoutingDbContext>
        where TContext : LeadRoutingDbContext
    {
        public LeadRoutingDbContext CreateDbContext() => inner.CreateDbContext();

        public async Task<LeadRoutingDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
            await inner.CreateDbContextAsync(cancellationToken);
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
