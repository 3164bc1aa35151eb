using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LeadRouting.Web.Data;
using Npgsql;

namespace LeadRouting.Tests.ScaleOut;

/// <summary>
/// Previews on PostgreSQL (issue 13, point 1): a preview on one instance names the rep a post on the other instance then
/// gets, and reads on a connection the database keeps read-only, so it moves nothing.
/// </summary>
[Collection(ScaleOutCollection.Name)]
[Slow(SlowBecause.PostgreSql, SlowBecause.Redis)]
public sealed class PreviewOnPostgresTests(ScaleOutServers servers)
{
    /// <summary>Every round-robin position and rep load as one text: equal texts, nothing moved.</summary>
    private const string RoutingStateSql =
        "SELECT COALESCE((SELECT string_agg(\"PoolKey\" || '@' || \"VirtualTime\", ';' ORDER BY \"PoolKey\") FROM \"RoundRobinPools\"), '') || '|' || " +
        "COALESCE((SELECT string_agg(\"PoolKey\" || '/' || \"RepId\" || '=' || \"Pass\", ';' ORDER BY \"PoolKey\", \"RepId\") FROM \"RoundRobinPasses\"), '') || '|' || " +
        "COALESCE((SELECT string_agg(\"RepId\" || ':' || \"OpenLeads\", ';' ORDER BY \"RepId\") FROM \"RepStates\"), '')";

    [Fact]
    public async Task A_preview_on_one_instance_names_the_rep_a_post_on_the_other_gets_and_moves_nothing()
    {
        using var cluster = await Cluster.StartAsync(servers, "preview_live");
        await cluster.PublishEvenRoutingAsync();

        var owners = new HashSet<string>(StringComparer.Ordinal);
        for (var n = 0; n < 6; n++)
        {
            var lead = Cluster.Lead("preview", n);
            var before = await cluster.ScalarAsync<string>(RoutingStateSql);
            using var previewResponse = await cluster.Api(n % 2).PostAsJsonAsync("/api/routing/preview", lead);
            Assert.Equal(HttpStatusCode.OK, previewResponse.StatusCode);
            var preview = (await previewResponse.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.Equal(before, await cluster.ScalarAsync<string>(RoutingStateSql));

            using var postResponse = await cluster.Api((n + 1) % 2).PostAsJsonAsync("/api/leads", lead);
            Assert.Equal(HttpStatusCode.Created, postResponse.StatusCode);
            var posted = (await postResponse.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.Equal((string?)preview["ownerId"], (string?)posted["decision"]!["ownerId"]);
            Assert.Equal((string?)preview["distribution"], (string?)posted["decision"]!["distribution"]);
            owners.Add((string)preview["ownerId"]!);
        }

        // The two SDRs of the pool took turns, so the previews followed the pool as it moved.
        Assert.Equal(2, owners.Count);
    }

    [Fact]
    public async Task The_preview_connection_refuses_to_write()
    {
        var connectionString = await servers.Postgres.CreateDatabaseAsync("preview_read_only");
        await using (var setup = new NpgsqlConnection(connectionString))
        {
            await setup.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE TABLE \"Probe\" (\"Id\" int)", setup);
            await create.ExecuteNonQueryAsync();
        }

        await using var connection = new LeadRoutingStorage(StorageProvider.Postgres, connectionString).OpenReadOnly();
        await using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO \"Probe\" VALUES (1)";

        var refused = await Assert.ThrowsAsync<PostgresException>(() => insert.ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.ReadOnlySqlTransaction, refused.SqlState);
    }
}
