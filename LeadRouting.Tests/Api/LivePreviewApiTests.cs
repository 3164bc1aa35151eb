using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using LeadRouting.Core.Configuration;
using LeadRouting.Core.Leads;
using LeadRouting.Web.Data;
using LeadRouting.Web.Routing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Api;

/// <summary>
/// <c>POST /api/routing/preview</c> decides what <c>POST /api/leads</c> would decide at that moment: the published
/// version over the live state, read and never moved (issue 13, point 1). Apps have demo data and a clock fixed at
/// Monday 30 Nov 2026, 15:00 UTC.
/// </summary>
/// <remarks>
/// Tests that only preview or read share one app for the class (<see cref="_app"/>): nothing they do moves the live
/// state the others read. A test that posts leads, publishes or removes the published versions starts an app of its own,
/// since what it leaves behind would change the decisions the other tests assert.
/// </remarks>
public sealed class LivePreviewApiTests : IClassFixture<LeadRoutingApiFactory>, IDisposable
{
    private const string PreviewUrl = "/api/routing/preview";
    private const string LeadsUrl = "/api/leads";

    private readonly LeadRoutingApiFactory _app;
    private readonly HttpClient _client;

    public LivePreviewApiTests(LeadRoutingApiFactory app)
    {
        _app = app;
        _client = app.CreateApiClient();
    }

    public void Dispose() => _client.Dispose();

    /// <summary>High intent, strong fit, €30k: the least-loaded mid-level AE of DACH (David Wagner, 7 open leads).</summary>
    private static JsonObject DachMidMarketDemo(string email = "jana.richter@brightlabs.de") => new()
    {
        ["email"] = email,
        ["firstName"] = "Jana",
        ["company"] = "Brightlabs GmbH",
        ["employees"] = 350,
        ["industry"] = "Software",
        ["country"] = "DE",
        ["techStack"] = new JsonArray("HubSpot"),
        ["source"] = "DemoRequest",
        ["estimatedDealSize"] = 30000,
    };

    /// <summary>Small tier in North America: weighted round-robin over the junior AEs.</summary>
    private static JsonObject SmallUsPricingVisit(string email = "emily.carter@fieldnote.io") => new()
    {
        ["email"] = email,
        ["employees"] = 80,
        ["industry"] = "E-Commerce",
        ["country"] = "US",
        ["source"] = "PricingPageVisit",
    };

    [Fact]
    public async Task Preview_of_a_lead_from_a_company_a_rep_already_works_names_that_rep()
    {
        using var app = new LeadRoutingApiFactory();
        using var client = app.CreateApiClient();

        var posted = await PostLeadAsync(client, DachMidMarketDemo());
        Assert.Equal("dach-mid-2", (string?)posted["decision"]!["ownerId"]);

        // A small US lead would go to the North America juniors, but brightlabs.de is in play with David Wagner.
        var preview = await PreviewAsync(client, SmallUsPricingVisit("tom.berger@brightlabs.de"));

        Assert.Equal("dach-mid-2", (string?)preview["ownerId"]);
        Assert.Equal("AccountInPlay", (string?)preview["distribution"]);
    }

    [Fact]
    public async Task Preview_of_a_person_with_an_open_lead_says_the_post_would_merge_into_it()
    {
        using var app = new LeadRoutingApiFactory();
        using var client = app.CreateApiClient();

        var posted = await PostLeadAsync(client, DachMidMarketDemo());

        var preview = await PreviewAsync(client, DachMidMarketDemo());

        Assert.Equal((string?)posted["lead"]!["id"], (string?)preview["duplicateOf"]);
        Assert.Equal("ExistingLead", (string?)preview["distribution"]);
    }

    [Fact]
    public async Task Preview_routes_with_the_capacity_of_the_newly_published_version()
    {
        using var app = new LeadRoutingApiFactory();
        using var client = app.CreateApiClient();

        var before = await PreviewAsync(client, DachMidMarketDemo());
        Assert.Contains(Excluded(before), e => (string?)e["repId"] == "dach-mid-1" && (string?)e["reason"] == "at capacity 20/20");

        var version = await PublishedConfigurationEdits.PublishAsync(client, document => PublishedConfigurationEdits.Rep(document, "dach-mid-1")["capacity"] = 25);

        var after = await PreviewAsync(client, DachMidMarketDemo());
        Assert.DoesNotContain(Excluded(after), e => (string?)e["repId"] == "dach-mid-1");
        Assert.Equal((int)version["version"]!, (int?)after["configurationVersion"]!["version"]);
        Assert.Equal((string?)version["author"], (string?)after["configurationVersion"]!["author"]);
    }

    [Fact]
    public async Task Posting_moves_round_robin_on_so_the_next_preview_names_the_next_rep()
    {
        using var app = new LeadRoutingApiFactory();
        using var client = app.CreateApiClient();

        var first = await PreviewAsync(client, SmallUsPricingVisit());
        Assert.Equal("WeightedRoundRobin", (string?)first["distribution"]);
        Assert.Equal((string?)first["ownerId"], (string?)(await PreviewAsync(client, SmallUsPricingVisit()))["ownerId"]);

        var posted = await PostLeadAsync(client, SmallUsPricingVisit());
        Assert.Equal((string?)first["ownerId"], (string?)posted["decision"]!["ownerId"]);

        var next = await PreviewAsync(client, SmallUsPricingVisit("liam.ward@quillsoft.io"));
        Assert.Equal("WeightedRoundRobin", (string?)next["distribution"]);
        Assert.NotEqual((string?)first["ownerId"], (string?)next["ownerId"]);
    }

    [Fact]
    public async Task Preview_with_an_external_id_already_stored_answers_the_stored_lead()
    {
        using var app = new LeadRoutingApiFactory();
        using var client = app.CreateApiClient();

        var lead = DachMidMarketDemo();
        lead["externalId"] = "crm-42";
        var posted = await PostLeadAsync(client, lead);

        // Other data under the same externalId: a post answers the first lead, and so does the preview.
        var again = SmallUsPricingVisit();
        again["externalId"] = "crm-42";
        var preview = await PreviewAsync(client, again);

        Assert.Equal("dach-mid-2", (string?)preview["ownerId"]);
        Assert.Equal((string?)posted["decision"]!["respondBy"], (string?)preview["respondBy"]);
        Assert.Equal(1, (await LiveState.ReadAsync(app)).Leads);
    }

    [Theory]
    [InlineData("2026-12-04T16:55:00Z")]
    [InlineData("2026-12-04T17:55:00%2B01:00")]
    [InlineData("2026-12-04T17:55+01:00")] // an unencoded '+' arrives as a space and is still read as '+'
    public async Task Preview_as_of_Friday_17_55_in_Berlin_is_due_on_Monday_morning(string at)
    {
        var preview = await PreviewAsync(_client, DachMidMarketDemo(), $"?at={at}");

        Assert.Equal("dach-mid-2", (string?)preview["ownerId"]);
        // 15 business minutes from Friday 17:55 Berlin: 5 before closing, 10 after Monday's opening at 09:00.
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 8, 10, 0, TimeSpan.Zero), Instant(preview["respondBy"]));
    }

    [Fact]
    public async Task Preview_as_of_an_instant_evaluates_out_of_office_dates_then()
    {
        // A small, strong-fit pricing visit goes to the DACH junior AEs. Anna Becker (dach-jr-1) is out of office until
        // Thursday 3 Dec: excluded now, back in rotation on Friday.
        var small = new JsonObject
        {
            ["email"] = "mia.vogt@kleinwerk.de", ["employees"] = 30, ["industry"] = "Software", ["country"] = "DE",
            ["techStack"] = new JsonArray("HubSpot"), ["source"] = "PricingPageVisit",
        };

        var now = await PreviewAsync(_client, small);
        var friday = await PreviewAsync(_client, small, "?at=2026-12-04T10:00:00Z");

        Assert.Contains(Excluded(now), e => (string?)e["repId"] == "dach-jr-1");
        Assert.DoesNotContain(Excluded(friday), e => (string?)e["repId"] == "dach-jr-1");
    }

    [Fact]
    public async Task Preview_in_a_database_without_demo_data_names_no_demo_person()
    {
        using var plain = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string> { ["Demo:Enabled"] = "false" });
        using var client = plain.CreateApiClient();

        var response = await client.PostAsJsonAsync(PreviewUrl, DachMidMarketDemo());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var decision = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var texts = string.Join("\n", Texts(decision));
        foreach (var rep in DemoRoster.Configuration().Organisation.Reps)
        {
            Assert.DoesNotContain(rep.Name, texts, StringComparison.Ordinal);
            Assert.DoesNotContain(rep.Id.Value, texts, StringComparison.Ordinal);
        }

        Assert.Null((string?)decision["ownerId"]);
        Assert.Equal(1, (int?)decision["configurationVersion"]!["version"]);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2026-12-04T16:55:00")] // no offset: the instant would be a guess
    [InlineData("2026-12-04")]
    [InlineData("2099-01-01T00:00:00Z")] // absurd: decades away
    [InlineData("1999-12-31T23:59:59Z")]
    public async Task Malformed_or_absurd_at_is_a_400_naming_at(string at)
    {
        var response = await _client.PostAsJsonAsync($"{PreviewUrl}?at={Uri.EscapeDataString(at)}", DachMidMarketDemo());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(["at"], problem["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task A_bad_at_is_named_beside_the_bad_fields_of_the_lead()
    {
        var lead = DachMidMarketDemo();
        lead["country"] = "Germany";

        var response = await _client.PostAsJsonAsync($"{PreviewUrl}?at=soon", lead);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(["at", "country"], problem["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_preview_connection_refuses_to_write()
    {
        using var connection = _app.Services.GetRequiredService<LeadRoutingStorage>().OpenReadOnly();
        using var update = connection.CreateCommand();
        update.CommandText = "UPDATE \"RepStates\" SET \"OpenLeads\" = 0";

        var refused = Assert.Throws<SqliteException>(() => update.ExecuteNonQuery());
        Assert.Equal(8, refused.SqliteErrorCode); // SQLITE_READONLY
    }

    [Fact]
    public async Task Without_a_published_version_the_preview_is_a_503_problem()
    {
        using var app = new LeadRoutingApiFactory();
        using var client = app.CreateApiClient();

        // The app always publishes a first version and never deletes one (a trigger refuses it); a store that lost them
        // all — restored from a broken backup, say — is simulated by lifting that guard first.
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync())
        {
            await db.Database.ExecuteSqlRawAsync("DROP TRIGGER \"ConfigurationVersions_PublishedNeverDeleted\"");
            await db.ConfigurationVersions.ExecuteDeleteAsync();
        }

        app.Services.GetRequiredService<ConfigurationStore>().Invalidate();

        var response = await client.PostAsJsonAsync(PreviewUrl, DachMidMarketDemo());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>
    /// The property of issue 13: for random leads — new people and known ones, companies in play, named accounts,
    /// free-mail addresses, every source, VIPs, leads received earlier, repeated external ids — previewing and then
    /// posting gives the same decision, and a preview leaves round-robin positions, loads, accounts and leads as they were.
    /// The seed is in the test name, and every failure names the lead, so a failure replays exactly.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task Preview_then_post_decide_the_same_for_random_leads(int seed)
    {
        using var app = new LeadRoutingApiFactory();
        using var client = app.CreateApiClient();

        var random = new Random(seed);
        var externalIds = new List<string>();
        var roundRobinMoved = false;
        var paths = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 40; i++)
        {
            var lead = RandomLead(random, i, externalIds);
            var context = $"seed {seed}, lead {i}: {lead.ToJsonString()}";

            var before = await LiveState.ReadAsync(app);
            var previewResponse = await client.PostAsJsonAsync(PreviewUrl, lead);
            Assert.True(previewResponse.StatusCode == HttpStatusCode.OK, $"{context}: preview answered {(int)previewResponse.StatusCode}");
            var preview = (await previewResponse.Content.ReadFromJsonAsync<JsonObject>())!;
            var afterPreview = await LiveState.ReadAsync(app);
            Assert.True(before == afterPreview, $"{context}: the preview changed routing state\n{before}\n{afterPreview}");

            var postResponse = await client.PostAsJsonAsync(LeadsUrl, lead);
            Assert.True(postResponse.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"{context}: post answered {(int)postResponse.StatusCode}");
            var posted = (await postResponse.Content.ReadFromJsonAsync<JsonObject>())!;
            AssertSameDecision(preview, posted, context);
            paths.Add(postResponse.StatusCode == HttpStatusCode.Created ? (string)preview["distribution"]! : posted["duplicateOf"] is null ? "Replayed" : "Merged");
            roundRobinMoved |= (await LiveState.ReadAsync(app)).RoundRobin != afterPreview.RoundRobin;
        }

        // Otherwise "the preview left round-robin alone" would say nothing; and the leads took the paths that read state.
        Assert.True(roundRobinMoved, $"seed {seed}: no post moved a round-robin pool");
        Assert.True(paths.IsSupersetOf(["WeightedRoundRobin", "Merged"]) && paths.Overlaps(["AccountInPlay", "NamedAccount"]), $"seed {seed}: only {string.Join(", ", paths)}");
    }

    private static void AssertSameDecision(JsonObject preview, JsonObject posted, string context)
    {
        var decision = posted["decision"]!.AsObject();
        foreach (var field in new[] { "status", "intent", "fitScore", "fit", "action", "tier", "segment", "team", "ownerId", "ownerName", "distribution", "slaPolicy" })
        {
            Assert.True(
                JsonNode.DeepEquals(preview[field], decision[field]),
                $"{context}: {field} previewed {preview[field]?.ToJsonString()}, posted {decision[field]?.ToJsonString()}");
        }

        foreach (var clock in new[] { "respondBy", "escalateAt" })
        {
            Assert.True(Instant(preview[clock]) == Instant(decision[clock]), $"{context}: {clock} previewed {preview[clock]}, posted {decision[clock]}");
        }

        Assert.True(
            JsonNode.DeepEquals(preview["trace"], decision["trace"]),
            $"{context}: trace previewed\n{preview["trace"]?.ToJsonString()}\nposted\n{decision["trace"]?.ToJsonString()}");
        Assert.True(
            (string?)preview["duplicateOf"] == (string?)posted["duplicateOf"],
            $"{context}: duplicateOf previewed {preview["duplicateOf"]}, posted {posted["duplicateOf"]}");
        Assert.True(
            (string?)preview["possibleDuplicateOf"] == (string?)posted["possibleDuplicateOf"],
            $"{context}: possibleDuplicateOf previewed {preview["possibleDuplicateOf"]}, posted {posted["possibleDuplicateOf"]}");
    }

    private static readonly string[] People = ["anna", "ben", "chris", "dana", "eli", "fatima"];

    /// <summary>Named accounts, a customer, an account without owner, ordinary companies and free mail.</summary>
    private static readonly string[] Domains =
    [
        "contoso.de", "fabrikam.com", "globex.com", "initech.com", "northwind.co.uk", "tailspin.io",
        "brightlabs.de", "fieldnote.io", "lumen-analytics.fr", "grachtwerk.nl", "alpenblick.ch", "gmail.com",
    ];

    private static readonly string?[] Countries = ["DE", "AT", "CH", "GB", "FR", "NL", "US", "ES", "JP", null];
    private static readonly int?[] Sizes = [null, 4, 30, 80, 150, 350, 900, 2500, 12000];
    private static readonly string?[] Industries = ["Software", "Fintech", "Financial Services", "E-Commerce", "Retail", "Manufacturing", null];
    private static readonly string[] Stacks = ["Salesforce", "HubSpot", "Snowflake", "Segment", "Shopify"];
    private static readonly decimal?[] DealSizes = [null, null, 4_000m, 30_000m, 80_000m];

    private static JsonObject RandomLead(Random random, int index, List<string> externalIds)
    {
        T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];
        string Instant(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        var domain = Pick(Domains);
        var lead = new JsonObject
        {
            ["email"] = $"{Pick(People)}@{domain}",
            ["firstName"] = "Person",
            ["lastName"] = index.ToString(CultureInfo.InvariantCulture),
            ["company"] = domain,
            ["source"] = Pick(Enum.GetNames<SignalType>()),
            ["techStack"] = new JsonArray([.. Stacks.Where(_ => random.Next(3) == 0).Select(s => (JsonNode)s)]),
        };
        if (Pick(Countries) is { } country)
        {
            lead["country"] = country;
        }

        if (Pick(Sizes) is { } employees)
        {
            lead["employees"] = employees;
        }

        if (Pick(Industries) is { } industry)
        {
            lead["industry"] = industry;
        }

        if (Pick(DealSizes) is { } dealSize)
        {
            lead["estimatedDealSize"] = dealSize;
        }

        if (domain == "gmail.com" && random.Next(2) == 0)
        {
            lead["companyDomain"] = Pick(Domains[..^1]);
        }

        lead["referral"] = random.Next(20) switch { 0 => "Vip", 1 => "ExecutiveIntro", _ => "None" };
        var signals = new JsonArray();
        for (var s = random.Next(3); s > 0; s--)
        {
            // Up to 40 days back: some inside the 30-day intent window, some outside it.
            signals.Add(new JsonObject
            {
                ["type"] = Pick(Enum.GetNames<SignalType>()),
                ["at"] = Instant(LeadRoutingApiFactory.Now.AddMinutes(-random.Next(40 * 24 * 60))),
            });
        }

        lead["signals"] = signals;
        if (random.Next(4) == 0)
        {
            lead["receivedAt"] = Instant(LeadRoutingApiFactory.Now.AddMinutes(-random.Next(600)));
        }

        switch (random.Next(10))
        {
            case 0 when externalIds.Count > 0:
                lead["externalId"] = Pick(externalIds);
                break;
            case < 4:
                var externalId = $"crm-{index}";
                externalIds.Add(externalId);
                lead["externalId"] = externalId;
                break;
        }

        return lead;
    }

    private static async Task<JsonObject> PreviewAsync(HttpClient client, JsonObject lead, string query = "")
    {
        var response = await client.PostAsJsonAsync(PreviewUrl + query, lead);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static async Task<JsonObject> PostLeadAsync(HttpClient client, JsonObject lead)
    {
        var response = await client.PostAsJsonAsync(LeadsUrl, lead);
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static IReadOnlyList<JsonNode> Excluded(JsonObject decision) =>
        [.. decision["trace"]!.AsArray().SelectMany(step => step!["excluded"]!.AsArray()).Select(e => e!)];

    /// <summary>Every string in a JSON tree (names and reasons in the trace included).</summary>
    private static IEnumerable<string> Texts(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Texts(p.Value)),
        JsonArray a => a.SelectMany(Texts),
        JsonValue v when v.TryGetValue<string>(out var text) => [text],
        _ => [],
    };

    private static DateTimeOffset? Instant(JsonNode? value) =>
        value is null ? null : DateTimeOffset.Parse((string)value!, CultureInfo.InvariantCulture);
}
