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
/// What an import promises as a whole (issue 16 "Semantics"): all or nothing on request (<c>atomic=true</c>), partial by
/// default; re-uploading the same file changes nothing and says so, in both modes. Real SQLite file, real HTTP; the outbox dispatcher is off so that nothing but the imports writes.
/// </summary>
public sealed class LeadImportSemanticsTests : IDisposable
{
    private const string ImportUrl = "/api/leads/import";

    /// <summary>
    /// A German export without record ids (so only its rows' own times tell them apart): two of its people were received
    /// in 2016, far outside the dedup window, which counts back from now; one recently.
    /// </summary>
    private const string ExportWithoutIds =
        "Vorname,Nachname,E-Mail,Firma,Mitarbeiter,Land,Quelle,Erstellt am\n" +
        "Lena,Vogt,lena.vogt@brightlabs.de,Brightlabs GmbH,1.054,Deutschland,Web,20.10.2016 09:30\n" +
        "Tom,Baker,tom@northwind.co.uk,Northwind,250,Vereinigtes Königreich,Messe,21.10.2016 10:00\n" +
        "Mia,Lang,mia@lumen.de,Lumen AG,80,Österreich,Web,25.11.2026 10:00\n";

    private const string HistoryWithoutIds =
        "email,source,receivedAt,owner,status,closedAt\n" +
        "lena.vogt@brightlabs.de,ContactSales,2016-10-20T09:30:00Z,Clara Fischer,Won,2016-11-02T00:00:00Z\n" +
        "tom@northwind.co.uk,EventBadgeScan,2016-10-21T10:00:00Z,Somebody Else,Lost,\n" +
        "mia@lumen.de,ContactSales,2026-09-25T10:00:00Z,dach-mid-1,Working - Contacted,\n";

    private readonly LeadRoutingApiFactory _factory = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string> { ["Notifications:DispatcherEnabled"] = "false" });

    public void Dispose() => _factory.Dispose();

    private static MultipartFormDataContent Form(string csv)
    {
        var file = new StringContent(csv, Encoding.UTF8);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return new MultipartFormDataContent { { file, LeadImportApi.FileField, "export.csv" } };
    }

    private static async Task<JsonObject> OkAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    /// <summary>Rows of every table an import writes to, or that routing moves.</summary>
    private async Task<string> StoredStateAsync()
    {
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        var loads = await db.RepStates.OrderBy(r => r.RepId).Select(r => r.RepId + ":" + r.OpenLeads).ToListAsync();
        var passes = await db.RoundRobinPasses.OrderBy(p => p.PoolKey).ThenBy(p => p.RepId).Select(p => p.PoolKey + "/" + p.RepId + ":" + p.Pass).ToListAsync();
        var versions = await db.Leads.OrderBy(l => l.Id).Select(l => l.Id + ":" + l.Version).ToListAsync();
        return $"leads=[{string.Join(",", versions)}] signals={await db.Signals.CountAsync()} decisions={await db.Decisions.CountAsync()} " +
            $"audit={await db.AuditEvents.CountAsync()} outbox={await db.Outbox.CountAsync()} tasks={await db.LeadTasks.CountAsync()} " +
            $"accounts={await db.Accounts.CountAsync()} loads=[{string.Join(",", loads)}] passes=[{string.Join(",", passes)}]";
    }

    [Theory]
    [InlineData("route", ExportWithoutIds, "&locale=de-DE")]
    [InlineData("history", HistoryWithoutIds, "")]
    public async Task Reuploading_the_same_file_changes_nothing_and_says_so(string mode, string csv, string options)
    {
        var client = _factory.CreateApiClient(ApiScopes.Ingest);
        var first = await OkAsync(await client.PostAsync($"{ImportUrl}?mode={mode}{options}", Form(csv)));
        Assert.Equal((3, 0), ((int)first["created"]!, (int)first["rejected"]!));
        Assert.Null(first["unchanged"]);
        Assert.Null(first["message"]);
        var stored = await StoredStateAsync();

        var again = await OkAsync(await client.PostAsync($"{ImportUrl}?mode={mode}{options}", Form(csv)));

        Assert.Equal(stored, await StoredStateAsync());
        Assert.Equal((3, 0, 0, 3), ((int)again["rows"]!, (int)again["created"]!, (int)again["merged"]!, (int)again["replayed"]!));
        Assert.True((bool)again["unchanged"]!);
        Assert.Equal("All 3 rows were already imported; nothing changed.", (string)again["message"]!);

        var dryRun = await OkAsync(await client.PostAsync($"{ImportUrl}?mode={mode}&dryRun=true{options}", Form(csv)));
        Assert.True((bool)dryRun["unchanged"]!);
        Assert.Equal("All 3 rows were already imported; nothing would change.", (string)dryRun["message"]!);
    }

    [Fact]
    public async Task A_reupload_with_rejected_rows_counts_them_in_its_message()
    {
        var client = _factory.CreateApiClient(ApiScopes.Ingest);
        var csv = "externalId,email,source\nx-1,ann@example.com,DemoRequest\nx-2,not-an-email,DemoRequest\n";
        await OkAsync(await client.PostAsync(ImportUrl, Form(csv)));

        var again = await OkAsync(await client.PostAsync(ImportUrl, Form(csv)));

        Assert.True((bool)again["unchanged"]!);
        Assert.Equal("1 of 2 rows were already imported, 1 rejected (see errors); nothing changed.", (string)again["message"]!);
    }

    private const string OneBadRow =
        "externalId,email,source,country,receivedAt,status\n" +
        "a-1,ann@example.com,DemoRequest,DE,2026-09-01T10:00:00Z,Won\n" +
        "a-2,bob@example.com,Webinar,Atlantis,2026-09-02T10:00:00Z,Lost\n" +
        "a-3,cem@example.com,ContactSales,GB,2026-09-03T10:00:00Z,Working - Contacted\n";

    [Theory]
    [InlineData("route")]
    [InlineData("history")]
    public async Task An_atomic_import_with_a_rejected_row_is_422_and_stores_nothing(string mode)
    {
        var client = _factory.CreateApiClient(ApiScopes.Ingest);
        var before = await StoredStateAsync();

        // Without the status column, which a route import of field names does not know.
        var csv = string.Join('\n', OneBadRow.Split('\n').Select(line => line.Length == 0 ? line : line[..line.LastIndexOf(',')]));
        var response = await client.PostAsync($"{ImportUrl}?atomic=true&mode={mode}", Form(csv));

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"{response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await StoredStateAsync());
        var problem = JsonNode.Parse(body)!.AsObject();
        Assert.Equal((3, 2, 1), ((int)problem["rows"]!, (int)problem["created"]!, (int)problem["rejected"]!));
        var error = Assert.Single(problem["errors"]!.AsArray())!;
        Assert.Equal((3, "country"), ((int)error["line"]!, (string)error["field"]!));
        Assert.Contains("Atlantis", (string)error["message"]!, StringComparison.Ordinal);
        Assert.Equal(2, problem["outcomes"]!.AsObject().Sum(o => (int)o.Value!));
        Assert.Equal(mode == "history" ? "history" : null, (string?)problem["mode"]);
    }

    [Fact]
    public async Task An_atomic_import_without_rejected_rows_stores_every_row()
    {
        var client = _factory.CreateApiClient(ApiScopes.Ingest);
        var csv = OneBadRow.Replace("Atlantis", "FR", StringComparison.Ordinal);

        var summary = await OkAsync(await client.PostAsync($"{ImportUrl}?atomic=true&mode=history", Form(csv)));

        Assert.Equal((3, 3, 0), ((int)summary["rows"]!, (int)summary["created"]!, (int)summary["rejected"]!));
        Assert.Equal([2, 3, 4], summary["leads"]!.AsArray().Select(l => (int)l!["line"]!));
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        Assert.Equal(["a-1", "a-2", "a-3"], await db.Leads.OrderBy(l => l.ExternalId).Select(l => l.ExternalId!).ToListAsync());
    }

    [Fact]
    public async Task Without_atomic_an_import_stores_the_good_rows_and_reports_the_bad_one()
    {
        var client = _factory.CreateApiClient(ApiScopes.Ingest);

        var summary = await OkAsync(await client.PostAsync($"{ImportUrl}?mode=history", Form(OneBadRow)));

        Assert.Equal((3, 2, 1), ((int)summary["rows"]!, (int)summary["created"]!, (int)summary["rejected"]!));
    }

    [Fact]
    public async Task An_atomic_value_that_is_not_a_boolean_is_400_naming_atomic()
    {
        var client = _factory.CreateApiClient(ApiScopes.Ingest);

        var response = await client.PostAsync($"{ImportUrl}?atomic=yes", Form(OneBadRow));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(["atomic"], problem["errors"]!.AsObject().Select(e => e.Key));
    }
}
