using System.Net;
using System.Net.Http.Json;
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
}
