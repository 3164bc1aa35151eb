using LeadRouting.Web.Demo;
using LeadRouting.Web.Security;

namespace LeadRouting.Web.Data;

/// <summary>
/// Applies migrations at start and, on an empty database, publishes the first configuration (with demo data, demo key
/// and demo users when enabled; <see cref="DemoSettings"/>). At later starts the demo users' password follows the settings.
/// </summary>
public static class DatabaseInitializer
{
    public static async Task InitializeLeadRoutingDatabaseAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>();
        var storage = app.Services.GetRequiredService<LeadRoutingStorage>();
        var time = app.Services.GetRequiredService<TimeProvider>();
        var demo = DemoSettings.From(app.Configuration, app.Environment);
        if (demo.UserPassword is { } password && await DemoUsers.CheckPasswordAsync(app.Services, password) is { } refused)
        {
            throw new InvalidOperationException($"Demo:Password cannot be the demo users' password: {refused}");
        }

        if (demo.Enabled && !demo.IsDevelopment)
        {
            // Asked for explicitly outside Development (a sales demo, a load test): said at every start, so nobody
            // mistakes this instance for one that routes real leads.
            app.Logger.LogWarning(
                "DEMO DATA in the {Environment} environment: Demo:Enabled is true, so this instance runs with the invented demo organisation, accounts and history. Do not route real leads here; production runs with Demo:Enabled=false (the default outside Development).",
                demo.EnvironmentName);
        }

        // Instances of a cluster may start together: one at a time migrates and seeds, the others wait here and then
        // find the work done. The lock is PostgreSQL's own (session-level, released with the connection, also if the
        // process dies).
        await using var initializationLock = storage.IsPostgres ? await AcquireInitializationLockAsync(storage, cancellationToken) : null;
        // Before the first table exists: a new SQLite file can give removed rows' space back (README "Retention").
        Retention.SqliteSpace.PrepareNewDatabase(storage);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            // WAL lets readers (dashboards) run while a lead is being written; it sticks to the file once set.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken);
        }

        if (!await db.ConfigurationVersions.AnyAsync(cancellationToken))
        {
            await SeedAsync(db, demo.Enabled, time.GetUtcNow(), cancellationToken);
            var kind = demo.Enabled ? "demo organisation" : "default policy, empty organisation";
            app.Logger.LogInformation("Published routing configuration version 1 ({Kind}).", kind);
            if (demo.Enabled)
            {
                await SeedDemoSecretsAsync(app, demo, cancellationToken);
            }
        }
        else if (await DemoUsers.AlignPasswordsAsync(app.Services, demo.UserPassword, cancellationToken) is > 0 and var changed)
        {
            app.Logger.LogWarning(
                "{Count} demo users' password changed to follow the settings: {Rule}.",
                changed,
                demo.UserPassword is null ? "they cannot sign in (demo data off, or no Demo:Password outside Development)" : "they sign in with the configured demo password");
        }

        // Demo history (Demo:HistoryDays) goes into a database without leads, so every page has something to show.
        await app.Services.GetRequiredService<Demo.DemoHistorySeeder>().SeedIfEmptyAsync(cancellationToken);
        // Leads stored before the same-person check get its keys (issue 19; README "Upgrades").
        await app.Services.GetRequiredService<Leads.SamePersonBackfill>().RunAsync(cancellationToken);
    }

    /// <summary>
    /// The demo key and the demo users, at first start. Secrets reach the console only in Development; elsewhere they
    /// are the operator's own settings, so there is nothing to print (README "Production start and secrets at rest").
    /// </summary>
    private static async Task SeedDemoSecretsAsync(WebApplication app, DemoSettings demo, CancellationToken cancellationToken)
    {
        var keys = app.Services.GetRequiredService<ApiKeyService>();
        if (demo.ApiKey is { } givenKey)
        {
            var key = await keys.CreateForSystemAsync("demo", ApiScopes.All, cancellationToken, givenKey);
            app.Logger.LogInformation("Demo API key from Demo:ApiKey stored (prefix {Prefix}, scopes {Scopes}).", key.Prefix, string.Join(", ", key.Scopes));
        }
        else if (demo.PrintsSecrets)
        {
            // Shown once, here, and stored only as a hash.
            var key = await keys.CreateForSystemAsync("demo", ApiScopes.All, cancellationToken);
            Console.WriteLine($"Demo API key (scopes {string.Join(", ", key.Scopes)}), shown only now: {key.Key}");
        }
        else
        {
            app.Logger.LogWarning("No demo API key: outside Development it is never generated (it would have to be printed). Set Demo:ApiKey, or create keys on /settings/api-keys.");
        }

        await DemoUsers.SeedAsync(app.Services, demo.UserPassword, cancellationToken);
        var users = string.Join(", ", DemoUsers.All.Select(u => $"{u.Email} ({u.Role})"));
        if (demo.PrintsSecrets)
        {
            var password = demo.UserPassword == DemoUsers.Password ? $"password \"{DemoUsers.Password}\"" : "the password in Demo:Password";
            Console.WriteLine($"Demo users (sign in at {AccountEndpoints.LoginPath}, {password}): {users}");
        }
        else if (demo.UserPassword is null)
        {
            app.Logger.LogWarning("Demo users created without a password, so they cannot sign in: outside Development set Demo:Password (the published demo password signs in only in Development). Users: {Users}.", users);
        }
        else
        {
            app.Logger.LogInformation("Demo users created; they sign in with the password in Demo:Password. Users: {Users}.", users);
        }
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
