using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using LeadRouting.Tests.Api;
using LeadRouting.Tests.EndToEnd;
using LeadRouting.Tests.Notifications;
using LeadRouting.Web.Data;
using LeadRouting.Web.Data.Entities;
using LeadRouting.Web.Leads;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Leads;

/// <summary>
/// Every way in to the writer while its disk is full (a real tmpfs): the API answers 503 with Retry-After, a rep's
/// action is refused with a message the page shows, /health names the reason — and once space is back, the writer's
/// own probe ends the outage without anyone sending a request.
/// </summary>
[Slow(SlowBecause.Tmpfs)]
public sealed class StorageOutageTests : IDisposable
{
    private readonly SmallTmpfs _disk;
    private readonly LeadRoutingApiFactory _factory;

    public StorageOutageTests()
    {
        _disk = SmallTmpfs.Mount(megabytes: 32);
        _factory = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string> { ["Storage:DataDirectory"] = _disk.Path });
    }

    public void Dispose()
    {
        _factory.Dispose();
        _disk.Dispose();
    }

    [Fact]
    public async Task While_the_disk_is_full_every_write_is_refused_clearly_and_the_writer_recovers_without_traffic_when_space_returns()
    {
        var client = _factory.CreateApiClient();
        var sent = 0;
        Task<HttpResponseMessage> PostLeadAsync() => client.PostAsJsonAsync("/api/leads", new JsonObject
        {
            ["email"] = $"outage{sent}@outage-{sent++}.de",
            ["employees"] = 300,
            ["country"] = "DE",
            ["source"] = "DemoRequest",
        });

        var routed = await PostLeadAsync();
        Assert.Equal(HttpStatusCode.Created, routed.StatusCode);
        var lead = (await routed.Content.ReadFromJsonAsync<JsonObject>())!["lead"]!;
        var leadId = (string)lead["id"]!;
        var owner = new LeadActor("Clara Fischer", (string)lead["ownerId"]!);

        _disk.Fill();
        // The write-ahead log's own room may take a few more leads; the first that needs new disk is refused.
        while ((await PostLeadAsync()).StatusCode == HttpStatusCode.Created)
        {
            Assert.True(sent < 5_000, "5,000 leads were accepted on a full disk");
        }

        var actions = _factory.Services.GetRequiredService<LeadActionsService>();
        var accept = await actions.AcceptAsync(leadId, owner, CancellationToken.None);
        Assert.Equal(LeadActionOutcome.Unavailable, accept.Outcome);
        Assert.Equal(
            "The database cannot take changes right now: the disk or the database is full (SQLite error 13). Nothing was changed; try again in a moment.",
            accept.Message);

        var signals = await client.PostAsJsonAsync($"/api/leads/{leadId}/signals",
            new JsonArray(new JsonObject { ["type"] = "PricingPageVisit", ["at"] = LeadRoutingApiFactory.Now.ToString("O") }));
        AssertRefused(signals);
        var import = await client.PostAsync("/api/leads/import",
            new StringContent("email,employees,country,source\nimport@outage-import.de,300,DE,DemoRequest\n", Encoding.UTF8, "text/csv"));
        AssertRefused(import);

        var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal(
            "Unhealthy\ndatabase: Writes fail since 2026-11-30 15:00:00 UTC: the disk or the database is full (SQLite error 13). " +
            "Changes are refused (HTTP 503) until a write commits; the writer tries again every second.",
            await health.Content.ReadAsStringAsync());

        _disk.Free();
        // Nobody sends anything: the idle writer's probe commits, which ends the outage.
        await Eventually.FindAsync(
            async () => (await client.GetAsync("/health")).StatusCode == HttpStatusCode.OK ? "healthy" : null,
            "/health to report Healthy again without any request");
        var recovered = Assert.Single(await _factory.QueryAsync(db =>
            db.AuditEvents.AsNoTracking().Where(e => e.Type == LeadWriter.StorageRecoveredAuditType).ToListAsync()));
        Assert.Null(recovered.LeadId);
        Assert.StartsWith("Writes failed from 2026-11-30T15:00:00.0000000+00:00 to 2026-11-30T15:00:00.0000000+00:00 (", recovered.Detail, StringComparison.Ordinal);
        Assert.EndsWith("batch(es) refused): the disk or the database is full (SQLite error 13).", recovered.Detail, StringComparison.Ordinal);

        // Nothing refused was stored, and everything works again.
        Assert.False(await _factory.QueryAsync(db => db.Leads.AnyAsync(l => l.Email == "import@outage-import.de")));
        Assert.Equal(1, await _factory.QueryAsync(db => db.Signals.CountAsync(s => s.LeadId == leadId)));
        Assert.Equal(LeadActionOutcome.Done, (await actions.AcceptAsync(leadId, owner, CancellationToken.None)).Outcome);
        Assert.Equal(HttpStatusCode.Created, (await PostLeadAsync()).StatusCode);
    }

    private static void AssertRefused(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
