using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LeadRouting.Tests.EndToEnd;
using LeadRouting.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace LeadRouting.Tests.Upgrades;

/// <summary>
/// This release started on a database the previous one wrote (<c>release-1.db</c>, made by
/// <c>scripts/make-release-fixture.sh</c>; README "Upgrades"): it migrates it at start and serves what was there.
/// </summary>
[Slow(SlowBecause.AppProcess)]
public sealed class UpgradeFromReleaseOneTests : IDisposable
{
    /// <summary>The fixture's demo API key (<c>scripts/make-release-fixture.sh</c>); a test value, not a secret.</summary>
    private const string ReleaseOneKey = "lr_0f1e2d3c4b5a_release-1-fixture-key-not-a-secret-00000000";

    private static readonly string Fixture = Path.Combine(RepositoryRoot.Path, "LeadRouting.Tests", "Upgrades", "release-1.db");
    private readonly string _folder = Directory.CreateTempSubdirectory("leadrouting-upgrade-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task The_previous_releases_database_is_migrated_at_start_and_its_leads_are_served()
    {
        var data = Path.Combine(_folder, "copied");
        Directory.CreateDirectory(data);
        File.Copy(Fixture, Path.Combine(data, "leadrouting.db"));
        var before = await MigrationsAsync(Path.Combine(data, "leadrouting.db"));

        await AssertUpgradedAsync(data, before);
    }

    [Fact]
    public async Task A_backup_of_the_previous_release_restores_into_this_one_and_is_migrated_at_start()
    {
        var data = Path.Combine(_folder, "restored");
        Directory.CreateDirectory(data);

        var restored = await AppCommand.RunAsync(data, TimeSpan.FromSeconds(180), "--restore", Fixture);

        Assert.True(restored.ExitCode == 0, restored.Output);
        await AssertUpgradedAsync(data, await MigrationsAsync(Fixture));
    }

    private static async Task AssertUpgradedAsync(string data, IReadOnlyList<string> before)
    {
        string[] expected;
        await using (var model = new LeadRoutingDbContext(new DbContextOptionsBuilder<LeadRoutingDbContext>().UseSqlite("Data Source=:memory:").Options))
        {
            expected = [.. model.Database.GetMigrations()];
        }

        // The fixture's migrations are where this release's began; the start applies the rest (none when a release
        // changes no schema: then the test still starts this release's code on data the previous one wrote).
        Assert.Equal(before, expected.Take(before.Count));

        var ids = new Dictionary<string, string>();
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(data, "leadrouting.db")};Mode=ReadOnly;Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT ExternalId, Id FROM Leads WHERE ExternalId LIKE 'release-1-%'";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                ids[reader.GetString(0)] = reader.GetString(1);
            }
        }

        Assert.Equal(20, ids.Count);
        SqliteConnection.ClearAllPools();

        using (var app = await AppProcess.StartAsync(data, AppProcess.StartTimeout))
        {
            using var api = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            api.DefaultRequestHeaders.Add("X-Api-Key", ReleaseOneKey);

            for (var i = 1; i <= 20; i += 7)
            {
                var lead = (await api.GetFromJsonAsync<JsonObject>($"/api/leads/{ids[$"release-1-{i}"]}"))!;
                Assert.Equal($"person{i}@fixture-company{i}.de", (string?)lead["lead"]!["email"]);
                Assert.NotNull(lead["decision"]);
                Assert.NotEmpty(lead["events"]!.AsArray());
            }

            using var routed = await api.PostAsJsonAsync("/api/leads", new JsonObject
            {
                ["externalId"] = "after-upgrade-1",
                ["email"] = "new@after-upgrade.de",
                ["employees"] = 300,
                ["country"] = "DE",
                ["source"] = "ContactSales",
            });
            Assert.Equal(HttpStatusCode.Created, routed.StatusCode);
            await app.StopAsync(TimeSpan.FromSeconds(60));
        }

        SqliteConnection.ClearAllPools();
        Assert.Equal(expected, await MigrationsAsync(Path.Combine(data, "leadrouting.db")));
    }

    private static async Task<IReadOnlyList<string>> MigrationsAsync(string file)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT MigrationId FROM __EFMigrationsHistory ORDER BY MigrationId";
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }
}
