using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LeadRouting.Web.Data;
using LeadRouting.Web.Data.Entities;
using LeadRouting.Web.Routing;
using LeadRouting.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Api;

/// <summary>Issue 19 through the HTTP API: a free-mail lead and a subdomain lead find the named account the live store holds.</summary>
public sealed class AccountMatchingApiTests : IDisposable
{
    private readonly LeadRoutingApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private static JsonObject Lead(string email, string company) => new()
    {
        ["email"] = email,
        ["firstName"] = "Jana",
        ["lastName"] = "Richter",
        ["company"] = company,
        ["employees"] = 350,
        ["industry"] = "Software",
        ["country"] = "DE",
        ["techStack"] = new JsonArray("HubSpot"),
        ["source"] = "DemoRequest",
    };

    private async Task AddAccountAsync(AccountEntity account)
    {
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        db.Accounts.Add(account);
        await db.SaveChangesAsync();
        _factory.Services.GetRequiredService<AccountMatcherIndex>().Invalidate();
    }

    private static async Task<JsonNode> PostAsync(HttpClient client, JsonObject lead)
    {
        var response = await client.PostAsJsonAsync("/api/leads", lead);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["decision"]!;
    }

    private static string Trace(JsonNode decision) =>
        string.Join("\n", decision["trace"]!.AsArray().Select(s => $"{(string?)s!["step"]}: {(string?)s["input"]} => {(string?)s["outcome"]}"));

    [Fact]
    public async Task A_free_mail_lead_naming_a_named_account_goes_to_its_owner()
    {
        var client = _factory.CreateApiClient(ApiScopes.Ingest, ApiScopes.Read);
        await AddAccountAsync(new AccountEntity { Domain = "kesselwerk.de", Name = "Kesselwerk Süd GmbH", OwnerId = "dach-ad-1", IsNamedAccount = true, Country = "DE", CreatedAt = LeadRoutingApiFactory.Now });

        var decision = await PostAsync(client, Lead("jana.richter@gmail.com", "Kesselwerk Sued AG"));

        Assert.Equal(("dach-ad-1", "NamedAccount"), ((string?)decision["ownerId"], (string?)decision["distribution"]));
        Assert.Contains("Account match: company name 'Kesselwerk Sued AG' (no company domain) => matched Kesselwerk Süd GmbH by company name, 1.00", Trace(decision), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lead_from_a_subdomain_goes_to_the_owner_of_the_parent_domains_account()
    {
        var client = _factory.CreateApiClient(ApiScopes.Ingest, ApiScopes.Read);
        await AddAccountAsync(new AccountEntity { Domain = "kesselwerk.de", Name = "Kesselwerk Süd GmbH", OwnerId = "dach-ad-1", IsNamedAccount = true, CreatedAt = LeadRoutingApiFactory.Now });

        var decision = await PostAsync(client, Lead("jana@werk2.kesselwerk.de", "Werk 2"));

        Assert.Equal("dach-ad-1", (string?)decision["ownerId"]);
        Assert.Contains("matched Kesselwerk Süd GmbH by parent domain kesselwerk.de, 0.98", Trace(decision), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_near_miss_name_is_not_matched()
    {
        var client = _factory.CreateApiClient(ApiScopes.Ingest, ApiScopes.Read);
        await AddAccountAsync(new AccountEntity { Domain = "kesselwerk.de", Name = "Kesselwerk Süd GmbH", OwnerId = "dach-ad-1", IsNamedAccount = true, CreatedAt = LeadRoutingApiFactory.Now });

        var decision = await PostAsync(client, Lead("jana@gmail.com", "Kesselwerk Nord Energie GmbH"));

        Assert.NotEqual("NamedAccount", (string?)decision["distribution"]);
        Assert.DoesNotContain("Account match", Trace(decision), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_declined_lead_matched_by_name_is_rerouted_with_the_same_account_match()
    {
        // Rerouting (a decline, an escalation) routes the lead again: it must see the account the first decision saw, not
        // fall back to exact domains and route the company's lead as if nobody owned it.
        var client = _factory.CreateApiClient(ApiScopes.Ingest, ApiScopes.Read);
        await AddAccountAsync(new AccountEntity { Domain = "kesselwerk.de", Name = "Kesselwerk Süd GmbH", OwnerId = "dach-ad-1", IsNamedAccount = true, Country = "DE", CreatedAt = LeadRoutingApiFactory.Now });
        var response = await client.PostAsJsonAsync("/api/leads", Lead("jana.richter@gmail.com", "Kesselwerk Sued AG"));
        var leadId = (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["lead"]!["id"]!;

        var declined = await _factory.Services.GetRequiredService<LeadRouting.Web.Leads.LeadActionsService>()
            .DeclineAsync(leadId, new LeadRouting.Web.Leads.LeadActor("rep", "dach-ad-1"), "On holiday next week", CancellationToken.None);

        Assert.Equal(LeadRouting.Web.Leads.LeadActionResult.Done, declined);
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        var rerouted = JsonNode.Parse(LeadRouting.Web.Leads.StoredTrace.JsonOf(await db.Decisions.Where(d => d.LeadId == leadId && d.Reason == "Rerouted").SingleAsync()))!;
        Assert.Contains("matched Kesselwerk Süd GmbH by company name", string.Join("\n", rerouted.AsArray().Select(s => (string?)s!["outcome"])), StringComparison.Ordinal);
    }
}
