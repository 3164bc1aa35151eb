using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using LeadRouting.Web.Data;
using LeadRouting.Web.Data.Entities;
using LeadRouting.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Api;

/// <summary>
/// PUT /api/config/draft with a document that cannot be read as text: a property given twice, a string that is not
/// UTF-8, an unpaired surrogate. Each is a 400 naming the JSON path, and no draft is stored.
/// </summary>
/// <remarks>Every draft here is refused and each test checks that no draft was stored, so the tests share one app.</remarks>
public sealed class ConfigDraftInputTests : IClassFixture<LeadRoutingApiFactory>, IDisposable
{
    private readonly LeadRoutingApiFactory _factory;
    private readonly HttpClient _admin;

    public ConfigDraftInputTests(LeadRoutingApiFactory factory)
    {
        _factory = factory;
        _admin = factory.CreateApiClient(ApiScopes.Admin);
    }

    public void Dispose() => _admin.Dispose();

    private async Task<string> PublishedJsonAsync() =>
        (await _admin.GetFromJsonAsync<JsonObject>("/api/config"))!["configuration"]!.ToJsonString();

    private async Task<JsonObject> PutExpecting400Async(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var response = await _admin.PutAsync("/api/config/draft", content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"Expected 400, got {(int)response.StatusCode}: {text}");
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        Assert.False(await db.ConfigurationVersions.AnyAsync(v => v.Kind == ConfigurationVersionKind.Draft));
        return JsonNode.Parse(text)!["errors"]!.AsObject();
    }

    /// <summary>The document with <paramref name="insert"/> put right after the first "teams":[{.</summary>
    private static string IntoFirstTeam(string json, string insert)
    {
        const string marker = "\"teams\":[{";
        var at = json.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(at >= 0, "The published document has teams.");
        return json.Insert(at + marker.Length, insert);
    }

    [Fact]
    public async Task A_duplicate_key_is_a_400_naming_its_path()
    {
        var json = IntoFirstTeam(await PublishedJsonAsync(), "\"name\":\"Shadow team\",");

        var errors = await PutExpecting400Async(Encoding.UTF8.GetBytes(json));

        Assert.Contains("more than once", string.Join(" ", errors["organisation.teams[0].name"]!.AsArray().Select(m => (string)m!)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_duplicate_top_level_key_in_another_case_is_a_400()
    {
        var json = await PublishedJsonAsync();
        json = "{\"SchemaVersion\":1," + json[1..];

        var errors = await PutExpecting400Async(Encoding.UTF8.GetBytes(json));

        Assert.True(errors.ContainsKey("schemaVersion") || errors.ContainsKey("SchemaVersion"), errors.ToJsonString());
    }

    [Fact]
    public async Task Invalid_utf8_in_a_name_value_is_a_400_naming_its_path()
    {
        var json = IntoFirstTeam(await PublishedJsonAsync(), "\"comment\":\"M#ller\",");
        var bytes = Encoding.UTF8.GetBytes(json);
        bytes[Array.IndexOf(bytes, (byte)'#')] = 0xFC;

        var errors = await PutExpecting400Async(bytes);

        Assert.Contains("not valid UTF-8", string.Join(" ", errors["organisation.teams[0].comment"]!.AsArray().Select(m => (string)m!)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lone_surrogate_is_a_400_naming_its_path()
    {
        // Take the team's own name out, so the only problem is the surrogate.
        var document = JsonNode.Parse(await PublishedJsonAsync())!;
        var team = document["organisation"]!["teams"]![0]!.AsObject();
        team.Remove("name");
        var json = IntoFirstTeam(document.ToJsonString(), "\"name\":\"Shadow\\ud800\",");

        var errors = await PutExpecting400Async(Encoding.UTF8.GetBytes(json));

        Assert.Contains("unpaired surrogate", string.Join(" ", errors["organisation.teams[0].name"]!.AsArray().Select(m => (string)m!)), StringComparison.Ordinal);
    }
}
