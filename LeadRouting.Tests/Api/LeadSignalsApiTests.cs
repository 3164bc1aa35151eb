using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LeadRouting.Web.Security;

namespace LeadRouting.Tests.Api;

/// <summary>POST /api/leads/{id}/signals: intent re-evaluated, monitored leads routed when intent rises.</summary>
/// <remarks>The tests share one app; each ingests a person at a company of its own, so no test's lead is another's duplicate or account in play.</remarks>
public sealed class LeadSignalsApiTests(LeadRoutingApiFactory factory) : IClassFixture<LeadRoutingApiFactory>
{
    private readonly LeadRoutingApiFactory _factory = factory;

    private async Task<JsonObject> IngestAsync(HttpClient client, string source, string email)
    {
        var response = await client.PostAsJsonAsync("/api/leads", new JsonObject
        {
            ["email"] = email,
            ["employees"] = 350,
            ["industry"] = "Software",
            ["country"] = "DE",
            ["techStack"] = new JsonArray("HubSpot"),
            ["source"] = source,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    [Fact]
    public async Task Monitored_lead_whose_intent_rises_is_routed_to_a_rep()
    {
        var client = _factory.CreateApiClient(ApiScopes.Ingest, ApiScopes.Read);
        var created = await IngestAsync(client, "NewsletterSignup", "monitored@brightlabs.de");
        Assert.Equal(("Nurture", "NurtureMonitored"), ((string)created["lead"]!["stage"]!, (string)created["lead"]!["action"]!));
        var id = (string)created["lead"]!["id"]!;

        var response = await client.PostAsJsonAsync($"/api/leads/{id}/signals", new JsonObject
        {
            ["signals"] = new JsonArray(new JsonObject { ["type"] = "PricingPageVisit", ["at"] = LeadRoutingApiFactory.Now.AddMinutes(-5).ToString("O") }),
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lead = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(("Assigned", "High"), ((string)lead["lead"]!["stage"]!, (string)lead["lead"]!["intent"]!));
        Assert.NotNull((string?)lead["lead"]!["ownerId"]);
        Assert.Contains(lead["events"]!.AsArray(), e => (string)e!["type"]! == "Rerouted");
        Assert.Contains(lead["events"]!.AsArray(), e => (string)e!["type"]! == "SignalsAdded");
    }

    [Fact]
    public async Task Assigned_lead_keeps_its_owner_when_signals_arrive()
    {
        var client = _factory.CreateApiClient(ApiScopes.Ingest, ApiScopes.Read);
        var created = await IngestAsync(client, "DemoRequest", "assigned@kleinwerk.de");
        var id = (string)created["lead"]!["id"]!;
        var response = await client.PostAsJsonAsync($"/api/leads/{id}/signals", new JsonArray(new JsonObject { ["type"] = "Webinar", ["at"] = LeadRoutingApiFactory.Now.ToString("O") }));
        var lead = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal((string?)created["lead"]!["ownerId"], (string?)lead["lead"]!["ownerId"]);
        Assert.Equal(2, lead["lead"]!["signals"]!.AsArray().Count);
    }

    [Fact]
    public async Task Unknown_lead_is_404_and_bad_signals_are_400_naming_the_field()
    {
        var client = _factory.CreateApiClient(ApiScopes.Ingest);
        var signal = new JsonArray(new JsonObject { ["type"] = "Webinar", ["at"] = LeadRoutingApiFactory.Now.ToString("O") });
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync("/api/leads/ld_missing/signals", signal)).StatusCode);

        var bad = await client.PostAsJsonAsync("/api/leads/ld_missing/signals", new JsonArray(new JsonObject { ["type"] = "Smoke signal", ["at"] = "yesterday" }));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.Contains("signals[0].type", errors.Select(e => e.Key));
        Assert.Contains("signals[0].at", errors.Select(e => e.Key));
    }
}
