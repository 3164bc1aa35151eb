using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using LeadRouting.Web.Data;
using LeadRouting.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Api;

public sealed class RateLimitTests : IDisposable
{
    private readonly LeadRoutingApiFactory _factory = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string>
    {
        ["RateLimiting:IngestPerSecond"] = "1",
        ["RateLimiting:IngestBurst"] = "2",
    });

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Ingestion_over_the_key_limit_is_429_with_retry_after_and_stores_nothing_for_rejected_requests()
    {
        var client = _factory.CreateApiClient(ApiScopes.Ingest);
        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 6; i++)
        {
            responses.Add(await client.PostAsJsonAsync("/api/leads", new JsonObject
            {
                ["email"] = $"burst{i}@brightlabs.de",
                ["source"] = "DemoRequest",
                ["country"] = "DE",
            }));
        }

        var limited = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(limited);
        Assert.All(limited, r => Assert.True(r.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1)));
        var created = responses.Count(r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(responses.Count, created + limited.Count);

        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        Assert.Equal(created, await db.Leads.CountAsync());
    }

    private static StringContent Csv(string prefix, int rows, bool blankLines = false)
    {
        var csv = new StringBuilder("email,source,country\n");
        for (var i = 0; i < rows; i++)
        {
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"{prefix}{i}@brightlabs.de,DemoRequest,DE\n");
            if (blankLines)
            {
                csv.Append(" \r\n");
            }
        }

        return new StringContent(csv.ToString(), Encoding.UTF8, "text/csv");
    }

    private static async Task<int> LeadCountAsync(LeadRoutingApiFactory factory)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        return await db.Leads.CountAsync();
    }

    [Fact]
    public async Task An_import_with_more_rows_than_the_key_may_send_at_once_is_refused_whole()
    {
        // The case: a key limited to 2 leads a second stored 300 in one import.
        var client = _factory.CreateApiClient(ApiScopes.Ingest);

        var response = await client.PostAsync("/api/leads/import", Csv("bulk", 300));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal((300, 2), ((int)problem["rows"]!, (int)problem["maxRows"]!));
        Assert.NotNull(problem["errors"]!["file"]);
        Assert.Equal(0, await LeadCountAsync(_factory));
    }

    [Fact]
    public async Task Import_rows_and_single_leads_share_the_key_bucket_and_an_import_over_the_rest_is_429_storing_nothing()
    {
        // 20 at once, then one a second: a few seconds of a loaded machine add a few tokens, never the 10 missing below.
        using var factory = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string>
        {
            ["RateLimiting:IngestPerSecond"] = "1",
            ["RateLimiting:IngestBurst"] = "20",
        });
        var client = factory.CreateApiClient(ApiScopes.Ingest);
        var other = factory.CreateApiClient(ApiScopes.Ingest);

        // Blank lines cost nothing: 8 rows are 8 tokens.
        var first = await client.PostAsync("/api/leads/import", Csv("first", 8, blankLines: true));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(8, (int)(await first.Content.ReadFromJsonAsync<JsonObject>())!["created"]!);
        for (var i = 0; i < 2; i++)
        {
            var single = await client.PostAsJsonAsync("/api/leads", new JsonObject { ["email"] = $"single{i}@brightlabs.de", ["source"] = "DemoRequest", ["country"] = "DE" });
            Assert.Equal(HttpStatusCode.Created, single.StatusCode);
        }

        // 10 of 20 are spent; 20 more rows do not fit.
        var refused = await client.PostAsync("/api/leads/import", Csv("second", 20));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {refused.Headers.RetryAfter}");
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(10, await LeadCountAsync(factory));

        // Another key has its own bucket.
        var elsewhere = await other.PostAsync("/api/leads/import", Csv("other", 20));
        Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
        Assert.Equal(30, await LeadCountAsync(factory));
    }
}
