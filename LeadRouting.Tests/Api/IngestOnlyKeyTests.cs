using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LeadRouting.Web.Data;
using LeadRouting.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Api;

/// <summary>
/// What an API key learns of a lead that its submission meets but did not create — a replayed <c>externalId</c>, a merge
/// into the open lead of the same email, signals added by id — with and without the <c>read</c> scope (issue 14 §4).
/// Same status codes either way; without <c>read</c> the body is the lead's id and status only.
/// </summary>
/// <remarks>
/// One app for the class (tests run one after another): each test's original lead has an external id and an address of
/// its own, so a test meets its own lead and no other's.
/// </remarks>
public sealed class IngestOnlyKeyTests(LeadRoutingApiFactory factory) : IClassFixture<LeadRoutingApiFactory>
{
    private readonly LeadRoutingApiFactory _factory = factory;

    /// <summary>What makes this test's original its own: its external id and the distinct part of its address.</summary>
    private readonly string _tag = Guid.NewGuid().ToString("N")[..12];

    private string ExternalId => $"crm-7-{_tag}";

    private string Email => $"jana.richter.{_tag}@brightlabs.de";

    public enum Meeting
    {
        ReplayedExternalId,
        MergedByEmail,
        SignalsById,
    }

    /// <summary>The lead another system stored first: a person with names, an owner, a trace and a history.</summary>
    private async Task<JsonObject> StoreTheOriginalAsync()
    {
        var crm = _factory.CreateApiClient(ApiScopes.Ingest, ApiScopes.Read);
        var response = await crm.PostAsJsonAsync("/api/leads", new JsonObject
        {
            ["externalId"] = ExternalId,
            ["email"] = Email,
            ["firstName"] = "Jana",
            ["lastName"] = "Richter",
            ["title"] = "Head of Revenue",
            ["company"] = "Brightlabs",
            ["employees"] = 350,
            ["industry"] = "Software",
            ["country"] = "DE",
            ["techStack"] = new JsonArray("HubSpot"),
            ["source"] = "DemoRequest",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.NotNull((string?)body["decision"]!["ownerName"]);
        return body;
    }

    private Task<HttpResponseMessage> MeetAsync(HttpClient client, Meeting meeting, string leadId) => meeting switch
    {
        Meeting.ReplayedExternalId => client.PostAsJsonAsync("/api/leads", new JsonObject { ["externalId"] = ExternalId, ["email"] = "probe@elsewhere.io", ["source"] = "Webinar" }),
        Meeting.MergedByEmail => client.PostAsJsonAsync("/api/leads", new JsonObject { ["email"] = $"Jana.Richter.{_tag}@brightlabs.de", ["source"] = "PricingPageVisit" }),
        Meeting.SignalsById => client.PostAsJsonAsync($"/api/leads/{leadId}/signals", new JsonArray(new JsonObject { ["type"] = "Webinar", ["at"] = LeadRoutingApiFactory.Now.ToString("O") })),
        _ => throw new ArgumentOutOfRangeException(nameof(meeting)),
    };

    [Theory]
    [InlineData(Meeting.ReplayedExternalId)]
    [InlineData(Meeting.MergedByEmail)]
    [InlineData(Meeting.SignalsById)]
    public async Task A_key_without_read_learns_only_the_id_and_status_of_a_lead_it_meets(Meeting meeting)
    {
        var original = await StoreTheOriginalAsync();
        var id = (string)original["lead"]!["id"]!;
        var ownerName = (string)original["decision"]!["ownerName"]!;

        var response = await MeetAsync(_factory.CreateApiClient(ApiScopes.Ingest), meeting, id);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        var body = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(id, (string)body["id"]!);
        Assert.Equal("Assigned", (string)body["status"]!);
        Assert.Equal(meeting == Meeting.MergedByEmail ? id : null, (string?)body["duplicateOf"]);
        Assert.Subset(new HashSet<string>(["id", "status", "duplicateOf"]), body.Select(p => p.Key).ToHashSet());
        foreach (var secret in new[] { "Jana", "Richter", "jana.richter", "Head of Revenue", "Brightlabs", ownerName, (string)original["decision"]!["ownerId"]! })
        {
            Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [InlineData(Meeting.ReplayedExternalId)]
    [InlineData(Meeting.MergedByEmail)]
    [InlineData(Meeting.SignalsById)]
    public async Task A_key_with_read_gets_the_whole_lead_with_the_same_status_code(Meeting meeting)
    {
        var original = await StoreTheOriginalAsync();
        var id = (string)original["lead"]!["id"]!;

        var response = await MeetAsync(_factory.CreateApiClient(ApiScopes.Ingest, ApiScopes.Read), meeting, id);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal((id, "Jana"), ((string)body["lead"]!["id"]!, (string)body["lead"]!["firstName"]!));
        Assert.Equal((string)original["decision"]!["ownerName"]!, (string)body["decision"]!["ownerName"]!);
        Assert.NotEmpty(body["events"]!.AsArray());
    }

    [Fact]
    public async Task The_reduced_answer_changes_only_the_body_the_merge_still_happens()
    {
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        var before = await db.Leads.CountAsync();
        var original = await StoreTheOriginalAsync();
        var id = (string)original["lead"]!["id"]!;

        await MeetAsync(_factory.CreateApiClient(ApiScopes.Ingest), Meeting.MergedByEmail, id);

        Assert.Equal(before + 1, await db.Leads.CountAsync());
        var lead = (await _factory.CreateApiClient(ApiScopes.Read).GetFromJsonAsync<JsonObject>($"/api/leads/{id}"))!;
        Assert.Equal(2, lead["lead"]!["signals"]!.AsArray().Count);
    }
}
