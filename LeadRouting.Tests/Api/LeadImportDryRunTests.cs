using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using LeadRouting.Web.Api;
using LeadRouting.Web.Data;
using LeadRouting.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Api;

/// <summary>
/// A dry run routes the file's rows against each other as the import then does: capacity one row takes is gone for the
/// next. Real SQLite file, real HTTP, the configuration changed through the admin API.
/// </summary>
public sealed class LeadImportDryRunTests : IDisposable
{
    private const int Capacity = 3;
    private const int RowCount = 7;

    private readonly LeadRoutingApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private static MultipartFormDataContent Form(string csv)
    {
        var file = new StringContent(csv, Encoding.UTF8);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return new MultipartFormDataContent { { file, LeadImportApi.FileField, "leads.csv" } };
    }

    private static async Task<JsonObject> OkAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    [Fact]
    public async Task A_dry_run_gives_a_rep_no_more_rows_than_their_capacity_exactly_as_the_import_then_does()
    {
        var client = _factory.CreateApiClient(ApiScopes.Admin, ApiScopes.Ingest, ApiScopes.Read);
        // Only one rep has room: Ben Hoffmann (DACH Junior AE; Anna is out of office in the demo state) for three leads; everyone else is full.
        await PublishedConfigurationEdits.PublishAsync(client, document =>
        {
            foreach (var rep in document["organisation"]!["reps"]!.AsArray())
            {
                rep!["capacity"] = (string?)rep["id"] == "dach-jr-2" ? Capacity : 0;
            }
        });
        var csv = new StringBuilder("email,company,companyDomain,employees,industry,country,source,estimatedDealSize\n");
        for (var i = 0; i < RowCount; i++)
        {
            csv.Append($"buyer{i}@firm{i}.de,Firm {i} GmbH,firm{i}.de,350,Software,DE,DemoRequest,5000\n");
        }

        var dryRun = await OkAsync(await client.PostAsync("/api/leads/import?dryRun=true", Form(csv.ToString())));
        var import = await OkAsync(await client.PostAsync("/api/leads/import", Form(csv.ToString())));

        var outcomes = dryRun["outcomes"]!.AsObject().Where(o => (int)o.Value! > 0).ToDictionary(o => o.Key, o => (int)o.Value!);
        Assert.Equal(new Dictionary<string, int> { ["Assigned"] = Capacity, ["Unassigned"] = RowCount - Capacity }, outcomes);
        Assert.Equal(RowCount, (int)import["created"]!);
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        var stored = await db.Leads.GroupBy(l => new { l.Stage, l.OwnerId }).Select(g => new { g.Key.Stage, g.Key.OwnerId, Count = g.Count() }).ToListAsync();
        Assert.Equal(
            [("Assigned", (string?)"dach-jr-2", Capacity), ("Unassigned", null, RowCount - Capacity)],
            stored.Select(s => (s.Stage.ToString(), s.OwnerId, s.Count)).OrderBy(s => s.Item1));
        Assert.Equal(Capacity, await db.RepStates.Where(r => r.RepId == "dach-jr-2").Select(r => r.OpenLeads).SingleAsync());
    }
}
