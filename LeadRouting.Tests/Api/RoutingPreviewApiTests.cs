using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LeadRouting.Core.Configuration;
using LeadRouting.Core.Leads;

namespace LeadRouting.Tests.Api;

public sealed class RoutingPreviewApiTests(LeadRoutingApiFactory factory) : IClassFixture<LeadRoutingApiFactory>
{
    private const string PreviewUrl = "/api/routing/preview";

    private readonly HttpClient _client = factory.CreateApiClient(LeadRouting.Web.Security.ApiScopes.Read);

    /// <summary>High intent, strong fit, €30k: the least-loaded mid-level AE of DACH.</summary>
    private static JsonObject DachMidMarketDemo() => new()
    {
        ["email"] = "jana.richter@brightlabs.de",
        ["firstName"] = "Jana",
        ["lastName"] = "Richter",
        ["company"] = "Brightlabs GmbH",
        ["employees"] = 350,
        ["industry"] = "Software",
        ["country"] = "DE",
        ["techStack"] = new JsonArray("HubSpot"),
        ["source"] = "DemoRequest",
        ["estimatedDealSize"] = 30000,
    };

    /// <summary>Small tier in North America: weighted round-robin over two available junior AEs.</summary>
    private static JsonObject SmallUsPricingVisit() => new()
    {
        ["email"] = "emily.carter@fieldnote.io",
        ["employees"] = 80,
        ["industry"] = "E-Commerce",
        ["country"] = "US",
        ["source"] = "PricingPageVisit",
    };

    [Fact]
    public async Task Valid_lead_returns_200_with_the_decision()
    {
        var response = await _client.PostAsJsonAsync(PreviewUrl, DachMidMarketDemo());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var decision = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(
            ["status", "intent", "fitScore", "fit", "action", "tier", "segment", "team", "ownerId", "ownerName", "distribution",
             "slaPolicy", "respondBy", "escalateAt", "trace", "duplicateOf", "possibleDuplicateOf", "configurationVersion"],
            decision.Select(p => p.Key));
        Assert.Equal("Assigned", (string?)decision["status"]);
        Assert.Equal("High", (string?)decision["intent"]);
        Assert.Equal(100, (int?)decision["fitScore"]);
        Assert.Equal("Strong", (string?)decision["fit"]);
        Assert.Equal("AeImmediate", (string?)decision["action"]);
        Assert.Equal("MidMarket", (string?)decision["tier"]);
        Assert.Equal("DACH", (string?)decision["segment"]);
        Assert.Equal("DACH Sales", (string?)decision["team"]);
        Assert.Equal("dach-mid-2", (string?)decision["ownerId"]);
        Assert.Equal("David Wagner", (string?)decision["ownerName"]);
        Assert.Equal("LeastLoaded", (string?)decision["distribution"]);
        Assert.Equal("DemoRequest", (string?)decision["slaPolicy"]);
        Assert.Equal(LeadRoutingApiFactory.Now.AddMinutes(15), DateTimeOffset.Parse((string)decision["respondBy"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.NotNull(decision["escalateAt"]);
        Assert.True(decision.ContainsKey("duplicateOf"));
        Assert.Null(decision["duplicateOf"]);

        var trace = decision["trace"]!.AsArray();
        Assert.All(trace, step => Assert.Equal(["step", "input", "outcome", "excluded"], step!.AsObject().Select(p => p.Key)));
        var distribution = trace.Single(s => (string?)s!["step"] == "Distribution")!;
        var clara = distribution["excluded"]!.AsArray().Single()!;
        Assert.Equal("dach-mid-1", (string?)clara["repId"]);
        Assert.Equal("Clara Fischer", (string?)clara["repName"]);
        Assert.Equal("at capacity 20/20", (string?)clara["reason"]);

        var version = decision["configurationVersion"]!.AsObject();
        Assert.Equal(1, (int?)version["version"]);
        Assert.Equal("system", (string?)version["author"]);
        Assert.Equal(LeadRoutingApiFactory.Now, DateTimeOffset.Parse((string)version["publishedAt"]!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Enum_values_are_matched_case_insensitively()
    {
        var lead = DachMidMarketDemo();
        lead["source"] = "demorequest";
        lead["referral"] = "NONE";

        var response = await _client.PostAsJsonAsync(PreviewUrl, lead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Missing_email_is_a_400_naming_email()
    {
        var lead = DachMidMarketDemo();
        lead.Remove("email");

        var errors = await PostExpectingValidationProblem(lead);

        Assert.Equal(["email"], errors.Keys);
        Assert.Equal(["Is required."], errors["email"]);
    }

    [Fact]
    public async Task Unknown_source_is_a_400_listing_the_allowed_values()
    {
        var lead = DachMidMarketDemo();
        lead["source"] = "Carrier pigeon";

        var errors = await PostExpectingValidationProblem(lead);

        Assert.Equal(["source"], errors.Keys);
        var message = Assert.Single(errors["source"]);
        Assert.Contains("'Carrier pigeon' is not a valid value", message, StringComparison.Ordinal);
        Assert.Contains("DemoRequest", message, StringComparison.Ordinal);
        Assert.Contains("EventBadgeScan", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("XX")]
    [InlineData("Germany")]
    public async Task Invalid_country_is_a_400_naming_country(string country)
    {
        var lead = DachMidMarketDemo();
        lead["country"] = country;

        var errors = await PostExpectingValidationProblem(lead);

        Assert.Equal(["country"], errors.Keys);
        Assert.Contains("ISO 3166-1 alpha-2", Assert.Single(errors["country"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Negative_employees_is_a_400_naming_employees()
    {
        var lead = DachMidMarketDemo();
        lead["employees"] = -5;

        var errors = await PostExpectingValidationProblem(lead);

        Assert.Equal(["employees"], errors.Keys);
    }

    [Fact]
    public async Task First_name_longer_than_256_characters_is_a_400()
    {
        var lead = DachMidMarketDemo();
        lead["firstName"] = new string('a', 257);

        var errors = await PostExpectingValidationProblem(lead);

        Assert.Equal(["firstName"], errors.Keys);
        Assert.Contains("at most 256 characters", Assert.Single(errors["firstName"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task First_name_of_exactly_256_characters_is_accepted()
    {
        var lead = DachMidMarketDemo();
        lead["firstName"] = new string('a', 256);

        var response = await _client.PostAsJsonAsync(PreviewUrl, lead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Malformed_json_is_a_400_with_an_error_on_the_body()
    {
        var errors = await PostExpectingValidationProblem("""{"email": "jana@brightlabs.de", """);

        Assert.Equal([LeadJsonReader.BodyPath], errors.Keys);
        Assert.StartsWith("The request body is not valid JSON", Assert.Single(errors["$"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_body_is_a_400_with_an_error_on_the_body()
    {
        var errors = await PostExpectingValidationProblem("");

        Assert.Equal([LeadJsonReader.BodyPath], errors.Keys);
    }

    [Fact]
    public async Task Body_that_is_not_an_object_is_a_400_with_an_error_on_the_body()
    {
        var errors = await PostExpectingValidationProblem("""["jana@brightlabs.de"]""");

        Assert.Equal([LeadJsonReader.BodyPath], errors.Keys);
        Assert.Contains("must be a JSON object", Assert.Single(errors["$"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_json_type_is_a_400_naming_the_field()
    {
        var lead = DachMidMarketDemo();
        lead["employees"] = "many";

        var errors = await PostExpectingValidationProblem(lead);

        Assert.Equal(["employees"], errors.Keys);
        Assert.Equal(["Must be a whole number (got a string)."], errors["employees"]);
    }

    [Fact]
    public async Task Every_bad_field_is_named_at_once()
    {
        var lead = new JsonObject
        {
            ["firstName"] = new string('x', 300),
            ["employees"] = -1,
            ["country"] = "Germany",
            ["techStack"] = "HubSpot",
            ["source"] = "Carrier pigeon",
            ["referral"] = "Cousin",
            ["estimatedDealSize"] = "a lot",
            ["receivedAt"] = "yesterday",
            ["signals"] = new JsonArray(new JsonObject { ["type"] = "Smoke signal", ["at"] = "2026-11-29T10:00:00Z" }),
            ["favouriteColour"] = "blue",
        };

        var errors = await PostExpectingValidationProblem(lead);

        Assert.Equal(
            new[]
            {
                "country", "email", "employees", "estimatedDealSize", "favouriteColour", "firstName", "receivedAt", "referral",
                "signals[0].type", "source", "techStack",
            },
            errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["Unknown field."], errors["favouriteColour"]);
    }

    [Fact]
    public async Task Body_over_one_megabyte_is_a_413()
    {
        var lead = DachMidMarketDemo();
        lead["title"] = new string('a', (int)Web.Api.LeadRequestReader.MaxBodyBytes);

        var response = await _client.PostAsJsonAsync(PreviewUrl, lead);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Chunked_body_over_one_megabyte_is_a_413()
    {
        var lead = DachMidMarketDemo();
        lead["title"] = new string('a', (int)Web.Api.LeadRequestReader.MaxBodyBytes);
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(lead.ToJsonString())));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, PreviewUrl) { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Preview_never_changes_round_robin_state()
    {
        var before = await LiveState.ReadAsync(factory);
        var owners = new List<string?>();

        for (var i = 0; i < 5; i++)
        {
            var response = await _client.PostAsJsonAsync(PreviewUrl, SmallUsPricingVisit());
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var decision = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.Equal("WeightedRoundRobin", (string?)decision["distribution"]);
            owners.Add((string?)decision["ownerId"]);
        }

        Assert.Equal(before, await LiveState.ReadAsync(factory));
        Assert.Single(owners.Distinct());
    }

    [Fact]
    public async Task Health_returns_200()
    {
        var response = await _client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task OpenApi_document_describes_the_preview_endpoint()
    {
        var response = await _client.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var preview = document["paths"]?["/api/routing/preview"]?["post"];
        Assert.NotNull(preview);
        Assert.NotNull(preview["requestBody"]);
        Assert.NotNull(preview["responses"]?["200"]);
        Assert.NotNull(preview["responses"]?["400"]);
        Assert.Contains(preview["parameters"]!.AsArray(), p => (string?)p!["name"] == "at" && (string?)p["in"] == "query");
    }

    private Task<Dictionary<string, string[]>> PostExpectingValidationProblem(JsonObject body) =>
        PostExpectingValidationProblem(body.ToJsonString());

    private async Task<Dictionary<string, string[]>> PostExpectingValidationProblem(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        var response = await _client.PostAsync(PreviewUrl, content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(400, (int?)problem["status"]);
        Assert.NotNull(problem["title"]);
        return problem["errors"].Deserialize<Dictionary<string, string[]>>()!;
    }
}
