using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using LeadRouting.Web.Api;
using LeadRouting.Web.Data;
using LeadRouting.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Api;

/// <summary>
/// Issue 16, "lead import and account import behave the same": <c>POST /api/accounts/import</c> takes the lead
/// import's <c>atomic</c> (all or nothing — the accounts' default — with a 422 naming the rows, or partial) and
/// <c>locale</c> options, the numbers read by the lead import's own reader. Real HTTP, real SQLite file.
/// </summary>
public sealed class AccountImportApiTests : IDisposable
{
    private readonly LeadRoutingApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private static MultipartFormDataContent Form(string csv)
    {
        var file = new StringContent(csv, Encoding.UTF8);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return new MultipartFormDataContent { { file, LeadImportApi.FileField, "accounts.csv" } };
    }

    private static async Task<JsonObject> BodyAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    private async Task<Dictionary<string, int?>> EmployeesAsync(params string[] domains)
    {
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        return await db.Accounts.AsNoTracking().Where(a => domains.Contains(a.Domain)).ToDictionaryAsync(a => a.Domain, a => a.Employees);
    }

    /// <summary>Two good rows around a bad one (an owner nobody answers to) and one with a website that is no domain.</summary>
    private const string MixedFile =
        "Account Name,Website,Account Owner,Employees\n" +
        "Good One GmbH,good-one.example.de,uki-mid-1,120\n" +
        "Unknown Owner AG,unknown-owner.example.de,Max Mustermann,80\n" +
        "Bad Site KG,not a website,,40\n" +
        "Good Two GmbH,good-two.example.de,,300\n";

    [Fact]
    public async Task By_default_an_account_import_is_all_or_nothing_a_bad_row_answers_422_with_the_errors_and_stores_nothing()
    {
        var client = _factory.CreateApiClient(ApiScopes.Admin);

        var problem = await BodyAsync(await client.PostAsync(AccountImportApi.Path, Form(MixedFile)), HttpStatusCode.UnprocessableEntity);

        Assert.Equal(2, (int)problem["rejected"]!);
        var errors = problem["errors"]!.AsArray().Select(e => (string)e!).ToList();
        Assert.Contains(errors, e => e.StartsWith("Line 4: domain", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Max Mustermann", StringComparison.Ordinal) && e.Contains("Line 3", StringComparison.Ordinal));
        Assert.Empty(await EmployeesAsync("good-one.example.de", "good-two.example.de", "unknown-owner.example.de"));

        var explicitAtomic = await client.PostAsync($"{AccountImportApi.Path}?atomic=true", Form(MixedFile));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, explicitAtomic.StatusCode);
    }

    [Fact]
    public async Task With_atomic_false_the_good_rows_are_stored_and_the_bad_ones_listed_by_line_an_unknown_owner_row_not_stored_without_its_owner()
    {
        var client = _factory.CreateApiClient(ApiScopes.Admin);

        var answer = await BodyAsync(await client.PostAsync($"{AccountImportApi.Path}?atomic=false", Form(MixedFile)), HttpStatusCode.OK);

        Assert.Equal((2, 2), ((int)answer["imported"]!, (int)answer["rejected"]!));
        Assert.Equal(["good-one.example.de", "good-two.example.de"], answer["created"]!.AsArray().Select(a => (string)a!["domain"]!).Order(StringComparer.Ordinal));
        var errors = answer["errors"]!.AsArray().Select(e => (string)e!).ToList();
        Assert.Contains(errors, e => e.StartsWith("Line 4: domain", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Max Mustermann", StringComparison.Ordinal));
        Assert.Equal(
            new Dictionary<string, int?> { ["good-one.example.de"] = 120, ["good-two.example.de"] = 300 },
            await EmployeesAsync("good-one.example.de", "good-two.example.de", "unknown-owner.example.de"));
    }

    [Fact]
    public async Task Employees_are_read_in_the_locale_the_import_names_and_refused_as_ambiguous_without_one()
    {
        var client = _factory.CreateApiClient(ApiScopes.Admin);
        const string german = "Accountname;Webseite;Mitarbeiter\nMüller GmbH;mueller.example.de;1.000\nAlpen AG;alpen.example.at;10.001+\n";
        const string american = "Account Name,Website,Employees\nAcme Inc,acme.example.com,\"2,448\"\n";

        var refused = await BodyAsync(await client.PostAsync(AccountImportApi.Path, Form(german)), HttpStatusCode.UnprocessableEntity);
        await BodyAsync(await client.PostAsync($"{AccountImportApi.Path}?locale=de-DE", Form(german)), HttpStatusCode.OK);
        await BodyAsync(await client.PostAsync($"{AccountImportApi.Path}?locale=en-US", Form(american)), HttpStatusCode.OK);

        Assert.Contains(refused["errors"]!.AsArray(), e => ((string)e!).StartsWith("Line 2: employees", StringComparison.Ordinal));
        Assert.Equal(
            new Dictionary<string, int?> { ["mueller.example.de"] = 1000, ["alpen.example.at"] = 10001, ["acme.example.com"] = 2448 },
            await EmployeesAsync("mueller.example.de", "alpen.example.at", "acme.example.com"));
    }

    [Theory]
    [InlineData("atomic=maybe", "atomic")]
    [InlineData("locale=xx-NOPE", "locale")]
    public async Task A_bad_option_is_a_400_naming_it(string query, string field)
    {
        var client = _factory.CreateApiClient(ApiScopes.Admin);

        var problem = await BodyAsync(await client.PostAsync($"{AccountImportApi.Path}?{query}", Form(MixedFile)), HttpStatusCode.BadRequest);

        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), problem.ToJsonString());
    }

    [Fact]
    public async Task A_file_without_a_website_column_is_a_400_in_either_mode_and_an_ingest_key_is_refused()
    {
        var client = _factory.CreateApiClient(ApiScopes.Admin);

        var problem = await BodyAsync(await client.PostAsync($"{AccountImportApi.Path}?atomic=false", Form("Account Name\nX\n")), HttpStatusCode.BadRequest);
        var ingest = await _factory.CreateApiClient(ApiScopes.Ingest).PostAsync(AccountImportApi.Path, Form(MixedFile));

        Assert.Contains(problem["errors"]!.AsArray(), e => ((string)e!).Contains("domain", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Forbidden, ingest.StatusCode);
    }
}
