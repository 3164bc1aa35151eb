using LeadRouting.Core.Configuration;
using LeadRouting.Web.Data.Entities;
using LeadRouting.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace LeadRouting.Web.Data;

/// <summary>Applies migrations at start and, on an empty database, publishes the first configuration (with demo data, demo key and demo users when enabled).</summary>
public static class DatabaseInitializer
{
    public static async Task InitializeLeadRoutingDatabaseAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>();
        var storage = app.Services.GetRequiredService<LeadRoutingStorage>();
        var time = app.Services.GetRequiredService<TimeProvider>();
        var demo = app.Configuration.GetValue("Demo:Enabled", false);

        // Instances of a cluster may start together: one at a time migrates and seeds, the others wait here and then
        // find the work done. The lock is PostgreSQL's own (session-level, released with the connection, also if the
        // process dies).
        await using var initializationLock = storage.IsPostgres ? await AcquireInitializationLockAsync(storage, cancellationToken) : null;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            // WAL lets readers (dashboards) run while a lead is being written; it sticks to the file once set.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken);
        }

        if (!await db.ConfigurationVersions.AnyAsync(cancellationToken))
        {
            await SeedAsync(db, demo, time.GetUtcNow(), cancellationToken);
            var kind = demo ? "demo organisation" : "default policy, empty organisation";
            app.Logger.LogInformation("Published routing configuration version 1 ({Kind}).", kind);
            if (demo)
            {
                // Only the demo gets a key out of the box; it is shown once, here, and stored only as a hash.
                var key = await app.Services.GetRequiredService<ApiKeyService>()
                    .CreateForSystemAsync("demo", ApiScopes.All, cancellationToken);
                Console.WriteLine($"Demo API key (scopes {string.Join(", ", key.Scopes)}), shown only now: {key.Key}");

                // Demo sign-ins share a public, demo-only password (the login page lists them); no other mode has users.
                await DemoUsers.SeedAsync(app.Services, cancellationToken);
                Console.WriteLine($"Demo users (sign in at {AccountEndpoints.LoginPath}, password \"{DemoUsers.Password}\"): "
                    + string.Join(", ", DemoUsers.All.Select(u => $"{u.Email} ({u.Role})")));
            }
        }

        // Demo history (Demo:HistoryDays) goes into a database without leads, so every page has something to show.
        await app.Services.GetRequiredService<Demo.DemoHistorySeeder>().SeedIfEmptyAsync(cancellationToken);
    }

    private static async Task<System.Data.Common.DbConnection> AcquireInitializationLockAsync(LeadRoutingStorage storage, CancellationToken cancellationToken)
    {
        var connection = storage.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT pg_advisory_lock({LeadRoutingStorage.InitializationLockKey})";
        // The first instance may be storing the demo history; wait for it, but not for ever.
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    private static async Task SeedAsync(LeadRoutingDbContext db, bool demo, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var configuration = demo ? DemoRoster.Configuration() : ConfigurationLoader.LoadDefault();
        db.ConfigurationVersions.Add(new ConfigurationVersionEntity
        {
            Kind = ConfigurationVersionKind.Published,
            Json = ConfigurationLoader.Serialize(configuration),
            Author = "system",
            CreatedAt = now,
            Comment = demo ? "Demo data: default policy with the demo organisation" : "Default policy",
        });

        var state = demo ? DemoRoster.State(now) : null;
        foreach (var rep in configuration.Organisation.Reps)
        {
            var status = state?.GetRepStatus(rep.Id);
            db.RepStates.Add(new RepStateEntity
            {
                RepId = rep.Id.Value,
                Availability = status?.Availability ?? Core.Routing.Availability.Available,
                OutOfOfficeUntil = status?.OutOfOfficeUntil,
                OpenLeads = status?.OpenLeads ?? 0,
            });
        }

        if (demo)
        {
            foreach (var account in DemoRoster.Accounts)
            {
                db.Accounts.Add(new AccountEntity
                {
                    Domain = account.Domain,
                    Name = account.Name,
                    OwnerId = account.OwnerId?.Value,
                    IsNamedAccount = account.IsNamedAccount,
                    IsCustomer = account.IsCustomer,
                    CreatedAt = now,
                });
            }
        }

        db.AuditEvents.Add(new AuditEventEntity
        {
            At = now,
            Actor = "system",
            Type = "ConfigurationPublished",
            Detail = "Version 1 published at first start.",
        });
        await db.SaveChangesAsync(cancellationToken);
    }
}
