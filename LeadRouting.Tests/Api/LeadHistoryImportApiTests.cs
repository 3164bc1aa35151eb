using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using LeadRouting.Core.Leads;
using LeadRouting.Web.Api;
using LeadRouting.Web.Data;
using LeadRouting.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Api;

/// <summary>
/// <c>POST /api/leads/import?mode=history</c>: a CRM's past stored as it was — own receipt, owner from the roster, status
/// and closure, first touch — without routing, clocks, tasks or notifications, and feeding the reports. Real SQLite
/// file, real HTTP; the test host's clock is Monday 30 Nov 2026 and its database has no leads, so the reports over
/// June–September 2026 show exactly the imported past.
/// </summary>
public sealed class LeadHistoryImportApiTests(LeadRoutingApiFactory noLeads) : IClassFixture<LeadRoutingApiFactory>, IDisposable
{
    private const string ImportUrl = "/api/leads/import";
    private const string Period = "from=2026-06-01&to=2026-10-01";

    /// <summary>
    /// A Salesforce lead export (US format) as exported. Owners by exact name (Clara Fischer = dach-mid-1), by email
    /// (dach-mid-2) and by id (uki-mid-1); "Max Mustermann" is nobody here (twice, in two spellings). Lena is in it twice,
    /// months apart (line 9): two records of the CRM.
    /// </summary>
    private const string SalesforceHistory =
        "Lead ID,First Name,Last Name,Email,Company,No. of Employees,Country,Lead Source,Created Date,Lead Owner,Lead Status,Converted Date,First Activity Date,Loss Reason\n" +
        "00Q1,Lena,Vogt,lena@brightlabs.de,Brightlabs GmbH,350,Germany,Web,06/02/2026 9:30 AM,Clara Fischer,Closed - Converted,06/20/2026,06/02/2026 9:34 AM,\n" +
        "00Q2,Tom,Baker,tom@northwind.co.uk,Northwind,250,United Kingdom,Web,06/03/2026 10:00 AM,uki-mid-1,Closed - Not Converted,,06/03/2026 1:00 PM,Budget frozen\n" +
        "00Q3,Eve,Stone,eve@acme.io,Acme Inc.,\"5,000\",USA,Trade Show,07/01/2026 11:00 AM,dach-mid-2@leadrouting.demo,Closed - Converted,07/30/2026,07/01/2026 11:20 AM,\n" +
        "00Q4,Jan,Kowalski,jan@wisla.pl,Wisla SA,120,Poland,Trade Show,07/02/2026 9:00 AM,Clara Fischer,Closed - Not Converted,,,No project\n" +
        "00Q5,Ola,Nordmann,ola@fjord.no,Fjord AS,80,Norway,Web,08/03/2026 8:00 AM,Max Mustermann,Closed - Converted,08/10/2026,,\n" +
        "00Q6,Mia,Lang,mia@lumen.de,Lumen AG,\"1,200\",Germany,Web,08/04/2026 8:00 AM,max mustermann,Working - Contacted,,08/04/2026 9:00 AM,\n" +
        "00Q7,Paul,Roth,paul@kraft.at,Kraft GmbH,60,Austria,Web,09/01/2026 10:00 AM,Clara Fischer,Working - Contacted,,09/01/2026 10:02 AM,\n" +
        "00Q8,Lena,Vogt,lena@brightlabs.de,Brightlabs GmbH,350,Germany,Web,09/15/2026 10:00 AM,Clara Fischer,Open - Not Contacted,,,\n";

    /// <summary>A test that stores leads gets an app of its own (started when the test first uses it).</summary>
    private readonly LeadRoutingApiFactory _factory = new();

    /// <summary>
    /// Refused files share the class's app: none of them stores a lead (the unknown modes check that nothing at all
    /// changes), so each finds the database without leads, and none pays for an app start of its own.
    /// </summary>
    private readonly LeadRoutingApiFactory _noLeads = noLeads;

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

    private Task<LeadRoutingDbContext> DbAsync() => DbAsync(_factory);

    private static async Task<LeadRoutingDbContext> DbAsync(LeadRoutingApiFactory app) =>
        await app.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();

    /// <summary>Rows of every table an import writes to, or that routing moves.</summary>
    private static async Task<string> StoredStateAsync(LeadRoutingApiFactory app)
    {
        await using var db = await DbAsync(app);
        var loads = await db.RepStates.OrderBy(r => r.RepId).Select(r => r.RepId + ":" + r.OpenLeads).ToListAsync();
        var passes = await db.RoundRobinPasses.OrderBy(p => p.PoolKey).ThenBy(p => p.RepId).Select(p => p.PoolKey + "/" + p.RepId + ":" + p.Pass).ToListAsync();
        return $"leads={await db.Leads.CountAsync()} signals={await db.Signals.CountAsync()} decisions={await db.Decisions.CountAsync()} " +
            $"audit={await db.AuditEvents.CountAsync()} outbox={await db.Outbox.CountAsync()} notifications={await db.NotificationDeliveries.CountAsync()} " +
            $"tasks={await db.LeadTasks.CountAsync()} accounts={await db.Accounts.CountAsync()} pools={await db.RoundRobinPools.CountAsync()} " +
            $"loads=[{string.Join(",", loads)}] passes=[{string.Join(",", passes)}]";
    }

    private static Dictionary<string, (int Assigned, int Closed, int Won)> Rows(JsonNode report, string property) =>
        report[property]!.AsArray().ToDictionary(
            r => (string)r!["key"]!,
            r => ((int)r!["assigned"]!, (int)r["closed"]!, (int)r["won"]!));

    private async Task<int> OpenLeadsOfAsync(string repId)
    {
        await using var db = await DbAsync();
        return await db.RepStates.Where(r => r.RepId == repId).Select(r => r.OpenLeads).SingleOrDefaultAsync();
    }

    [Fact]
    public async Task A_Salesforce_history_import_feeds_conversion_and_speed_to_lead_with_exactly_the_imported_past()
    {
        var client = _factory.CreateApiClient(ApiScopes.Ingest, ApiScopes.Read);
        var before = (await client.GetFromJsonAsync<JsonObject>($"/api/reports/conversion?{Period}"))!;
        Assert.Equal(0, (int)before["overall"]!["assigned"]!);

        var summary = await OkAsync(await client.PostAsync($"{ImportUrl}?mode=history&locale=en-US", Form(SalesforceHistory)));

        Assert.Equal("history", (string)summary["mode"]!);
        Assert.Equal((8, 8, 0, 0, 0), ((int)summary["rows"]!, (int)summary["created"]!, (int)summary["merged"]!, (int)summary["replayed"]!, (int)summary["rejected"]!));

        // Conversion counts leads a rep had: the six rows whose owner is a rep here; won = converted, closed = won or lost.
        var conversion = (await client.GetFromJsonAsync<JsonObject>($"/api/reports/conversion?{Period}"))!;
        Assert.Equal((6, 4, 2), ((int)conversion["overall"]!["assigned"]!, (int)conversion["overall"]!["closed"]!, (int)conversion["overall"]!["won"]!));
        Assert.Equal(
            new Dictionary<string, (int, int, int)> { ["ContactSales"] = (4, 2, 1), ["EventBadgeScan"] = (2, 2, 1) },
            Rows(conversion, "bySource"));
        Assert.Equal(
            new Dictionary<string, (int, int, int)> { ["dach-mid-1"] = (4, 2, 1), ["dach-mid-2"] = (1, 1, 1), ["uki-mid-1"] = (1, 1, 0) },
            Rows(conversion, "byRep"));
        Assert.Equal("Clara Fischer", (string)conversion["byRep"]!.AsArray().Single(r => (string)r!["key"]! == "dach-mid-1")!["name"]!);

        // Speed to lead: from the row's own receipt to its first activity (4 min, 3 h, 20 min, none, 2 min, none).
        var speed = (await client.GetFromJsonAsync<JsonObject>($"/api/reports/speed-to-lead?{Period}"))!;
        var buckets = Rows(speed, "buckets").Where(b => b.Value.Assigned > 0).ToDictionary();
        Assert.Equal(
            new Dictionary<string, (int, int, int)>
            {
                ["Under5Minutes"] = (2, 1, 1), ["From5To30Minutes"] = (1, 1, 1), ["From1To4Hours"] = (1, 1, 0), ["Never"] = (2, 1, 0),
            },
            buckets);
    }

    [Fact]
    public async Task History_rows_are_stored_as_they_were_without_routing_clocks_tasks_or_notifications()
    {
        var client = _factory.CreateApiClient(ApiScopes.Ingest, ApiScopes.Read);
        var claraBefore = await OpenLeadsOfAsync("dach-mid-1");

        var summary = await OkAsync(await client.PostAsync($"{ImportUrl}?mode=history&locale=en-US", Form(SalesforceHistory)));

        await using var db = await DbAsync();
        var leads = await db.Leads.AsNoTracking().ToDictionaryAsync(l => l.ExternalId!);
        Assert.Equal(8, leads.Count);
        Assert.Equal(0, await db.Outbox.CountAsync());
        Assert.Equal(0, await db.LeadTasks.CountAsync());
        Assert.Equal(0, await db.Decisions.CountAsync());
        Assert.Equal(0, await db.RoundRobinPasses.CountAsync());
        Assert.All(leads.Values, l => Assert.Null(l.RespondBy));
        Assert.All(leads.Values, l => Assert.Null(l.EscalateAt));

        var won = leads["00Q1"];
        Assert.Equal((LeadStage.Converted, "dach-mid-1", "dach"), (won.Stage, won.OwnerId, won.TeamId));
        Assert.Equal(won.ReceivedAt, won.AssignedAt);
        Assert.Equal(TimeSpan.FromMinutes(4), won.FirstTouchAt - won.ReceivedAt);
        Assert.Equal(new DateTime(2026, 6, 20), won.ClosedAt!.Value.ToOffset(TimeSpan.FromHours(2)).DateTime.Date);

        // A lost row keeps its reason where an outcome's reason lives, its Outcome event; without a closed date it
        // closed at its first touch, else at its receipt.
        var lost = leads["00Q2"];
        Assert.Equal((LeadStage.Disqualified, lost.FirstTouchAt), (lost.Stage, lost.ClosedAt));
        var outcome = await db.AuditEvents.SingleAsync(e => e.LeadId == lost.Id && e.Type == "Outcome");
        Assert.Contains("Budget frozen", outcome.Detail, StringComparison.Ordinal);
        Assert.Equal(leads["00Q4"].ReceivedAt, leads["00Q4"].ClosedAt);
        Assert.Equal("uki-mid-1", lost.OwnerId);
        Assert.Equal("dach-mid-2", leads["00Q3"].OwnerId);

        // An unknown owner: the row is stored without one (an open row waits in the Unassigned queue), never guessed.
        Assert.Equal((LeadStage.Converted, null), (leads["00Q5"].Stage, leads["00Q5"].OwnerId));
        Assert.Equal((LeadStage.Unassigned, null), (leads["00Q6"].Stage, leads["00Q6"].OwnerId));
        var unknown = summary["unknownOwners"]!.AsArray();
        Assert.Equal("""[{"owner":"Max Mustermann","rows":2}]""", unknown.ToJsonString());
        var valid = summary["validOwners"]!.AsArray();
        Assert.Equal(28, valid.Count);
        Assert.Contains(valid, r => (string)r!["id"]! == "dach-mid-1" && (string)r["name"]! == "Clara Fischer" && (string)r["email"]! == "dach-mid-1@leadrouting.demo");

        // The same person twice in the export, months apart: two records, as in the CRM; the open ones count in Clara's load.
        Assert.NotEqual(leads["00Q1"].Id, leads["00Q8"].Id);
        Assert.Equal(LeadStage.Assigned, leads["00Q8"].Stage);
        Assert.Equal(LeadStage.Contacted, leads["00Q7"].Stage);
        Assert.Equal(claraBefore + 2, await OpenLeadsOfAsync("dach-mid-1"));
    }

    [Fact]
    public async Task A_history_dry_run_counts_what_the_import_stores_and_stores_nothing()
    {
        var client = _factory.CreateApiClient(ApiScopes.Ingest);
        var before = await StoredStateAsync(_factory);

        var dryRun = await OkAsync(await client.PostAsync($"{ImportUrl}?dryRun=true&mode=history&locale=en-US", Form(SalesforceHistory)));

        Assert.Equal(before, await StoredStateAsync(_factory));
        Assert.True((bool)dryRun["dryRun"]!);
        Assert.Equal("history", (string)dryRun["mode"]!);
        Assert.Equal((8, 8, 0), ((int)dryRun["rows"]!, (int)dryRun["created"]!, (int)dryRun["rejected"]!));
        var outcomes = dryRun["outcomes"]!.AsObject().Where(o => (int)o.Value! > 0).ToDictionary(o => o.Key, o => (int)o.Value!);
        Assert.Equal(
            new Dictionary<string, int> { ["Converted"] = 3, ["Disqualified"] = 2, ["Unassigned"] = 1, ["Contacted"] = 1, ["Assigned"] = 1 },
            outcomes);
        Assert.Equal("""[{"owner":"Max Mustermann","rows":2}]""", dryRun["unknownOwners"]!.ToJsonString());

        var import = await OkAsync(await client.PostAsync($"{ImportUrl}?mode=history&locale=en-US", Form(SalesforceHistory)));
        Assert.Equal((int)dryRun["created"]!, (int)import["created"]!);
        await using var db = await DbAsync();
        var stages = await db.Leads.GroupBy(l => l.Stage).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key.ToString(), g => g.Count);
        Assert.Equal(outcomes.OrderBy(o => o.Key), stages.OrderBy(s => s.Key));
    }

    [Fact]
    public async Task History_rows_whose_dates_contradict_them_are_rejected_naming_the_field()
    {
        var client = _noLeads.CreateApiClient(ApiScopes.Ingest);

        var summary = await OkAsync(await client.PostAsync($"{ImportUrl}?mode=history", Form(
            "email,source,receivedAt,status,closedAt,firstTouchAt\n" +
            "a@example.com,ContactSales,2026-06-01T10:00:00Z,Won,2026-05-01T10:00:00Z,\n" +
            "b@example.com,ContactSales,2026-06-01T10:00:00Z,Working - Contacted,2026-06-05T10:00:00Z,\n" +
            "c@example.com,ContactSales,2026-06-01T10:00:00Z,Lost,,2026-05-31T10:00:00Z\n" +
            "d@example.com,ContactSales,,Lost,,\n" +
            "e@example.com,ContactSales,2026-06-01T10:00:00Z,Maybe,,\n")));

        Assert.Equal((5, 0, 5), ((int)summary["rows"]!, (int)summary["created"]!, (int)summary["rejected"]!));
        var fields = summary["errors"]!.AsArray().ToDictionary(e => (int)e!["line"]!, e => e!["errors"]!.AsObject().Select(f => f.Key).Order().ToList());
        Assert.Equal(["closedAt"], fields[2]);
        Assert.Equal(["closedAt"], fields[3]);
        Assert.Equal(["firstTouchAt"], fields[4]);
        Assert.Equal(["receivedAt"], fields[5]);
        Assert.Equal(["status"], fields[6]);
    }

    [Fact]
    public async Task A_history_import_without_a_received_date_column_is_400_naming_receivedAt()
    {
        var client = _noLeads.CreateApiClient(ApiScopes.Ingest);

        var response = await client.PostAsync($"{ImportUrl}?mode=history", Form("Email,Lead Source,Lead Owner\nmia@lumen.de,Web,Clara Fischer\n"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(["receivedAt"], problem["errors"]!.AsObject().Select(e => e.Key));
    }

    [Theory]
    [InlineData("replay")]
    [InlineData("1")]
    [InlineData("")]
    public async Task An_unknown_mode_is_400_naming_mode_and_nothing_is_stored(string mode)
    {
        var client = _noLeads.CreateApiClient(ApiScopes.Ingest);
        var before = await StoredStateAsync(_noLeads);

        var response = await client.PostAsync($"{ImportUrl}?mode={mode}", Form("email,source\nmia@lumen.de,DemoRequest\n"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(["mode"], problem["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(before, await StoredStateAsync(_noLeads));
    }

    [Fact]
    public async Task A_route_import_still_ignores_history_columns_and_says_why()
    {
        var client = _factory.CreateApiClient(ApiScopes.Ingest);

        var summary = await OkAsync(await client.PostAsync($"{ImportUrl}?mode=route&locale=en-US", Form(SalesforceHistory)));

        Assert.Null(summary["mode"]);
        Assert.Null(summary["unknownOwners"]);
        var ignored = summary["ignored"]!.AsArray().ToDictionary(i => (string)i!["header"]!, i => (string)i!["reason"]!);
        Assert.Equal("used only by mode=history", ignored["Lead Owner"]);
    }
}
