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

/// <summary>
/// Issue 19 through the HTTP API: the same person under another address (same name at the same matched account) is a
/// new lead, routed to the open lead's owner and answered with <c>possibleDuplicateOf</c>; the preview says the same.
/// </summary>
public sealed class PossibleDuplicateApiTests : IDisposable
{
    private readonly LeadRoutingApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private static JsonObject Lead(string email, string firstName, string lastName, string company) => new()
    {
        ["email"] = email,
        ["firstName"] = firstName,
        ["lastName"] = lastName,
        ["company"] = company,
        ["employees"] = 350,
        ["industry"] = "Software",
        ["country"] = "DE",
        ["techStack"] = new JsonArray("HubSpot"),
        ["source"] = "DemoRequest",
    };

    /// <summary>An account without an owner: its leads route by segment, so only the same-person rule links two of them.</summary>
    private async Task AddAccountAsync()
    {
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        db.Accounts.Add(new AccountEntity { Domain = "kesselwerk.de", Name = "Kesselwerk Süd GmbH", Country = "DE", CreatedAt = LeadRoutingApiFactory.Now });
        await db.SaveChangesAsync();
        _factory.Services.GetRequiredService<AccountMatcherIndex>().Invalidate();
    }

    private static async Task<JsonObject> CreatedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    [Fact]
    public async Task The_same_person_from_a_free_mail_address_goes_to_the_first_leads_owner_and_is_marked()
    {
        var client = _factory.CreateApiClient(ApiScopes.Ingest, ApiScopes.Read);
        await AddAccountAsync();
        var first = await CreatedAsync(await client.PostAsJsonAsync("/api/leads", Lead("jana.richter@kesselwerk.de", "Jana", "Richter", "Kesselwerk Süd GmbH")));
        var firstId = (string)first["lead"]!["id"]!;
        var owner = (string?)first["decision"]!["ownerId"];
        Assert.NotNull(owner);
        Assert.Null((string?)first["possibleDuplicateOf"]);

        // Another address, the name in other case, the company spelled without its umlaut: found by name, the same person.
        var preview = (await (await client.PostAsJsonAsync("/api/routing/preview", Lead("jana.richter@gmail.com", "JANA", "richter", "Kesselwerk Sued"))).Content.ReadFromJsonAsync<JsonObject>())!;
        var second = await CreatedAsync(await client.PostAsJsonAsync("/api/leads", Lead("jana.richter@gmail.com", "JANA", "richter", "Kesselwerk Sued")));

        var secondId = (string)second["lead"]!["id"]!;
        Assert.NotEqual(firstId, secondId);
        Assert.Equal(firstId, (string?)second["possibleDuplicateOf"]);
        Assert.Null((string?)second["duplicateOf"]);
        Assert.Equal(firstId, (string?)second["lead"]!["possibleDuplicateOf"]);
        var decision = second["decision"]!;
        Assert.Equal((firstId, owner, "ExistingLead"), ((string?)decision["possibleDuplicateOf"], (string?)decision["ownerId"], (string?)decision["distribution"]));
        Assert.Contains(
            decision["trace"]!.AsArray(),
            s => ((string?)s!["outcome"])?.StartsWith($"same person as open lead {firstId} (JANA richter at Kesselwerk Süd GmbH), routed to its owner", StringComparison.Ordinal) == true);
        Assert.Equal(
            (firstId, (string?)decision["ownerId"], (string?)decision["distribution"]),
            ((string?)preview["possibleDuplicateOf"], (string?)preview["ownerId"], (string?)preview["distribution"]));

        var read = (await client.GetFromJsonAsync<JsonObject>($"/api/leads/{secondId}"))!;
        Assert.Equal((firstId, firstId), ((string?)read["possibleDuplicateOf"], (string?)read["decision"]!["possibleDuplicateOf"]));
    }

    /// <summary>
    /// The upgrade step: leads stored without the keys (before the release, or before their account was on record) get
    /// them at start when their match counts now — open leads only — and are then found as the same person.
    /// </summary>
    [Fact]
    public async Task Open_leads_stored_without_the_keys_get_them_from_the_backfill_and_are_then_found()
    {
        var client = _factory.CreateApiClient(ApiScopes.Ingest, ApiScopes.Read);
        var open = await CreatedAsync(await client.PostAsJsonAsync("/api/leads", Lead("jana.richter@kesselwerk.de", "Jana", "Richter", "Kesselwerk Süd GmbH")));
        var closed = await CreatedAsync(await client.PostAsJsonAsync("/api/leads", Lead("max.brandt@kesselwerk.de", "Max", "Brandt", "Kesselwerk Süd GmbH")));
        var (openId, closedId) = ((string)open["lead"]!["id"]!, (string)closed["lead"]!["id"]!);
        await using (var db = await _factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync())
        {
            Assert.Equal(0, await db.Leads.CountAsync(l => l.PersonKey != null || l.AccountDomain != null));
            await db.Leads.Where(l => l.Id == closedId).ExecuteUpdateAsync(s => s.SetProperty(l => l.Stage, LeadRouting.Core.Leads.LeadStage.Converted));
        }

        await AddAccountAsync();
        Assert.Equal(1, await _factory.Services.GetRequiredService<LeadRouting.Web.Leads.SamePersonBackfill>().RunAsync(CancellationToken.None));
        await using (var db = await _factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync())
        {
            var keys = await db.Leads.OrderBy(l => l.Id).Select(l => new { l.Id, l.AccountDomain, l.PersonKey }).ToListAsync();
            Assert.Equal(("kesselwerk.de", "jana|richter"), keys.Where(k => k.Id == openId).Select(k => (k.AccountDomain, k.PersonKey)).Single());
            Assert.Null(keys.Single(k => k.Id == closedId).PersonKey);
        }

        // Run again: nothing left to fill.
        Assert.Equal(0, await _factory.Services.GetRequiredService<LeadRouting.Web.Leads.SamePersonBackfill>().RunAsync(CancellationToken.None));
        // Routing's account index was built before the account existed; it rebuilds in the background after the change.
        var index = _factory.Services.GetRequiredService<AccountMatcherIndex>();
        await Eventually.HoldsAsync(() => index.Current().FindByDomain("kesselwerk.de") is not null, "the routing index has the new account");
        var second = await CreatedAsync(await client.PostAsJsonAsync("/api/leads", Lead("jana.richter@gmail.com", "Jana", "Richter", "Kesselwerk Süd")));
        Assert.Equal(openId, (string?)second["possibleDuplicateOf"]);
    }

    [Fact]
    public async Task Another_person_at_the_account_is_not_marked_and_the_key_is_stored_only_with_an_account()
    {
        var client = _factory.CreateApiClient(ApiScopes.Ingest, ApiScopes.Read);
        await AddAccountAsync();
        var first = await CreatedAsync(await client.PostAsJsonAsync("/api/leads", Lead("jana.richter@kesselwerk.de", "Jana", "Richter", "Kesselwerk Süd GmbH")));
        var elsewhere = await CreatedAsync(await client.PostAsJsonAsync("/api/leads", Lead("jana.richter@brightlabs.de", "Jana", "Richter", "Brightlabs GmbH")));

        var other = await CreatedAsync(await client.PostAsJsonAsync("/api/leads", Lead("jan.richter@gmail.com", "Jan", "Richter", "Kesselwerk Süd")));

        Assert.Null((string?)other["possibleDuplicateOf"]);
        Assert.Null((string?)elsewhere["possibleDuplicateOf"]);
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        var rows = await db.Leads.AsNoTracking().ToDictionaryAsync(l => l.Id, l => (l.AccountDomain, l.PersonKey));
        Assert.Equal(("kesselwerk.de", "jana|richter"), rows[(string)first["lead"]!["id"]!]);
        Assert.Equal(((string?)null, (string?)null), rows[(string)elsewhere["lead"]!["id"]!]);
    }

    [Fact]
    public async Task An_erased_person_is_found_by_no_later_lead()
    {
        var client = _factory.CreateApiClient(ApiScopes.Ingest, ApiScopes.Read, ApiScopes.Admin);
        await AddAccountAsync();
        var first = await CreatedAsync(await client.PostAsJsonAsync("/api/leads", Lead("jana.richter@kesselwerk.de", "Jana", "Richter", "Kesselwerk Süd GmbH")));
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/privacy/erase", new { email = "jana.richter@kesselwerk.de" })).StatusCode);

        var later = await CreatedAsync(await client.PostAsJsonAsync("/api/leads", Lead("jana.richter@gmail.com", "Jana", "Richter", "Kesselwerk Süd")));

        Assert.Null((string?)later["possibleDuplicateOf"]);
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        var firstId = (string)first["lead"]!["id"]!;
        Assert.Null((await db.Leads.AsNoTracking().SingleAsync(l => l.Id == firstId)).PersonKey);
    }
}
