using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace LeadRouting.Tests.Notifications;

public sealed class WebhooksApiTests : IDisposable
{
    private readonly FakeHostResolver _dns = new();
    private readonly LeadRoutingApiFactory _factory;

    public WebhooksApiTests()
    {
        _dns.Point("hooks.example.test", "93.184.215.14");
        _factory = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string>(), _dns.Replace);
    }

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

    /// <summary>The URLs first, then the ranges it names, then other spellings and ranges of the same places.</summary>
    [Theory]
    [InlineData("http://127.0.0.1/hook", "loopback")]
    [InlineData("http://localhost/hook", "loopback")]
    [InlineData("http://[::1]/hook", "loopback")]
    [InlineData("http://2130706433/hook", "loopback")]
    [InlineData("http://0.0.0.0/hook", "unspecified")]
    [InlineData("http://127.1/hook", "loopback")]
    [InlineData("http://10.1.2.3/hook", "private")]
    [InlineData("http://172.16.0.1/hook", "private")]
    [InlineData("http://172.31.255.254:8443/hook", "private")]
    [InlineData("http://192.168.1.10/hook", "private")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "link-local")]
    [InlineData("http://[fc00::1]/hook", "private")]
    [InlineData("http://[fd12:3456::1]/hook", "private")]
    [InlineData("http://224.0.0.1/hook", "multicast")]
    [InlineData("http://[ff02::1]/hook", "multicast")]
    [InlineData("https://0x7f.1/hook", "loopback")]
    [InlineData("https://0177.0.0.1/hook", "loopback")]
    [InlineData("https://0x7f000001/hook", "loopback")]
    [InlineData("https://[::ffff:127.0.0.1]/hook", "loopback")]
    [InlineData("https://[::ffff:a9fe:a9fe]/hook", "link-local")]
    [InlineData("https://[64:ff9b::a9fe:a9fe]/hook", "link-local")]
    [InlineData("https://[::]/hook", "unspecified")]
    [InlineData("https://LOCALHOST./hook", "loopback")]
    [InlineData("https://crm.localhost/hook", "loopback")]
    [InlineData("https://100.64.0.1/hook", "carrier-grade NAT")]
    [InlineData("https://[fe80::1]/hook", "link-local")]
    [InlineData("https://255.255.255.255/hook", "broadcast")]
    [InlineData("https://192.0.2.1/hook", "reserved")]
    public async Task Create_refuses_urls_to_internal_addresses_naming_the_field_and_why(string url, string why)
    {
        var client = _factory.CreateApiClient(ApiScopes.Admin);

        var response = await client.PostAsJsonAsync("/api/webhooks", new { name = "internal", url });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["url"]![0]!;
        Assert.Contains(why, problem);
        Assert.Contains("Notifications:Webhooks:AllowedHosts", problem);
        Assert.Equal(0, await _factory.QueryAsync(db => db.WebhookSubscriptions.CountAsync()));
    }

    [Theory]
    [InlineData("intranet.corp.test", "private", new[] { "10.0.0.5" })]
    [InlineData("metadata.corp.test", "link-local", new[] { "169.254.169.254" })]
    [InlineData("ipv6.corp.test", "loopback", new[] { "::1" })]
    [InlineData("mixed.corp.test", "loopback", new[] { "93.184.215.14", "127.0.0.1" })]
    public async Task Create_refuses_a_name_that_resolves_to_any_internal_address_without_telling_which(string host, string why, string[] addresses)
    {
        _dns.Point(host, addresses);
        var client = _factory.CreateApiClient(ApiScopes.Admin);

        var response = await client.PostAsJsonAsync("/api/webhooks", new { name = "internal", url = $"https://{host}/hook" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["url"]![0]!;
        Assert.Contains($"{host} resolves to", problem);
        Assert.Contains(why, problem);
        Assert.All(addresses, a => Assert.DoesNotContain(a, problem));
        Assert.Contains(host, _dns.Lookups);
        Assert.Equal(0, await _factory.QueryAsync(db => db.WebhookSubscriptions.CountAsync()));
    }

    /// <summary>Slack-style incoming webhooks are the one other kind of outbound URL a user sets: the same rule holds.</summary>
    [Theory]
    [InlineData("http://169.254.169.254/services/T000/B000/x", "link-local")]
    [InlineData("http://localhost/services/T000/B000/x", "loopback")]
    public async Task Create_refuses_a_Slack_format_url_to_an_internal_address_the_same_way(string url, string why)
    {
        var client = _factory.CreateApiClient(ApiScopes.Admin);

        var response = await client.PostAsJsonAsync("/api/webhooks", new { name = "slack", url, format = "Slack" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(why, (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["url"]![0]!);
        Assert.Equal(0, await _factory.QueryAsync(db => db.WebhookSubscriptions.CountAsync()));
    }

    [Fact]
    public async Task Create_accepts_a_name_that_does_not_resolve_yet_since_every_delivery_checks_again()
    {
        var client = _factory.CreateApiClient(ApiScopes.Admin);

        var response = await client.PostAsJsonAsync("/api/webhooks", new { name = "later", url = "https://hooks.not-yet.test/hook" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Contains("hooks.not-yet.test", _dns.Lookups);
    }

    [Fact]
    public async Task An_operator_allow_list_opens_the_hosts_and_ranges_it_names_and_nothing_else()
    {
        var dns = new FakeHostResolver();
        dns.Point("hooks.internal.test", "10.9.9.9");
        dns.Point("other.internal.test", "10.9.9.10");
        using var factory = LeadRoutingApiFactory.WithSettings(
            new Dictionary<string, string>
            {
                ["Notifications:Webhooks:AllowedHosts:0"] = "hooks.internal.test",
                ["Notifications:Webhooks:AllowedHosts:1"] = "10.20.0.0/16",
            },
            dns.Replace);
        var client = factory.CreateApiClient(ApiScopes.Admin);

        async Task<HttpStatusCode> Create(string url) => (await client.PostAsJsonAsync("/api/webhooks", new { name = "hook", url })).StatusCode;

        Assert.Equal(HttpStatusCode.Created, await Create("https://hooks.internal.test/hook"));
        Assert.Equal(HttpStatusCode.Created, await Create("http://10.20.3.4:8080/hook"));
        Assert.Equal(HttpStatusCode.BadRequest, await Create("https://other.internal.test/hook"));
        Assert.Equal(HttpStatusCode.BadRequest, await Create("http://10.21.0.1/hook"));
        Assert.Equal(HttpStatusCode.BadRequest, await Create("http://127.0.0.1/hook"));
        Assert.Equal(HttpStatusCode.BadRequest, await Create("http://169.254.169.254/hook"));
        Assert.Equal(2, await factory.QueryAsync(db => db.WebhookSubscriptions.CountAsync()));
    }

    [Fact]
    public void An_allow_list_entry_that_is_not_understood_stops_the_start_and_is_named()
    {
        using var factory = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string>
        {
            ["Notifications:Webhooks:AllowedHosts:0"] = "127.0.0.1",
            ["Notifications:Webhooks:AllowedHosts:1"] = "10.0.0.1/8",
        });

        var error = Assert.ThrowsAny<Exception>(() => factory.Services);

        Assert.Contains("'10.0.0.1/8'", error.ToString());
    }

    [Fact]
    public async Task Webhooks_need_the_admin_scope()
    {
        var client = _factory.CreateApiClient(ApiScopes.Read, ApiScopes.Ingest);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/webhooks")).StatusCode);
    }
}
