using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using LeadRouting.Web.Api;
using LeadRouting.Web.Routing;
using LeadRouting.Web.Security;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Api;

/// <summary>
/// Issue 19 part 1 through the HTTP API: an account's stored domain alias routes a lead from that domain (and its
/// subdomains) to the account's owner, and the account import's API reads and answers <c>domainAliases</c>.
/// </summary>
public sealed class AccountAliasApiTests : IDisposable
{
    private static readonly SignedInUser Ops = new("u-ops", "Nora Klein", "nora.klein@leadrouting.demo", [LeadRoutingRoles.Ops], null);

    private readonly LeadRoutingApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    /// <summary>A lead of <paramref name="firstName"/> Richter: two people of one account, so neither is a possible duplicate of the other.</summary>
    private static JsonObject Lead(string email, string firstName = "Jana") => new()
    {
        ["email"] = email,
        ["firstName"] = firstName,
        ["lastName"] = "Richter",
        ["company"] = "Healthineers",
        ["employees"] = 350,
        ["industry"] = "Software",
        ["country"] = "DE",
        ["source"] = "DemoRequest",
    };

    private static async Task<JsonNode> PostAsync(HttpClient client, JsonObject lead)
    {
        var response = await client.PostAsJsonAsync("/api/leads", lead);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["decision"]!;
    }

    private static string Trace(JsonNode decision) =>
        string.Join("\n", decision["trace"]!.AsArray().Select(s => $"{(string?)s!["step"]}: {(string?)s["input"]} => {(string?)s["outcome"]}"));

    private static MultipartFormDataContent Form(string csv)
    {
        var file = new StringContent(csv, Encoding.UTF8);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return new MultipartFormDataContent { { file, LeadImportApi.FileField, "accounts.csv" } };
    }

    [Fact]
    public async Task A_lead_from_an_accounts_alias_or_a_subdomain_of_it_goes_to_the_accounts_owner_and_the_trace_says_domain_alias()
    {
        var saved = await _factory.Services.GetRequiredService<NamedAccountsService>().SaveAsync(
            Ops, new AccountRow("siemens.com", "Siemens AG", "dach-ad-1", true, false) { DomainAliases = ["siemens-healthineers.com"] }, CancellationToken.None);
        Assert.True(saved.Succeeded);
        var client = _factory.CreateApiClient(ApiScopes.Ingest, ApiScopes.Read);

        var byAlias = await PostAsync(client, Lead("x@siemens-healthineers.com"));
        var bySubdomain = await PostAsync(client, Lead("y@eu.siemens-healthineers.com", firstName: "Jonas"));

        Assert.Equal(("dach-ad-1", "NamedAccount"), ((string?)byAlias["ownerId"], (string?)byAlias["distribution"]));
        Assert.Contains("Account match: company domain siemens-healthineers.com, company name 'Healthineers' => matched Siemens AG by domain alias siemens-healthineers.com, 1.00", Trace(byAlias), StringComparison.Ordinal);
        Assert.Equal(("dach-ad-1", "NamedAccount"), ((string?)bySubdomain["ownerId"], (string?)bySubdomain["distribution"]));
        Assert.Contains("matched Siemens AG by parent domain siemens-healthineers.com, 0.98", Trace(bySubdomain), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_account_import_API_reads_an_aliases_column_answers_domainAliases_and_refuses_a_bad_alias_naming_line_and_field()
    {
        var client = _factory.CreateApiClient(ApiScopes.Admin);

        var response = await client.PostAsync(AccountImportApi.Path, Form("Account Name,Website,Other Domains\nSiemens AG,https://www.siemens.com,siemens.de|siemens.at\n"));
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["siemens.at", "siemens.de"], answer["created"]![0]!["domainAliases"]!.AsArray().Select(a => (string)a!));

        var changed = JsonNode.Parse(await (await client.PostAsync(AccountImportApi.Path, Form("domain,name,aliases\nsiemens.com,Siemens AG,siemens.de\n"))).Content.ReadAsStringAsync())!;
        var change = changed["aliasesChanged"]!.AsArray().Single()!;
        Assert.Equal(("siemens.com", "siemens.at"), ((string?)change["domain"], (string?)change["removed"]![0]));

        var refused = await client.PostAsync(AccountImportApi.Path, Form("domain,name,aliases\nbayer.de,Bayer AG,web.de\n"));
        var problem = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.StartsWith("Line 2: domainAliases: 'web.de' is a free-mail domain", (string?)problem["errors"]![0], StringComparison.Ordinal);
    }
}
