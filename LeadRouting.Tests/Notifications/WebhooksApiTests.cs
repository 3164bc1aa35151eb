using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace LeadRouting.Tests.Notifications;

public sealed class WebhooksApiTests : IDisposable
{
    private readonly LeadRoutingApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Create_answers_the_secret_once_stores_it_encrypted_and_lists_without_it()
    {
        var client = _factory.CreateApiClient(ApiScopes.Admin);

        var created = await client.PostAsJsonAsync("/api/webhooks", new { name = "Sales Slack", url = "https://hooks.example.test/services/T000/B000/XXXX", format = "Slack", teamId = "dach" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
        var secret = (string)body["secret"]!;
        Assert.StartsWith("whsec_", secret);
        Assert.Equal("https://hooks.example.test/…", (string)body["webhook"]!["url"]!);
        var stored = await _factory.QueryAsync(db => db.WebhookSubscriptions.AsNoTracking().SingleAsync());
        Assert.DoesNotContain(secret, stored.ProtectedSecret);
        Assert.Equal("https://hooks.example.test/services/T000/B000/XXXX", stored.Url);

        var list = await client.GetStringAsync("/api/webhooks");
        Assert.DoesNotContain(secret, list);
        Assert.DoesNotContain("XXXX", list);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/webhooks/{stored.Id}")).StatusCode);
        Assert.Equal("[]", await client.GetStringAsync("/api/webhooks"));
    }

    [Theory]
    [InlineData("ftp://example.test/hook")]
    [InlineData("/relative/hook")]
    [InlineData("javascript:alert(1)")]
    [InlineData("https://user:pass@example.test/hook")]
    public async Task Create_refuses_urls_that_are_not_absolute_http(string url)
    {
        var client = _factory.CreateApiClient(ApiScopes.Admin);

        var response = await client.PostAsJsonAsync("/api/webhooks", new { name = "bad", url });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["url"]);
    }

    [Fact]
    public async Task Webhooks_need_the_admin_scope()
    {
        var client = _factory.CreateApiClient(ApiScopes.Read, ApiScopes.Ingest);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/webhooks")).StatusCode);
    }
}
