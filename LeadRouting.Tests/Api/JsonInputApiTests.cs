using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using LeadRouting.Web.Data;
using LeadRouting.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Api;

/// <summary>
/// Issue 13, "nothing is stored wrong without a word", for the JSON endpoints: text that is not valid UTF-8, unpaired
/// surrogates, repeated properties, control and invisible characters, look-alike letters, thousands separators and
/// absurd instants each answer 400 naming the field — never 500, never a lead stored garbled.
/// </summary>
/// <remarks>
/// One app for the class (tests run one after another): "nothing is stored" is a count before and after, and a test
/// that stores a lead gives it an address of its own, so no other test's lead is merged into it.
/// </remarks>
public sealed class JsonInputApiTests : IClassFixture<LeadRoutingApiFactory>, IDisposable
{
    private const string ValidLead =
        """{"email":"jana@brightlabs.de","firstName":"Jana","lastName":"Richter","company":"Brightlabs","employees":350,"country":"DE","source":"DemoRequest"}""";

    private readonly LeadRoutingApiFactory _factory;
    private readonly HttpClient _client;

    public JsonInputApiTests(LeadRoutingApiFactory factory)
    {
        _factory = factory;
        _client = factory.CreateApiClient();
    }

    public void Dispose() => _client.Dispose();

    /// <summary>An address no other test of the class posts, so the lead is created rather than merged into theirs.</summary>
    private static string OwnAddress(string name = "jana") => $"{name}.{Guid.NewGuid():N}@brightlabs.de";

    private static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private static ByteArrayContent Json(string body) => Json(Encoding.UTF8.GetBytes(body));

    /// <summary><paramref name="before"/> + the raw bytes + <paramref name="after"/>: a body no JSON serializer would write.</summary>
    private static byte[] Raw(string before, byte[] bytes, string after) =>
        [.. Encoding.UTF8.GetBytes(before), .. bytes, .. Encoding.UTF8.GetBytes(after)];

    private async Task<int> LeadCountAsync()
    {
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        return await db.Leads.CountAsync();
    }

    private static async Task<JsonObject> ProblemAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.BadRequest)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.StartsWith("application/problem+json", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        return JsonNode.Parse(text)!.AsObject();
    }

    private static string Errors(JsonObject problem, string field)
    {
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), $"No error for '{field}'; errors: {errors.ToJsonString()}");
        return string.Join(" ", errors[field]!.AsArray().Select(m => (string)m!));
    }

    private async Task<string> PostLeadAsync(JsonObject lead)
    {
        var response = await _client.PostAsJsonAsync("/api/leads", lead);
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["lead"]!["id"]!;
    }

    private static JsonObject Lead(string email, string firstName = "Jana") => new()
    {
        ["email"] = email,
        ["firstName"] = firstName,
        ["lastName"] = "Richter",
        ["company"] = "Brightlabs",
        ["employees"] = 350,
        ["country"] = "DE",
        ["source"] = "DemoRequest",
    };

    [Fact]
    public async Task Invalid_utf8_in_a_value_is_a_400_naming_the_field_and_nothing_is_stored()
    {
        var before = await LeadCountAsync();
        // "M\xFCller": a Latin-1 ü inside a UTF-8 body.
        var body = Raw("""{"email":"jana@brightlabs.de","source":"DemoRequest","lastName":"M""", [0xFC], """ller"}""");

        var problem = await ProblemAsync(await _client.PostAsync("/api/leads", Json(body)));

        Assert.Contains("not valid UTF-8", Errors(problem, "lastName"), StringComparison.Ordinal);
        Assert.Contains("0xFC", Errors(problem, "lastName"), StringComparison.Ordinal);
        Assert.Equal(before, await LeadCountAsync());
    }

    [Fact]
    public async Task Invalid_utf8_in_a_property_name_is_a_400_naming_it()
    {
        var body = Raw("""{"email":"jana@brightlabs.de","source":"DemoRequest","first""", [0xC3, 0x28], """Name":"Jana"}""");

        var problem = await ProblemAsync(await _client.PostAsync("/api/leads", Json(body)));

        var field = Assert.Single(problem["errors"]!.AsObject()).Key;
        Assert.Equal("first\\xC3(Name", field);
        Assert.Contains("property name is not valid UTF-8", Errors(problem, field), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/leads", """{"email":"jana@brightlabs.de","source":"DemoRequest","lastName":"Ri\ud800chter"}""", "lastName")]
    [InlineData("/api/leads", """{"email":"jana@brightlabs.de","source":"DemoRequest","techStack":["HubSpot","\udc00"]}""", "techStack[1]")]
    [InlineData("/api/leads", """{"email":"jana@brightlabs.de","source":"DemoRequest","signals":[{"type":"Webinar","at":"2026-11-30T10:00:00Z\ud83d"}]}""", "signals[0].at")]
    [InlineData("/api/leads", """{"email":"jana@brightlabs.de","source":"DemoRequest","\ud800":"x"}""", "\\ud800")]
    [InlineData("/api/routing/preview", """{"email":"jana@brightlabs.de","source":"DemoRequest","company":"\ud800Acme"}""", "company")]
    public async Task A_lone_surrogate_escape_in_any_value_or_name_is_a_400_naming_the_field(string url, string body, string field)
    {
        var before = await LeadCountAsync();

        var problem = await ProblemAsync(await _client.PostAsync(url, Json(body)));

        Assert.Contains("unpaired surrogate", Errors(problem, field), StringComparison.Ordinal);
        Assert.Equal(before, await LeadCountAsync());
    }

    [Fact]
    public async Task Signals_with_a_lone_surrogate_or_invalid_utf8_are_a_400_naming_the_signal()
    {
        var id = await PostLeadAsync(Lead(OwnAddress()));

        var surrogate = await ProblemAsync(await _client.PostAsync($"/api/leads/{id}/signals",
            Json("""[{"type":"Webinar\ud800","at":"2026-11-30T10:00:00Z"}]""")));
        var invalid = await ProblemAsync(await _client.PostAsync($"/api/leads/{id}/signals",
            Json(Raw("""{"signals":[{"type":"Webinar","at":"2026-11-30T10:00:00Z"},{"type":"Web""", [0xFF], """inar","at":"2026-11-30T10:00:00Z"}]}"""))));

        Assert.Contains("unpaired surrogate", Errors(surrogate, "signals[0].type"), StringComparison.Ordinal);
        Assert.Contains("not valid UTF-8", Errors(invalid, "signals[1].type"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_with_invalid_utf8_is_a_400_naming_the_field()
    {
        var body = Raw("""{"email":"jana@brightlabs.de","source":"DemoRequest","company":"Br""", [0xE4, 0xFC], """ckner"}""");

        var problem = await ProblemAsync(await _client.PostAsync("/api/routing/preview", Json(body)));

        Assert.Contains("not valid UTF-8", Errors(problem, "company"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("firstName", "Ja\u0000na", "U+0000 (NUL)")]
    [InlineData("firstName", "Ja\u001Bna", "U+001B (ESC)")]
    [InlineData("lastName", "Rich\u0007ter", "U+0007 (BEL)")]
    [InlineData("company", "Brightlabs\r\nGmbH", "U+000D (carriage return)")]
    [InlineData("company", "Brightlabs\nGmbH", "U+000A (line feed)")]
    [InlineData("title", "CEO\u202Efdp.exe", "U+202E (right-to-left override)")]
    [InlineData("lastName", "M\uFFFDller", "U+FFFD")]
    public async Task Control_characters_in_names_and_company_are_a_400_naming_the_field(string field, string value, string named)
    {
        var before = await LeadCountAsync();
        var lead = Lead("jana@brightlabs.de");
        lead[field] = value;

        var problem = await ProblemAsync(await _client.PostAsJsonAsync("/api/leads", lead));

        Assert.Contains(named, Errors(problem, field), StringComparison.Ordinal);
        Assert.Equal(before, await LeadCountAsync());
    }

    [Theory]
    [InlineData("ja\u200Bna@brightlabs.de", "U+200B (zero-width space)")]
    [InlineData("jana@bright\u200Dlabs.de", "U+200D (zero-width joiner)")]
    [InlineData("\u202Eed.sbalthgirb@anaj", "U+202E (right-to-left override)")]
    [InlineData("j\u0430na@brightlabs.de", "mixes Latin and Cyrillic")]
    [InlineData("jana@brightl\u0430bs.de", "mixes Latin and Cyrillic")]
    [InlineData("jana@xn--brightlbs-6yh.de", "mixes Latin and Cyrillic")]
    [InlineData("\uFF4Aana@brightlabs.de", "compatibility character")]
    public async Task Invisible_and_look_alike_characters_in_emails_are_a_400(string email, string named)
    {
        var before = await LeadCountAsync();

        var problem = await ProblemAsync(await _client.PostAsJsonAsync("/api/leads", Lead(email)));

        Assert.Contains(named, Errors(problem, "email"), StringComparison.Ordinal);
        Assert.Equal(before, await LeadCountAsync());
    }

    [Fact]
    public async Task Two_spellings_of_an_internationalised_address_are_one_person_for_dedup()
    {
        var first = await PostLeadAsync(Lead("Jörg@Bücher.de", "Jörg"));

        // The same address with the domain in Punycode and the ö decomposed (o + combining diaeresis).
        var response = await _client.PostAsJsonAsync("/api/leads", Lead("jo\u0308rg@xn--bcher-kva.de", "Jörg"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(first, (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["duplicateOf"]);
        var stored = (await _client.GetFromJsonAsync<JsonObject>($"/api/leads/{first}"))!;
        Assert.Equal("jörg@xn--bcher-kva.de", (string)stored["lead"]!["email"]!);
        Assert.Equal("xn--bcher-kva.de", (string)stored["lead"]!["companyDomain"]!);
    }

    [Fact]
    public async Task Decomposed_letters_are_stored_composed()
    {
        var id = await PostLeadAsync(Lead(OwnAddress(), "Ju\u0308rgen"));

        var stored = (await _client.GetFromJsonAsync<JsonObject>($"/api/leads/{id}"))!;
        Assert.Equal("Jürgen", (string)stored["lead"]!["firstName"]!);
    }

    [Theory]
    [InlineData("1.000", "employees", "without a decimal point")]
    [InlineData("250.0", "employees", "without a decimal point")]
    [InlineData("\"1.000\"", "employees", "not a string")]
    [InlineData("\"25.000\"", "estimatedDealSize", "not a string")]
    public async Task A_number_that_could_be_read_as_a_thousandth_is_refused_not_truncated(string json, string field, string message)
    {
        var before = await LeadCountAsync();
        var body = ValidLead[..^1] + $",\"{field}\":" + json + "}";
        if (field == "employees")
        {
            body = body.Replace("\"employees\":350,", "", StringComparison.Ordinal);
        }

        var problem = await ProblemAsync(await _client.PostAsync("/api/leads", Json(body)));

        Assert.Contains(message, Errors(problem, field), StringComparison.Ordinal);
        Assert.Equal(before, await LeadCountAsync());
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("1970-01-01T00:00:00Z")]
    [InlineData("1999-12-31T23:59:59Z")]
    public async Task ReceivedAt_before_2000_is_a_400(string receivedAt)
    {
        var before = await LeadCountAsync();
        var lead = Lead("jana@brightlabs.de");
        lead["receivedAt"] = receivedAt;

        var problem = await ProblemAsync(await _client.PostAsJsonAsync("/api/leads", lead));

        Assert.Contains("Must not be before 2000-01-01", Errors(problem, "receivedAt"), StringComparison.Ordinal);
        Assert.Equal(before, await LeadCountAsync());
    }

    [Fact]
    public async Task A_signal_from_year_1_is_a_400_on_both_endpoints()
    {
        var lead = Lead("jana@brightlabs.de");
        lead["signals"] = new JsonArray(new JsonObject { ["type"] = "Webinar", ["at"] = "0001-01-01T00:00:00Z" });
        var problem = await ProblemAsync(await _client.PostAsJsonAsync("/api/leads", lead));
        Assert.Contains("Must not be before 2000-01-01", Errors(problem, "signals[0].at"), StringComparison.Ordinal);

        var id = await PostLeadAsync(Lead(OwnAddress()));
        problem = await ProblemAsync(await _client.PostAsync($"/api/leads/{id}/signals", Json("""[{"type":"Webinar","at":"0001-01-01T00:00:00Z"}]""")));
        Assert.Contains("Must not be before 2000-01-01", Errors(problem, "signals[0].at"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_property_given_twice_inside_a_signal_is_a_400()
    {
        var body = """{"email":"jana@brightlabs.de","source":"DemoRequest","signals":[{"type":"Webinar","type":"DemoRequest","at":"2026-11-30T10:00:00Z"}]}""";

        var problem = await ProblemAsync(await _client.PostAsync("/api/leads", Json(body)));

        Assert.Contains("more than once", Errors(problem, "signals[0].type"), StringComparison.Ordinal);
    }
}
