using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using LeadRouting.Web.Api;
using LeadRouting.Web.Data;
using LeadRouting.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Api;

/// <summary>
/// POST /api/leads/import with CRM exports taken as exported (Salesforce, HubSpot): headers mapped, values read the
/// CRM's way, unknown and history columns reported, a <c>mapping</c> part overriding, and <c>?dryRun=true</c> storing
/// nothing while answering what the import would do. Real SQLite file, real HTTP.
/// </summary>
public sealed class LeadImportExportApiTests(LeadRoutingApiFactory unchanged) : IClassFixture<LeadRoutingApiFactory>, IDisposable
{
    private const string ImportUrl = "/api/leads/import";

    /// <summary>
    /// A Salesforce lead export in German number and date format: six rows, of which line 5 is Lena again (four days
    /// later), line 6 has a country no table knows and line 7 a date that does not exist.
    /// </summary>
    private const string SalesforceExport =
        "Lead ID,First Name,Last Name,Title,Company,Email,No. of Employees,Country,Lead Source,Created Date,Lead Status,Lead Owner\n" +
        "00Q5g00000AbCdE,Lena,Vogt,Head of Sales,Brightlabs GmbH,lena.vogt@brightlabs.de,1.054,Germany,Web,20.10.2016,Open - Not Contacted,Anna Schmidt\n" +
        "00Q5g00000AbCdF,Tom,Baker,CTO,Northwind Partners,tom@northwind.co.uk,250,United Kingdom,Partner Referral,21.10.2016,Working - Contacted,Max Weber\n" +
        "00Q5g00000AbCdG,Eve,Stone,CEO,Acme Inc.,eve@acme.io,\"5.000\",USA,Organic Search,22.10.2016,Closed - Converted,Anna Schmidt\n" +
        ",Lena,Vogt,Head of Sales,Brightlabs GmbH,lena.vogt@brightlabs.de,1.054,Deutschland,Web,23.10.2016,Open - Not Contacted,\n" +
        "00Q5g00000AbCdH,Ola,Nordmann,COO,Fjord AS,ola@fjord.no,80,Atlantis,Web,24.10.2016,Open - Not Contacted,\n" +
        "00Q5g00000AbCdI,Jan,Kowalski,CFO,Wisla SA,jan@wisla.pl,120,POL,Web,31.02.2016,Open - Not Contacted,\n";

    private const string HubSpotExport =
        "Record ID,First Name,Last Name,Email,Company name,Number of Employees,Country/Region,Original Source,Create Date\n" +
        "5101,Mia,Lang,mia@lumen.de,Lumen AG,1001-5000,Germany,Organic Search,2017-06-23\n" +
        "5102,Paul,Roth,paul@kraft.at,Kraft GmbH,51-200,Austria,Offline sources,2017-06-24 09:30\n" +
        "5103,Sara,Berg,sara@nord.se,Nord AB,\"2,448\",Sweden,Direct traffic,2017-06-25T10:00:00Z\n";

    /// <summary>A test that stores gets an app of its own (started when the test first uses it).</summary>
    private readonly LeadRoutingApiFactory _factory = new();

    /// <summary>
    /// Dry runs and refused imports share the class's app: none of them stores anything (each that could checks it), so
    /// each finds the database as seeded without paying for an app start of its own.
    /// </summary>
    private readonly LeadRoutingApiFactory _unchanged = unchanged;

    public void Dispose() => _factory.Dispose();

    private static MultipartFormDataContent Form(string csv, string? mapping = null)
    {
        var file = new StringContent(csv, Encoding.UTF8);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var form = new MultipartFormDataContent { { file, LeadImportApi.FileField, "export.csv" } };
        if (mapping is not null)
        {
            form.Add(new StringContent(mapping, Encoding.UTF8, "application/json"), LeadImportApi.MappingField);
        }

        return form;
    }

    private static async Task<JsonObject> OkAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    /// <summary>Rows of every table a lead import writes to, or that routing moves.</summary>
    private static async Task<string> StoredStateAsync(LeadRoutingApiFactory app)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        var loads = await db.RepStates.OrderBy(r => r.RepId).Select(r => r.RepId + ":" + r.OpenLeads).ToListAsync();
        var passes = await db.RoundRobinPasses.OrderBy(p => p.PoolKey).ThenBy(p => p.RepId).Select(p => p.PoolKey + "/" + p.RepId + ":" + p.Pass).ToListAsync();
        return $"leads={await db.Leads.CountAsync()} signals={await db.Signals.CountAsync()} decisions={await db.Decisions.CountAsync()} " +
            $"audit={await db.AuditEvents.CountAsync()} outbox={await db.Outbox.CountAsync()} notifications={await db.NotificationDeliveries.CountAsync()} " +
            $"tasks={await db.LeadTasks.CountAsync()} pools={await db.RoundRobinPools.CountAsync()} loads=[{string.Join(",", loads)}] passes=[{string.Join(",", passes)}]";
    }

    private static Dictionary<int, List<string>> FieldsByLine(JsonObject answer) =>
        answer["errors"]!.AsArray().GroupBy(e => (int)e!["line"]!).ToDictionary(g => g.Key, g => g.Select(e => (string)e!["field"]!).ToList());

    /// <summary>The stage of each accepted row's lead, counted per row (a merged row counts its lead again).</summary>
    private async Task<Dictionary<string, int>> StagesOfImportedAsync(JsonObject summary)
    {
        var ids = summary["leads"]!.AsArray().Select(l => (string)l!["leadId"]!).ToList();
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        var stageOf = await db.Leads.Where(l => ids.Contains(l.Id)).ToDictionaryAsync(l => l.Id, l => l.Stage);
        return ids.GroupBy(id => stageOf[id].ToString()).ToDictionary(g => g.Key, g => g.Count());
    }

    [Fact]
    public async Task Salesforce_export_dry_run_answers_counts_and_mapping_and_stores_nothing()
    {
        var client = _unchanged.CreateApiClient(ApiScopes.Ingest);
        var before = await StoredStateAsync(_unchanged);

        var answer = await OkAsync(await client.PostAsync($"{ImportUrl}?dryRun=true&locale=de-DE", Form(SalesforceExport)));

        Assert.Equal(before, await StoredStateAsync(_unchanged));
        Assert.True((bool)answer["dryRun"]!);
        Assert.Equal(6, (int)answer["rows"]!);
        // Line 5 is line 2's person, but received in 2016: outside the dedup window, which counts back from now, so a
        // real import creates it again too (A_dry_run_answers_what_the_import_then_does); merging within a dry run is
        // A_dry_run_of_a_file_of_field_names_maps_each_column_to_itself.
        Assert.Equal(4, (int)answer["created"]!);
        Assert.Equal(0, (int)answer["merged"]!);
        Assert.Equal(0, (int)answer["replayed"]!);
        Assert.Equal(2, (int)answer["rejected"]!);
        var errors = FieldsByLine(answer);
        Assert.Equal([6, 7], errors.Keys.Order());
        Assert.Equal(["country"], errors[6]);
        Assert.Equal(["receivedAt"], errors[7]);
        var atlantis = answer["errors"]!.AsArray().Single(e => (int)e!["line"]! == 6)!;
        Assert.Contains("Atlantis", (string)atlantis["message"]!, StringComparison.Ordinal);

        var outcomes = answer["outcomes"]!.AsObject();
        Assert.Equal(["Assigned", "Unassigned", "ManualReview", "Nurture", "Disqualified"], outcomes.Select(o => o.Key).Take(5));
        Assert.Equal(4, outcomes.Sum(o => (int)o.Value!));

        var mapping = answer["mapping"]!.AsObject().ToDictionary(m => m.Key, m => (string?)m.Value);
        Assert.Equal(
            new Dictionary<string, string?>
            {
                ["Lead ID"] = "externalId", ["First Name"] = "firstName", ["Last Name"] = "lastName", ["Title"] = "title",
                ["Company"] = "company", ["Email"] = "email", ["No. of Employees"] = "employees", ["Country"] = "country",
                ["Lead Source"] = "source", ["Created Date"] = "receivedAt", ["Lead Status"] = "status", ["Lead Owner"] = "owner",
            },
            mapping);
        var ignored = answer["ignored"]!.AsArray().ToDictionary(i => (string)i!["header"]!, i => (string)i!["reason"]!);
        Assert.Equal("used only by mode=history", ignored["Lead Status"]);
        Assert.Equal("used only by mode=history", ignored["Lead Owner"]);
    }

    [Fact]
    public async Task A_dry_run_answers_what_the_import_then_does()
    {
        var client = _factory.CreateApiClient(ApiScopes.Ingest);

        var dryRun = await OkAsync(await client.PostAsync($"{ImportUrl}?dryRun=true&locale=de-DE", Form(SalesforceExport)));
        var import = await OkAsync(await client.PostAsync($"{ImportUrl}?locale=de-DE", Form(SalesforceExport)));

        foreach (var count in new[] { "rows", "created", "merged", "replayed", "rejected" })
        {
            Assert.Equal((int)import[count]!, (int)dryRun[count]!);
        }

        // Each routed row counted by the stage its lead ends in.
        var stages = await StagesOfImportedAsync(import);
        var outcomes = dryRun["outcomes"]!.AsObject().Where(o => (int)o.Value! > 0).ToDictionary(o => o.Key, o => (int)o.Value!);
        Assert.Equal(stages.OrderBy(s => s.Key), outcomes.OrderBy(o => o.Key));
        Assert.Equal(dryRun["mapping"]!.ToJsonString(), import["mapping"]!.ToJsonString());
    }

    [Fact]
    public async Task Salesforce_export_import_stores_values_read_the_CRM_way()
    {
        var client = _factory.CreateApiClient(ApiScopes.Ingest, ApiScopes.Read);
        var zone = (await _factory.Preview.PublishedAsync(CancellationToken.None)).Engine.Organisation.DefaultCalendar.TimeZone;

        var summary = await OkAsync(await client.PostAsync($"{ImportUrl}?locale=de-DE", Form(SalesforceExport)));

        var leadId = (string)summary["leads"]!.AsArray().Single(l => (int)l!["line"]! == 2)!["leadId"]!;
        var lead = (await client.GetFromJsonAsync<JsonObject>($"/api/leads/{leadId}"))!["lead"]!;
        Assert.Equal("00Q5g00000AbCdE", (string)lead["externalId"]!);
        Assert.Equal("Head of Sales", (string)lead["title"]!);
        Assert.Equal(1054, (int)lead["employees"]!);
        Assert.Equal("DE", (string)lead["country"]!);
        Assert.Equal("ContactSales", (string)lead["source"]!);
        var dayStart = new DateTime(2016, 10, 20, 0, 0, 0, DateTimeKind.Unspecified);
        var expected = new DateTimeOffset(dayStart, zone.GetUtcOffset(dayStart));
        Assert.Equal(expected, DateTimeOffset.Parse((string)lead["receivedAt"]!, CultureInfo.InvariantCulture));

        var eveId = (string)summary["leads"]!.AsArray().Single(l => (int)l!["line"]! == 4)!["leadId"]!;
        var eve = (await client.GetFromJsonAsync<JsonObject>($"/api/leads/{eveId}"))!["lead"]!;
        Assert.Equal(5000, (int)eve["employees"]!);
        Assert.Equal("US", (string)eve["country"]!);
        Assert.Equal("ContentDownload", (string)eve["source"]!);
    }

    [Fact]
    public async Task HubSpot_export_dry_run_maps_its_headers_bands_and_dates_and_stores_nothing()
    {
        var client = _unchanged.CreateApiClient(ApiScopes.Ingest);
        var before = await StoredStateAsync(_unchanged);

        var answer = await OkAsync(await client.PostAsync($"{ImportUrl}?dryRun=true&locale=en-US", Form(HubSpotExport)));

        Assert.Equal(before, await StoredStateAsync(_unchanged));
        Assert.Equal(3, (int)answer["rows"]!);
        Assert.Equal(3, (int)answer["created"]!);
        Assert.Equal(0, (int)answer["rejected"]!);
        Assert.Empty(answer["errors"]!.AsArray());
        Assert.Equal(3, answer["outcomes"]!.AsObject().Sum(o => (int)o.Value!));
        Assert.Equal(
            """{"Record ID":"externalId","First Name":"firstName","Last Name":"lastName","Email":"email","Company name":"company","Number of Employees":"employees","Country/Region":"country","Original Source":"source","Create Date":"receivedAt"}""",
            answer["mapping"]!.ToJsonString());
        Assert.Empty(answer["ignored"]!.AsArray());
    }

    [Fact]
    public async Task Unknown_columns_of_an_export_are_ignored_and_reported_not_fatal()
    {
        var client = _factory.CreateApiClient(ApiScopes.Ingest);

        var summary = await OkAsync(await client.PostAsync(ImportUrl, Form(
            "Email,Lead Source,Phone,Lead Score\nmia@lumen.de,Web,+49 30 1234,87\n")));

        Assert.Equal(1, (int)summary["created"]!);
        var ignored = summary["ignored"]!.AsArray().ToDictionary(i => (string)i!["header"]!, i => (string)i!["reason"]!);
        Assert.Equal(["Phone", "Lead Score"], ignored.Keys);
        Assert.All(ignored.Values, r => Assert.Equal("unknown column", r));
        Assert.Equal("""{"Email":"email","Lead Source":"source","Phone":null,"Lead Score":null}""", summary["mapping"]!.ToJsonString());
    }

    [Fact]
    public async Task A_mapping_part_overrides_the_suggested_mapping()
    {
        var client = _factory.CreateApiClient(ApiScopes.Ingest, ApiScopes.Read);

        var summary = await OkAsync(await client.PostAsync(ImportUrl, Form(
            "Email,Lead Source,Company,Firmenname\nmia@lumen.de,Web,Lumen Holding,Lumen AG\n",
            """{"Company": null, "Firmenname": "company"}""")));

        Assert.Equal("""{"Email":"email","Lead Source":"source","Company":null,"Firmenname":"company"}""", summary["mapping"]!.ToJsonString());
        var leadId = (string)summary["leads"]!.AsArray().Single()!["leadId"]!;
        var lead = (await client.GetFromJsonAsync<JsonObject>($"/api/leads/{leadId}"))!["lead"]!;
        Assert.Equal("Lumen AG", (string)lead["company"]!);
    }

    [Fact]
    public async Task A_mapping_to_a_target_that_does_not_exist_is_400_naming_the_mapping_and_nothing_is_stored()
    {
        var client = _unchanged.CreateApiClient(ApiScopes.Ingest);
        var before = await StoredStateAsync(_unchanged);

        var response = await client.PostAsync(ImportUrl, Form("Email,Lead Source\nmia@lumen.de,Web\n", """{"Email": "emailAddress"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Contains("emailAddress", (string)problem["errors"]!["mapping"]![0]!, StringComparison.Ordinal);
        Assert.Equal(before, await StoredStateAsync(_unchanged));
    }

    [Fact]
    public async Task An_export_without_a_source_column_is_400_naming_source()
    {
        var client = _unchanged.CreateApiClient(ApiScopes.Ingest);

        var response = await client.PostAsync(ImportUrl, Form("Email Address,First Name\nmia@lumen.de,Mia\n"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(["source"], problem["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task A_dry_run_of_a_file_of_field_names_maps_each_column_to_itself()
    {
        var client = _unchanged.CreateApiClient(ApiScopes.Ingest);
        var before = await StoredStateAsync(_unchanged);

        var answer = await OkAsync(await client.PostAsync($"{ImportUrl}?dryRun=true", Form("email,source\nmia@lumen.de,DemoRequest\nmia@lumen.de,PricingPageVisit\n")));

        Assert.Equal(before, await StoredStateAsync(_unchanged));
        Assert.Equal(1, (int)answer["created"]!);
        Assert.Equal(1, (int)answer["merged"]!);
        Assert.Equal("""{"email":"email","source":"source"}""", answer["mapping"]!.ToJsonString());
    }
}
