using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using LeadRouting.Core.Configuration;
using LeadRouting.Web.Data;
using LeadRouting.Web.Data.Entities;
using LeadRouting.Web.Live;
using LeadRouting.Web.Routing;
using LeadRouting.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Api;

/// <summary>POST /api/leads and GET /api/leads/{id} against a real SQLite file, with real API keys.</summary>
/// <remarks>
/// One app for the class (tests run one after another): counts are taken before and after, and each test posts
/// addresses and external ids of its own. The volume test publishes other capacities, so it starts its own app.
/// </remarks>
public sealed class LeadsApiTests(LeadRoutingApiFactory factory) : IClassFixture<LeadRoutingApiFactory>
{
    private readonly LeadRoutingApiFactory _factory = factory;

    private static JsonObject Lead(string email, string? externalId = null, string source = "DemoRequest", string country = "DE", int employees = 350) => new()
    {
        ["externalId"] = externalId,
        ["email"] = email,
        ["firstName"] = "Jana",
        ["lastName"] = "Richter",
        ["company"] = "Brightlabs",
        ["employees"] = employees,
        ["industry"] = "Software",
        ["country"] = country,
        ["techStack"] = new JsonArray("HubSpot"),
        ["source"] = source,
    };

    private Task<T> WithDbAsync<T>(Func<LeadRoutingDbContext, Task<T>> query) => WithDbAsync(_factory, query);

    private static async Task<T> WithDbAsync<T>(LeadRoutingApiFactory app, Func<LeadRoutingDbContext, Task<T>> query)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        return await query(db);
    }

    private Task<int> LeadCountAsync() => WithDbAsync(db => db.Leads.CountAsync());

    [Fact]
    public async Task Ingest_valid_lead_answers_201_with_lead_and_decision_and_it_reads_back_with_history()
    {
        var client = _factory.CreateApiClient(ApiScopes.Ingest, ApiScopes.Read);
        var response = await client.PostAsJsonAsync("/api/leads", Lead("jana.ingest@brightlabs.de"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var id = (string)body["lead"]!["id"]!;
        Assert.Equal($"/api/leads/{id}", response.Headers.Location!.OriginalString);
        Assert.Equal("Assigned", (string)body["decision"]!["status"]!);
        Assert.NotNull((string?)body["decision"]!["ownerId"]);
        Assert.NotEmpty(body["decision"]!["trace"]!.AsArray());

        var read = (await client.GetFromJsonAsync<JsonObject>($"/api/leads/{id}"))!;
        Assert.Equal("jana.ingest@brightlabs.de", (string)read["lead"]!["email"]!);

        // Clocks and the owner's next step, in the answer and when read back.
        foreach (var lead in new[] { body["lead"]!, read["lead"]! })
        {
            Assert.Equal(("Pending", 0), ((string)lead["responseStatus"]!, (int)lead["reassignments"]!));
            Assert.Equal((string?)body["decision"]!["respondBy"], (string?)lead["nextStep"]!["dueAt"]);
            Assert.Equal((string?)body["decision"]!["ownerId"], (string?)lead["nextStep"]!["repId"]);
            Assert.StartsWith("First response to", (string)lead["nextStep"]!["title"]!, StringComparison.Ordinal);
            Assert.NotNull((string?)lead["assignedAt"]);
        }

        Assert.Equal((string?)body["decision"]!["ownerId"], (string?)read["lead"]!["ownerId"]);
        Assert.Contains(read["events"]!.AsArray(), e => (string)e!["type"]! == "Routed");
        Assert.Equal(1, await WithDbAsync(db => db.Decisions.CountAsync(d => d.LeadId == id)));
        // Other tests' leads are routed in the same app: exactly one Routed message is this lead's.
        var outbox = await WithDbAsync(db => db.Outbox.Where(m => m.Type == "Routed").ToListAsync());
        var routed = Assert.Single(outbox.Select(m => JsonSerializer.Deserialize<LeadEvent>(m.Payload, ConfigurationJson.Options)!), e => e.LeadId == id);
        Assert.Equal((id, LeadEventKind.Routed, (string?)body["decision"]!["ownerId"]), (routed.LeadId, routed.Kind, routed.OwnerId));
    }

    [Fact]
    public async Task Unknown_lead_is_404_problem() =>
        Assert.Equal(HttpStatusCode.NotFound, (await _factory.CreateApiClient(ApiScopes.Read).GetAsync("/api/leads/ld_nope")).StatusCode);

    [Fact]
    public async Task Missing_wrong_and_revoked_keys_are_401_and_store_nothing()
    {
        var before = await LeadCountAsync();
        var anonymous = _factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/leads", Lead("a@brightlabs.de"))).StatusCode);

        var wrong = _factory.CreateClient();
        wrong.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, "lr_000000000000_not-the-secret");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.PostAsJsonAsync("/api/leads", Lead("b@brightlabs.de"))).StatusCode);

        var keys = _factory.Services.GetRequiredService<ApiKeyService>();
        var issued = await keys.CreateForSystemAsync("to-revoke", [ApiScopes.Ingest], CancellationToken.None);
        var revokedClient = _factory.CreateClient();
        revokedClient.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, issued.Key);
        Assert.True(await keys.RevokeAsync(issued.Id, new SignedInUser("user-ops", "Test Ops", "ops@example.com", [LeadRoutingRoles.Ops], null), CancellationToken.None));
        Assert.Equal(HttpStatusCode.Unauthorized, (await revokedClient.PostAsJsonAsync("/api/leads", Lead("c@brightlabs.de"))).StatusCode);

        Assert.Equal(before, await LeadCountAsync());
    }

    [Fact]
    public async Task Wrong_scope_is_403_and_stores_nothing()
    {
        var before = await LeadCountAsync();
        var readOnly = _factory.CreateApiClient(ApiScopes.Read);
        Assert.Equal(HttpStatusCode.Forbidden, (await readOnly.PostAsJsonAsync("/api/leads", Lead("a@brightlabs.de"))).StatusCode);
        var ingestOnly = _factory.CreateApiClient(ApiScopes.Ingest);
        Assert.Equal(HttpStatusCode.Forbidden, (await ingestOnly.GetAsync("/api/leads/ld_x")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ingestOnly.PostAsJsonAsync("/api/routing/preview", Lead("a@brightlabs.de"))).StatusCode);
        Assert.Equal(before, await LeadCountAsync());
    }

    [Fact]
    public async Task Keys_are_stored_only_as_hashes()
    {
        var issued = await _factory.Services.GetRequiredService<ApiKeyService>().CreateForSystemAsync("hashed", [ApiScopes.Read], CancellationToken.None);
        var stored = await WithDbAsync(db => db.ApiKeys.SingleAsync(k => k.Id == issued.Id));
        var secret = issued.Key[("lr_".Length + issued.Prefix.Length + 1)..];
        Assert.True(secret.Length >= 40);
        Assert.DoesNotContain(secret, stored.SecretHash, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, stored.Scopes + stored.Name + stored.Prefix, StringComparison.Ordinal);
        Assert.Equal(64, stored.SecretHash.Length);
    }

    [Fact]
    public async Task Every_bad_field_is_named_and_nothing_is_stored()
    {
        var before = await LeadCountAsync();
        var lead = Lead("not-an-email");
        lead["source"] = "Carrier pigeon";
        lead["country"] = "Germany";
        lead["employees"] = -5;
        lead["firstName"] = new string('x', 257);
        var response = await _factory.CreateApiClient(ApiScopes.Ingest).PostAsJsonAsync("/api/leads", lead);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.Equal(["country", "email", "employees", "firstName", "source"], errors.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.Equal(before, await LeadCountAsync());
    }

    [Fact]
    public async Task Body_over_one_megabyte_is_413_and_nothing_is_stored()
    {
        var before = await LeadCountAsync();
        var lead = Lead("big@brightlabs.de");
        lead["title"] = new string('t', 1024 * 1024);
        var response = await _factory.CreateApiClient(ApiScopes.Ingest).PostAsJsonAsync("/api/leads", lead);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(before, await LeadCountAsync());
    }

    [Fact]
    public async Task Same_external_id_twice_returns_the_first_result()
    {
        var client = _factory.CreateApiClient(ApiScopes.Ingest, ApiScopes.Read);
        var before = await LeadCountAsync();
        var first = await client.PostAsJsonAsync("/api/leads", Lead("x1@brightlabs.de", externalId: "crm-1"));
        var second = await client.PostAsJsonAsync("/api/leads", Lead("other@elsewhere.io", externalId: "crm-1"));
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        var firstId = (string)(await first.Content.ReadFromJsonAsync<JsonObject>())!["lead"]!["id"]!;
        var secondBody = (await second.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(firstId, (string)secondBody["lead"]!["id"]!);
        Assert.Equal("x1@brightlabs.de", (string)secondBody["lead"]!["email"]!);
        Assert.Equal(before + 1, await LeadCountAsync());
    }

    [Fact]
    public async Task Same_external_id_posted_20_times_in_parallel_yields_one_lead()
    {
        var client = _factory.CreateApiClient(ApiScopes.Ingest, ApiScopes.Read);
        var (leadsBefore, decisionsBefore) = (await LeadCountAsync(), await WithDbAsync(db => db.Decisions.CountAsync()));
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.PostAsJsonAsync("/api/leads", Lead("race@brightlabs.de", externalId: "race-1"))));
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, r.StatusCode.ToString()));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        var ids = await Task.WhenAll(responses.Select(async r => (string)(await r.Content.ReadFromJsonAsync<JsonObject>())!["lead"]!["id"]!));
        Assert.Single(ids.Distinct());
        Assert.Equal(leadsBefore + 1, await LeadCountAsync());
        Assert.Equal(decisionsBefore + 1, await WithDbAsync(db => db.Decisions.CountAsync()));
    }

    [Fact]
    public async Task Same_email_is_merged_200_with_duplicate_of_and_keeps_the_owner()
    {
        var client = _factory.CreateApiClient(ApiScopes.Ingest, ApiScopes.Read);
        var before = await LeadCountAsync();
        var first = (await (await client.PostAsJsonAsync("/api/leads", Lead("same@brightlabs.de"))).Content.ReadFromJsonAsync<JsonObject>())!;
        var response = await client.PostAsJsonAsync("/api/leads", Lead("Same@Brightlabs.de", source: "PricingPageVisit"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var merged = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal((string)first["lead"]!["id"]!, (string)merged["duplicateOf"]!);
        Assert.Equal((string?)first["lead"]!["ownerId"], (string?)merged["lead"]!["ownerId"]);
        Assert.Equal(2, merged["lead"]!["signals"]!.AsArray().Count);
        Assert.Equal(before + 1, await LeadCountAsync());
    }

    [Fact]
    [Slow(SlowBecause.Volume)]
    public async Task Eight_parallel_clients_posting_10000_leads_store_each_once_and_keep_equal_pools_within_one()
    {
        // Its own app: it publishes other capacities and counts every lead and decision of the database.
        using var app = new LeadRoutingApiFactory();

        // Room for everyone: capacities far above the load, so the DACH SDR pool (two equal weights) takes every lead.
        await PublishAsync(app, config => config with
        {
            Organisation = config.Organisation with { Reps = [.. config.Organisation.Reps.Select(r => r with { Capacity = 10_000 })] },
        });

        const int Clients = 8;
        const int PerClient = 1_250;
        var client = app.CreateApiClient(ApiScopes.Ingest);
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async c =>
        {
            for (var i = 0; i < PerClient; i++)
            {
                // High intent, weak fit, Germany: SdrQualify in the DACH segment.
                var lead = Lead($"p{c}-{i}@company{c}-{i}.de", source: "ContactSales", employees: 10);
                lead["industry"] = "Agriculture";
                lead["techStack"] = new JsonArray();
                var response = await client.PostAsJsonAsync("/api/leads", lead);
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            }
        }));

        Assert.Equal(Clients * PerClient, await WithDbAsync(app, db => db.Leads.CountAsync()));
        Assert.Equal(Clients * PerClient, await WithDbAsync(app, db => db.Decisions.Select(d => d.LeadId).Distinct().CountAsync()));
        Assert.Equal(Clients * PerClient, await WithDbAsync(app, db => db.Decisions.CountAsync()));
        var perRep = await WithDbAsync(app, db => db.Leads.GroupBy(l => l.OwnerId).Select(g => new { Owner = g.Key, Count = g.Count() }).ToListAsync());
        Assert.Equal(["dach-sdr-1", "dach-sdr-2"], perRep.Select(p => p.Owner).Order(StringComparer.Ordinal));
        Assert.InRange(Math.Abs(perRep[0].Count - perRep[1].Count), 0, 1);
    }

    private static async Task PublishAsync(LeadRoutingApiFactory app, Func<RoutingConfiguration, RoutingConfiguration> change)
    {
        await WithDbAsync(app, async db =>
        {
            var json = await db.ConfigurationVersions.OrderByDescending(v => v.Id).Select(v => v.Json).FirstAsync();
            db.ConfigurationVersions.Add(new ConfigurationVersionEntity
            {
                Kind = ConfigurationVersionKind.Published,
                Json = ConfigurationLoader.Serialize(change(ConfigurationLoader.Parse(json))),
                Author = "test",
                CreatedAt = LeadRoutingApiFactory.Now,
            });
            return await db.SaveChangesAsync();
        });
        app.Services.GetRequiredService<ConfigurationStore>().Invalidate();
    }
}
