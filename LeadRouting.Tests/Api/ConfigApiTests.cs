using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using LeadRouting.Web.Data;
using LeadRouting.Web.Routing;
using LeadRouting.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Api;

/// <summary>GET /api/config, PUT /api/config/draft, POST /api/config/publish.</summary>
/// <remarks>
/// The tests share one app for the class, and none leaves a draft behind; the one that counts versions and decisions
/// from the first published version on starts an app of its own.
/// </remarks>
public sealed class ConfigApiTests(LeadRoutingApiFactory factory) : IClassFixture<LeadRoutingApiFactory>
{
    private readonly LeadRoutingApiFactory _factory = factory;

    private static StringContent Json(JsonNode node) => new(node.ToJsonString(), Encoding.UTF8, "application/json");

    [Fact]
    public async Task Config_endpoints_need_the_admin_scope()
    {
        var ingest = _factory.CreateApiClient(ApiScopes.Ingest, ApiScopes.Read);
        Assert.Equal(HttpStatusCode.Forbidden, (await ingest.GetAsync("/api/config")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ingest.PostAsync("/api/config/publish", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _factory.CreateClient().GetAsync("/api/config")).StatusCode);
    }

    [Fact]
    public async Task Draft_then_publish_creates_a_new_version_that_routes_the_next_lead()
    {
        using var app = new LeadRoutingApiFactory();
        var admin = app.CreateApiClient(ApiScopes.Admin, ApiScopes.Read);
        var current = (await admin.GetFromJsonAsync<JsonObject>("/api/config"))!;
        Assert.Equal(1, (int)current["version"]!);
        var document = current["configuration"]!.DeepClone();

        // Only a perfect score is a strong fit now: the demo request below becomes SDR work instead of AE work.
        document["policy"]!["fit"]!["strongThreshold"] = 100;
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync("/api/config/draft", Json(document))).StatusCode);

        var lead = new JsonObject { ["email"] = "a@brightlabs.de", ["employees"] = 350, ["industry"] = "Software", ["country"] = "DE", ["source"] = "DemoRequest" };
        var before = (await (await admin.PostAsJsonAsync("/api/routing/preview", lead)).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("AeImmediate", (string)before["action"]!);

        var published = await admin.PostAsync("/api/config/publish", null);
        Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        Assert.Equal(2, (int)(await published.Content.ReadFromJsonAsync<JsonObject>())!["version"]!);

        var ingest = app.CreateApiClient(ApiScopes.Ingest);
        var routed = (await (await ingest.PostAsJsonAsync("/api/leads", lead)).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("SdrQualify", (string)routed["decision"]!["action"]!);

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        Assert.Equal(2, await db.Decisions.Select(d => d.ConfigurationVersion).SingleAsync());
        Assert.Contains(await db.AuditEvents.Select(e => e.Type).ToListAsync(), t => t == "ConfigurationPublished");
        Assert.Equal(2, await db.ConfigurationVersions.CountAsync());
    }

    [Fact]
    public async Task A_publish_note_becomes_the_versions_comment_and_a_too_long_one_is_refused()
    {
        var admin = _factory.CreateApiClient(ApiScopes.Admin);
        var document = (await admin.GetFromJsonAsync<JsonObject>("/api/config"))!["configuration"]!.DeepClone();
        document["policy"]!["fit"]!["strongThreshold"] = 90;
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync("/api/config/draft", Json(document))).StatusCode);

        var tooLong = await admin.PostAsync($"/api/config/publish?note={new string('x', ConfigurationDrafts.MaxNoteLength + 1)}", null);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("note", await tooLong.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var published = await admin.PostAsync($"/api/config/publish?note={Uri.EscapeDataString("Stricter fit for Q1 (ticket 42)")}", null);
        Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        var history = await _factory.Services.GetRequiredService<ConfigurationDrafts>().HistoryAsync(CancellationToken.None);
        Assert.Equal("Stricter fit for Q1 (ticket 42)", history[0].Comment);
    }

    [Fact]
    public async Task The_versions_list_names_a_person_who_published_by_their_display_name()
    {
        var drafts = _factory.Services.GetRequiredService<ConfigurationDrafts>();
        var document = await drafts.LoadAsync(CancellationToken.None);
        var ops = new ConfigurationEditor("nora.klein@leadrouting.demo", MayEdit: true);
        var edited = document.Configuration with { Policy = document.Configuration.Policy with { Fit = document.Configuration.Policy.Fit with { StrongThreshold = 75 } } };
        Assert.True((await drafts.SaveAsync(ops, document, edited, "threshold", CancellationToken.None)).Succeeded);
        Assert.NotNull((await drafts.PublishAsync(ops, "threshold 75", CancellationToken.None)).Version);

        var newest = (await drafts.HistoryAsync(CancellationToken.None))[0];

        Assert.Equal("nora.klein@leadrouting.demo", newest.Author);
        Assert.Equal("Nora Klein", newest.AuthorName);
    }

    [Fact]
    public async Task Invalid_draft_is_refused_with_every_problem_and_nothing_changes()
    {
        var admin = _factory.CreateApiClient(ApiScopes.Admin);
        var document = (await admin.GetFromJsonAsync<JsonObject>("/api/config"))!["configuration"]!.DeepClone();
        document["policy"]!["matrix"] = new JsonArray();
        document["organisation"]!["reps"]![0]!["weight"] = 0;
        var response = await admin.PutAsync("/api/config/draft", Json(document));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["configuration"]!.AsArray().Select(e => (string)e!).ToList();
        Assert.Contains(errors, e => e.Contains("matrix", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("weight", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync("/api/config/publish", null)).StatusCode);
    }

    [Fact]
    public async Task Health_reports_the_database() =>
        Assert.Equal("Healthy", await _factory.CreateClient().GetStringAsync("/health"));
}
