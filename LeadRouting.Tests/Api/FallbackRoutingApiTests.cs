using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LeadRouting.Core.Configuration;
using LeadRouting.Web.Data;
using LeadRouting.Web.Data.Entities;
using LeadRouting.Web.Live;
using LeadRouting.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Api;

/// <summary>Issue 13 point 2 through the HTTP API on the demo organisation: leads of a Sunday, and an owner without named-account protection.</summary>
public sealed class FallbackRoutingApiTests : IDisposable
{
    /// <summary>Sunday 6 Dec 2026, 14:00 in Berlin.</summary>
    private static readonly DateTimeOffset Sunday = new(2026, 12, 6, 13, 0, 0, TimeSpan.Zero);

    private readonly LeadRoutingApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private static JsonObject Lead(string email, int employees, string industry, decimal? dealSize = null) => new()
    {
        ["email"] = email,
        ["firstName"] = "Jana",
        ["lastName"] = "Richter",
        ["company"] = "Brightlabs",
        ["employees"] = employees,
        ["industry"] = industry,
        ["country"] = "DE",
        ["techStack"] = new JsonArray("HubSpot"),
        ["source"] = "DemoRequest",
        ["estimatedDealSize"] = dealSize,
    };

    private async Task WithDbAsync(Func<LeadRoutingDbContext, Task> change)
    {
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        await change(db);
        await db.SaveChangesAsync();
    }

    private async Task<T> QueryAsync<T>(Func<LeadRoutingDbContext, Task<T>> query)
    {
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        return await query(db);
    }

    private static async Task<JsonObject> PostAsync(HttpClient client, JsonObject lead)
    {
        var response = await client.PostAsJsonAsync("/api/leads", lead);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static string TraceText(JsonNode decision) =>
        string.Join("\n", decision["trace"]!.AsArray().Select(t => $"{t!["step"]}: {t["input"]} => {t["outcome"]}"));

    [Fact]
    public async Task Sunday_demo_requests_go_to_the_follow_the_sun_backup_while_it_has_room_then_to_DACH_with_Monday_clocks()
    {
        var client = _factory.CreateApiClient(ApiScopes.Ingest, ApiScopes.Read);
        _factory.Time.SetUtcNow(Sunday);

        // The follow-the-sun rep of the DACH backup pool has room for two more leads.
        await WithDbAsync(async db =>
        {
            var yuki = await db.RepStates.SingleOrDefaultAsync(r => r.RepId == "inbound-mid-1");
            if (yuki is null)
            {
                db.RepStates.Add(new RepStateEntity { RepId = "inbound-mid-1", OpenLeads = 18 });
            }
            else
            {
                yuki.OpenLeads = 18;
            }
        });

        var bodies = new List<JsonObject>();
        for (var i = 0; i < 4; i++)
        {
            bodies.Add(await PostAsync(client, Lead($"cfo{i}@fintech{i}.de", 250, "Fintech", 5_000)));
        }

        var decisions = bodies.Select(b => b["decision"]!).ToList();
        Assert.All(decisions, d => Assert.Equal("Assigned", (string?)d["status"]));
        Assert.Equal(["inbound-mid-1", "inbound-mid-1"], decisions.Take(2).Select(d => (string?)d["ownerId"]));
        foreach (var dach in decisions.Skip(2))
        {
            Assert.Equal("DACH Sales", (string?)dach["team"]);
            Assert.StartsWith("dach-jr-", (string?)dach["ownerId"], StringComparison.Ordinal);
            Assert.Equal(new DateTimeOffset(2026, 12, 7, 8, 15, 0, TimeSpan.Zero), dach["respondBy"]!.GetValue<DateTimeOffset>());
        }

        // The stored trace says when the clocks start.
        var stored = await client.GetFromJsonAsync<JsonObject>($"/api/leads/{(string)bodies[3]["lead"]!["id"]!}");
        Assert.Contains("the clocks start Mon 7 Dec 09:00 Europe/Berlin, when Berlin office opens", TraceText(stored!["decision"]!), StringComparison.Ordinal);
        Assert.Equal(0, await QueryAsync(db => db.Leads.CountAsync(l => l.Stage == LeadRouting.Core.Leads.LeadStage.Unassigned)));
    }

    [Fact]
    public async Task Account_owner_without_named_account_protection_is_notified_and_the_lead_routes_by_segment()
    {
        var client = _factory.CreateApiClient(ApiScopes.Ingest, ApiScopes.Read);
        await WithDbAsync(db =>
        {
            db.Accounts.Add(new AccountEntity { Domain = "fabrikam-gmbh.de", Name = "Fabrikam GmbH", OwnerId = "dach-ad-1", IsNamedAccount = false, IsCustomer = false, CreatedAt = LeadRoutingApiFactory.Now });
            return Task.CompletedTask;
        });

        var body = await PostAsync(client, Lead("buyer@fabrikam-gmbh.de", 350, "Software"));
        var decision = body["decision"]!;
        var id = (string)body["lead"]!["id"]!;

        Assert.Equal(("Assigned", "LeastLoaded"), ((string?)decision["status"], (string?)decision["distribution"]));
        Assert.StartsWith("dach-mid-", (string?)decision["ownerId"], StringComparison.Ordinal);
        Assert.Contains(
            "Ownership: accounts and open leads of fabrikam-gmbh.de => account 'Fabrikam GmbH' is owned by Friedrich Köhler but not a named account: routed by segment; Friedrich Köhler notified",
            TraceText(decision),
            StringComparison.Ordinal);

        var notices = await QueryAsync(db => db.Outbox.Where(m => m.Type == nameof(LeadEventKind.ManagerNotice)).Select(m => m.Payload).ToListAsync());
        var notice = JsonSerializer.Deserialize<LeadEvent>(Assert.Single(notices), ConfigurationJson.Options)!;
        Assert.Equal((id, "Friedrich Köhler", "dach-ad-1@leadrouting.demo"), (notice.LeadId, notice.ManagerName, notice.ManagerEmail));
        Assert.Contains("Fabrikam GmbH", notice.Reason, StringComparison.Ordinal);
        Assert.Equal(1, await QueryAsync(db => db.AuditEvents.CountAsync(e => e.LeadId == id && e.Type == "ManagerNotified")));
    }

    [Fact]
    public async Task A_draft_with_a_bad_chain_is_refused_naming_the_step_and_one_without_a_chain_is_read_with_the_default()
    {
        var admin = _factory.CreateApiClient(ApiScopes.Admin);
        var document = (await admin.GetFromJsonAsync<JsonObject>("/api/config"))!["configuration"]!;
        Assert.Equal(["OwnerBackup", "SegmentPool", "TeamBackupPool"], document["policy"]!["fallback"]!.AsArray().Select(s => (string?)s));

        async Task<HttpResponseMessage> PutAsync(JsonNode fallback)
        {
            var edited = document.DeepClone();
            edited["policy"]!["fallback"] = fallback;
            return await admin.PutAsync("/api/config/draft", new StringContent(edited.ToJsonString(), Encoding.UTF8, "application/json"));
        }

        async Task<List<string>> ErrorsAsync(HttpResponseMessage response)
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return [.. (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["configuration"]!.AsArray().Select(e => (string)e!)];
        }

        Assert.Contains(
            "$.policy.fallback[1]: 'RegionManager' is not a fallback step (known: OwnerBackup, SegmentPool, TeamBackupPool).",
            await ErrorsAsync(await PutAsync(new JsonArray("OwnerBackup", "RegionManager"))));
        Assert.Contains(
            "policy.fallback: step OwnerBackup appears 2 times; each step may appear once.",
            await ErrorsAsync(await PutAsync(new JsonArray("OwnerBackup", "OwnerBackup"))));
        Assert.Equal(0, await QueryAsync(db => db.ConfigurationVersions.CountAsync(v => v.Kind == ConfigurationVersionKind.Draft)));

        // A client written before the chain existed sends no "fallback": the draft gets the default chain.
        var old = document.DeepClone();
        Assert.True(old["policy"]!.AsObject().Remove("fallback"));
        var saved = await admin.PutAsync("/api/config/draft", new StringContent(old.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var draft = ConfigurationLoader.Deserialize(await QueryAsync(db => db.ConfigurationVersions.Where(v => v.Kind == ConfigurationVersionKind.Draft).Select(v => v.Json).SingleAsync()));
        Assert.Equal(FallbackChain.Default, draft.Policy.Fallback);
    }
}
