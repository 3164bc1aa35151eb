using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using LeadRouting.Web.Api;

namespace LeadRouting.Tests.ScaleOut;

/// <summary>
/// The import's dry run on PostgreSQL (issue 16): rows routed (or stored as history) inside a savepoint of the writer's
/// transaction that is rolled back, so nothing outlives it there either — the same statements, another engine.
/// </summary>
[Collection(ScaleOutCollection.Name)]
[Slow(SlowBecause.PostgreSql, SlowBecause.Redis)]
public sealed class ImportDryRunOnPostgresTests(ScaleOutServers servers)
{
    /// <summary>Row counts of every table an import writes to, and every round-robin position and rep load, as one text.</summary>
    private const string StoredSql =
        "SELECT (SELECT COUNT(*) FROM \"Leads\") || '/' || (SELECT COUNT(*) FROM \"Signals\") || '/' || (SELECT COUNT(*) FROM \"RoutingDecisions\") || '/' || " +
        "(SELECT COUNT(*) FROM \"AuditEvents\") || '/' || (SELECT COUNT(*) FROM \"Outbox\") || '/' || (SELECT COUNT(*) FROM \"LeadTasks\") || '/' || " +
        "(SELECT COUNT(*) FROM \"Accounts\") || '|' || " +
        "COALESCE((SELECT string_agg(\"PoolKey\" || '@' || \"VirtualTime\", ';' ORDER BY \"PoolKey\") FROM \"RoundRobinPools\"), '') || '|' || " +
        "COALESCE((SELECT string_agg(\"PoolKey\" || '/' || \"RepId\" || '=' || \"Pass\", ';' ORDER BY \"PoolKey\", \"RepId\") FROM \"RoundRobinPasses\"), '') || '|' || " +
        "COALESCE((SELECT string_agg(\"RepId\" || ':' || \"OpenLeads\", ';' ORDER BY \"RepId\") FROM \"RepStates\"), '')";

    private const string Csv =
        "externalId,email,company,employees,industry,country,source,receivedAt,owner,status\n" +
        "pg-1,ann@brightlabs.de,Brightlabs,350,Software,DE,DemoRequest,2026-11-02T10:00:00Z,Clara Fischer,Won\n" +
        "pg-2,bob@northwind.co.uk,Northwind,40,Retail,GB,Webinar,2026-11-03T10:00:00Z,uki-mid-1,Working - Contacted\n" +
        "pg-3,ann@brightlabs.de,Brightlabs,350,Software,DE,PricingPageVisit,2026-11-04T10:00:00Z,Nobody Here,Lost\n" +
        "pg-4,cem@example.com,Example,20,Software,Atlantis,ContactSales,2026-11-05T10:00:00Z,,\n";

    private static MultipartFormDataContent Form(string csv)
    {
        var file = new StringContent(csv, Encoding.UTF8);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return new MultipartFormDataContent { { file, LeadImportApi.FileField, "leads.csv" } };
    }

    [Theory]
    [InlineData("history", 3, 0)]
    [InlineData("route", 2, 1)]
    public async Task A_dry_run_on_PostgreSQL_answers_the_rows_and_stores_nothing(string mode, int created, int merged)
    {
        using var cluster = await Cluster.StartAsync(servers, $"import_dry_run_{mode}", instances: 1);
        // A lead already stored, so the dry run has state to read and to leave alone.
        using (var seeded = await cluster.Api(0).PostAsync("/api/leads/import", Form("email,source\nseed@example.org,DemoRequest\n")))
        {
            Assert.Equal(HttpStatusCode.OK, seeded.StatusCode);
        }

        var before = await cluster.ScalarAsync<string>(StoredSql);
        // A route import of field names knows no owner or status columns.
        var csv = mode == "history" ? Csv : string.Join('\n', Csv.Split('\n').Select(l => l.Length == 0 ? l : string.Join(',', l.Split(',')[..8])));

        using var response = await cluster.Api(0).PostAsync($"/api/leads/import?dryRun=true&mode={mode}", Form(csv));

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {body}");
        var answer = JsonNode.Parse(body)!;
        Assert.Equal((4, created, merged, 1), ((int)answer["rows"]!, (int)answer["created"]!, (int)answer["merged"]!, (int)answer["rejected"]!));
        Assert.Equal(before, await cluster.ScalarAsync<string>(StoredSql));
    }
}
