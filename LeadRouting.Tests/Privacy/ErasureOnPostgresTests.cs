using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LeadRouting.Tests.ScaleOut;
using Npgsql;

namespace LeadRouting.Tests.Privacy;

/// <summary>
/// <c>POST /api/privacy/erase</c> on PostgreSQL: the same erasure through the same writer and the same EF scrubbing,
/// another engine — afterwards no text column of any table holds the person, the reports answer as before, and a
/// second erasure changes nothing.
/// </summary>
[Collection(ScaleOutCollection.Name)]
[Slow(SlowBecause.PostgreSql, SlowBecause.Redis)]
public sealed class ErasureOnPostgresTests(ScaleOutServers servers)
{
    private const string Email = "ottilie.brammertz@pg-privacy.de";

    [Fact]
    public async Task An_erasure_on_PostgreSQL_leaves_the_person_in_no_table_and_the_reports_unchanged()
    {
        using var cluster = await Cluster.StartAsync(servers, "privacy_erase", instances: 1);
        var api = cluster.Api(0);
        using (var created = await api.PostAsJsonAsync("/api/leads", new JsonObject
        {
            ["email"] = Email,
            ["firstName"] = "Ottilie",
            ["lastName"] = "Brammertz",
            ["company"] = "Kesselwerk Süd GmbH",
            ["employees"] = 350,
            ["industry"] = "Software",
            ["country"] = "DE",
            ["source"] = "DemoRequest",
        }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var id = (string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["lead"]!["id"]!;
            using var signal = await api.PostAsJsonAsync($"/api/leads/{id}/signals", new JsonArray(new JsonObject { ["type"] = "Webinar", ["at"] = DateTimeOffset.UtcNow.ToString("O") }));
            Assert.Equal(HttpStatusCode.OK, signal.StatusCode);
        }

        var reports = await ReportsAsync(api);
        Assert.NotEmpty(await MentionsAsync(cluster.ConnectionString));

        using var erase = await api.PostAsJsonAsync("/api/privacy/erase", new { email = Email.ToUpperInvariant() });

        Assert.Equal(HttpStatusCode.OK, erase.StatusCode);
        var changed = (await erase.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal((1, 2), ((int)changed["leads"]!, (int)changed["signals"]!));
        Assert.True((int)changed["decisions"]! >= 1, changed.ToJsonString());
        Assert.Empty(await MentionsAsync(cluster.ConnectionString));
        Assert.Equal(reports, await ReportsAsync(api));
        Assert.Equal(1L, await cluster.ScalarAsync<long>("SELECT COUNT(*) FROM \"Leads\" WHERE \"ErasedAt\" IS NOT NULL AND \"Email\" LIKE 'erased-%@erased.invalid'"));

        using var again = await api.PostAsJsonAsync("/api/privacy/erase", new { email = Email });
        var second = (await again.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.False((bool)second["changed"]!);
        Assert.All(second.Where(p => p.Key != "changed"), count => Assert.Equal(0, (int)count.Value!));
    }

    private static async Task<string> ReportsAsync(HttpClient api)
    {
        // A fixed period: the default one ends "now", which moves while the app runs on the real clock.
        var period = $"from={DateTime.UtcNow.AddDays(-30):yyyy-MM-dd}&to={DateTime.UtcNow.AddDays(1):yyyy-MM-dd}";
        var text = "";
        foreach (var report in new[] { "conversion", "flow" })
        {
            using var response = await api.GetAsync($"/api/reports/{report}?{period}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            text += report + ": " + await response.Content.ReadAsStringAsync() + "\n";
        }

        return text;
    }

    /// <summary>Every text column of every table that holds the email or a name, as "table.column".</summary>
    private static async Task<List<string>> MentionsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var columns = new List<(string Table, string Column)>();
        await using (var list = new NpgsqlCommand(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND data_type IN ('text', 'character varying')", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                columns.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        var found = new List<string>();
        foreach (var (table, column) in columns)
        {
            await using var count = new NpgsqlCommand(
                $"SELECT COUNT(*) FROM \"{table}\" WHERE \"{column}\" ILIKE '%' || @email || '%' OR \"{column}\" ILIKE '%ottilie%' OR \"{column}\" ILIKE '%brammertz%'", connection);
            count.Parameters.AddWithValue("email", Email);
            if ((long)(await count.ExecuteScalarAsync())! > 0)
            {
                found.Add($"{table}.{column}");
            }
        }

        return found;
    }
}
