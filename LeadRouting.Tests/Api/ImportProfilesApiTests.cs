using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using LeadRouting.Web.Api;
using LeadRouting.Web.Data;
using LeadRouting.Web.Leads;
using LeadRouting.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Api;

/// <summary>
/// Import profiles: saved over the API (admin scope) or the page (Ops only), used by
/// <c>POST /api/leads/import?profile=NAME</c> — their mapping for the columns the file has, their locale unless the
/// request names one, a <c>mapping</c> part overriding them per column — and an unknown profile refused naming
/// <c>profile</c>. Real SQLite file, real HTTP.
/// </summary>
public sealed class ImportProfilesApiTests(LeadRoutingApiFactory noProfiles) : IClassFixture<LeadRoutingApiFactory>, IDisposable
{
    private const string ImportUrl = "/api/leads/import";

    /// <summary>A Salesforce export with the country in a custom field no header table knows, and German thousands.</summary>
    private const string Export =
        "Lead ID,Email,Company,No. of Employees,Country__c,Lead Source\n" +
        "00Q1,lena@brightlabs-profile.de,Brightlabs GmbH,\"1.054\",Germany,Web\n" +
        "00Q2,tom@northwind-profile.co.uk,Northwind,250,United Kingdom,Partner Referral\n";

    /// <summary>A test that saves a profile or imports gets an app of its own (started when the test first uses it).</summary>
    private readonly LeadRoutingApiFactory _factory = new();

    /// <summary>Refused profiles share the class's app: none is saved (each checks that the list stays empty).</summary>
    private readonly LeadRoutingApiFactory _noProfiles = noProfiles;

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

    private static async Task<JsonObject> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    private async Task SaveSalesforceProfileAsync(HttpClient admin)
    {
        var saved = await admin.PutAsJsonAsync($"{ImportProfilesApi.Path}/Salesforce DE", new
        {
            mapping = new Dictionary<string, string?> { ["Country__c"] = "country", ["Lead Owner"] = "owner" },
            locale = "de-DE",
            mode = "route",
        });
        await JsonAsync(saved, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Import_with_a_profile_maps_its_columns_and_reads_its_locale()
    {
        await SaveSalesforceProfileAsync(_factory.CreateApiClient(ApiScopes.Admin));
        var ingest = _factory.CreateApiClient(ApiScopes.Ingest);

        var answer = await JsonAsync(await ingest.PostAsync($"{ImportUrl}?profile=salesforce%20de&dryRun=true", Form(Export)), HttpStatusCode.OK);

        // Without the profile Country__c is ignored and "1.054" is refused as ambiguous; with it, both read.
        Assert.Equal("country", (string?)answer["mapping"]!["Country__c"]);
        Assert.Equal(2, (int)answer["created"]!);
        Assert.Equal(0, (int)answer["rejected"]!);

        // The profile names a column (Lead Owner) this export does not have: it is left out, not refused.
        Assert.False(answer["mapping"]!.AsObject().ContainsKey("Lead Owner"));
    }

    [Fact]
    public async Task A_history_profile_imports_in_history_mode_unless_the_request_names_a_mode()
    {
        const string history =
            "Lead ID,Email,Company,Country__c,Lead Source,Created Date,Lead Status\n" +
            "00QH1,ria@history-profile.de,Historia GmbH,Germany,Web,20.10.2016,Closed - Converted\n";
        var saved = await _factory.CreateApiClient(ApiScopes.Admin).PutAsJsonAsync($"{ImportProfilesApi.Path}/CRM history", new
        {
            mapping = new Dictionary<string, string?> { ["Country__c"] = "country" },
            locale = "de-DE",
            mode = "history",
        });
        await JsonAsync(saved, HttpStatusCode.OK);
        var ingest = _factory.CreateApiClient(ApiScopes.Ingest);

        var asHistory = await JsonAsync(await ingest.PostAsync($"{ImportUrl}?profile=CRM%20history&dryRun=true", Form(history)), HttpStatusCode.OK);
        var asRoute = await JsonAsync(await ingest.PostAsync($"{ImportUrl}?profile=CRM%20history&dryRun=true&mode=route", Form(history)), HttpStatusCode.OK);

        Assert.Equal("history", (string?)asHistory["mode"]);
        Assert.Equal("status", (string?)asHistory["mapping"]!["Lead Status"]);
        Assert.Null(asRoute["mode"]);
        Assert.Contains(asRoute["ignored"]!.AsArray(), i => (string?)i!["header"] == "Lead Status");
    }

    [Fact]
    public async Task A_mapping_part_beside_a_profile_overrides_it_per_column_and_a_locale_in_the_query_wins()
    {
        await SaveSalesforceProfileAsync(_factory.CreateApiClient(ApiScopes.Admin));
        var ingest = _factory.CreateApiClient(ApiScopes.Ingest);

        var answer = await JsonAsync(
            await ingest.PostAsync($"{ImportUrl}?profile=Salesforce%20DE&dryRun=true&locale=en-US", Form(Export, "{\"Country__c\": null}")),
            HttpStatusCode.OK);

        Assert.Null((string?)answer["mapping"]!["Country__c"]);
        Assert.Equal("employees", (string?)answer["mapping"]!["No. of Employees"]);

        // en-US reads "1.054" as 1.054 employees, which is not a whole number: the query's locale was used, not de-DE.
        var error = Assert.Single(answer["errors"]!.AsArray());
        Assert.Equal(2, (int)error!["line"]!);
        Assert.Equal("employees", (string)error["field"]!);
    }

    [Fact]
    public async Task An_unknown_profile_is_a_400_naming_profile_and_nothing_is_stored()
    {
        await SaveSalesforceProfileAsync(_factory.CreateApiClient(ApiScopes.Admin));
        var ingest = _factory.CreateApiClient(ApiScopes.Ingest);

        var problem = await JsonAsync(await ingest.PostAsync($"{ImportUrl}?profile=HubSpot", Form(Export)), HttpStatusCode.BadRequest);

        var message = (string)problem["errors"]![ImportProfiles.ProfileParameter]![0]!;
        Assert.Contains("'HubSpot'", message, StringComparison.Ordinal);
        Assert.Contains("'Salesforce DE'", message, StringComparison.Ordinal);
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await db.Leads.CountAsync());
    }

    [Fact]
    public async Task Profiles_are_listed_replaced_and_deleted_with_the_admin_scope_only()
    {
        var admin = _factory.CreateApiClient(ApiScopes.Admin);
        var ingest = _factory.CreateApiClient(ApiScopes.Ingest);

        Assert.Equal(HttpStatusCode.Forbidden, (await ingest.PutAsJsonAsync($"{ImportProfilesApi.Path}/Mine", new { mapping = new Dictionary<string, string?>() })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ingest.GetAsync(ImportProfilesApi.Path)).StatusCode);

        await SaveSalesforceProfileAsync(admin);
        var replaced = await JsonAsync(
            await admin.PutAsJsonAsync($"{ImportProfilesApi.Path}/SALESFORCE DE", new { mapping = new Dictionary<string, string?> { ["Country__c"] = null } }),
            HttpStatusCode.OK);
        Assert.Equal("SALESFORCE DE", (string)replaced["name"]!);
        Assert.Null((string?)replaced["locale"]);
        var list = JsonNode.Parse(await admin.GetStringAsync(ImportProfilesApi.Path))!.AsArray();
        Assert.Equal("SALESFORCE DE", (string)Assert.Single(list)!["name"]!);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"{ImportProfilesApi.Path}/salesforce de")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"{ImportProfilesApi.Path}/salesforce de")).StatusCode);
        Assert.Empty(JsonNode.Parse(await admin.GetStringAsync(ImportProfilesApi.Path))!.AsArray());
    }

    [Theory]
    [InlineData("{\"mapping\": {\"Country__c\": \"land\"}}", "mapping")]
    [InlineData("{\"mapping\": {\"A\": \"email\", \"B\": \"email\"}}", "mapping")]
    [InlineData("{\"mapping\": {}, \"locale\": \"xx-nowhere\"}", "locale")]
    [InlineData("{\"mapping\": {}, \"mode\": \"replay\"}", "mode")]
    [InlineData("{\"locale\": \"de-DE\"}", "mapping")]
    public async Task A_bad_profile_is_a_400_naming_the_field_and_is_not_saved(string body, string field)
    {
        var admin = _noProfiles.CreateApiClient(ApiScopes.Admin);

        var problem = await JsonAsync(
            await admin.PutAsync($"{ImportProfilesApi.Path}/Broken", new StringContent(body, Encoding.UTF8, "application/json")),
            HttpStatusCode.BadRequest);

        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), problem.ToJsonString());
        Assert.Empty(JsonNode.Parse(await admin.GetStringAsync(ImportProfilesApi.Path))!.AsArray());
    }

    [Fact]
    public async Task Only_Ops_may_save_or_delete_a_profile_from_the_page()
    {
        var profiles = _factory.Services.GetRequiredService<ImportProfiles>();
        var profile = new ImportProfile { Name = "HubSpot", Mapping = new Dictionary<string, string?> { ["Record ID"] = "externalId" } };
        var manager = new SignedInUser("m", "Manager", "manager@example.com", [LeadRoutingRoles.Manager], null);
        var ops = new SignedInUser("o", "Ops", "ops@example.com", [LeadRoutingRoles.Ops], null);

        Assert.False((await profiles.SaveAsync(manager, profile, CancellationToken.None)).Succeeded);
        Assert.False((await profiles.SaveAsync(null, profile, CancellationToken.None)).Succeeded);
        Assert.Empty(await profiles.ListAsync(CancellationToken.None));

        Assert.True((await profiles.SaveAsync(ops, profile, CancellationToken.None)).Succeeded);
        Assert.False((await profiles.DeleteAsync(manager, "HubSpot", CancellationToken.None)).Succeeded);
        Assert.Equal("externalId", (await profiles.FindAsync("hubspot", CancellationToken.None))!.Mapping["Record ID"]);
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        Assert.Contains(await db.AuditEvents.Select(a => a.Type + " " + a.Actor).ToListAsync(), a => a == "ImportProfileSaved ops@example.com");
    }
}
