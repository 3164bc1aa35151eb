using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LeadRouting.Web.Api;
using LeadRouting.Web.Security;

namespace LeadRouting.Tests.Api;

/// <summary>
/// Issue 16, currency: a CRM export whose deal values are in another currency than the organisation's (EUR in the demo)
/// is converted at the rate the import states (<c>?currency=USD&amp;rate=0.92</c>, or a profile's); a value in a third
/// currency, or marked with a currency it is not in, is refused by row and field, never stored as if it were EUR.
/// Real HTTP, real SQLite file.
/// </summary>
/// <remarks>
/// The tests share one app for the class: each sends its own people (<see cref="Form"/> makes every e-mail address and
/// CRM id of its file unique to the test), so what one imports is never a duplicate of another's rows. Profiles have
/// names of their own per test.
/// </remarks>
public sealed partial class LeadImportCurrencyTests(LeadRoutingApiFactory factory) : IClassFixture<LeadRoutingApiFactory>
{
    private const string ImportUrl = "/api/leads/import";

    private readonly LeadRoutingApiFactory _factory = factory;

    // Unique per test: xunit makes a new instance of the class for each test (and each theory case).
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    /// <summary>The file as a form; its people and CRM ids made this test's own (e.g. lena.1a2b3c4d@acme-us.com, 00Q1-1a2b3c4d).</summary>
    private MultipartFormDataContent Form(string csv)
    {
        csv = EmailAddress().Replace(csv, match => $"{match.Groups[1].Value}.{_run}@");
        csv = CrmId().Replace(csv, match => $"{match.Value}-{_run}");
        var file = new StringContent(csv, Encoding.UTF8);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return new MultipartFormDataContent { { file, LeadImportApi.FileField, "export.csv" } };
    }

    private static async Task<JsonObject> BodyAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    private static async Task<decimal?> DealSizeOfLineAsync(HttpClient client, JsonObject summary, int line)
    {
        var leadId = (string)summary["leads"]!.AsArray().Single(l => (int)l!["line"]! == line)!["leadId"]!;
        var lead = (await client.GetFromJsonAsync<JsonObject>($"/api/leads/{leadId}"))!["lead"]!.AsObject();
        return (decimal?)lead["estimatedDealSize"];
    }

    private static IReadOnlyList<(int Line, string Field, string Message)> FlatErrors(JsonObject summary) =>
        [.. summary["errors"]!.AsArray().SelectMany(e => e!["errors"]!.AsObject()
            .SelectMany(f => f.Value!.AsArray().Select(m => ((int)e["line"]!, f.Key, (string)m!))))];

    private const string UsExport =
        "Lead ID,First Name,Email,Company,Lead Source,Amount\n" +
        "00Q1,Lena,lena@acme-us.com,Acme Inc,Web,\"$2,448.00\"\n" +
        "00Q2,Mark,mark@globex.com,Globex,Web,\"10,000\"\n";

    [Fact]
    public async Task A_USD_export_imported_with_a_stated_rate_stores_each_deal_value_converted_into_the_organisation_currency()
    {
        var client = _factory.CreateApiClient(ApiScopes.Ingest, ApiScopes.Read);

        var summary = await BodyAsync(await client.PostAsync($"{ImportUrl}?locale=en-US&currency=USD&rate=0.92", Form(UsExport)), HttpStatusCode.OK);

        Assert.Equal(2, (int)summary["created"]!);
        Assert.Equal(2252.16m, await DealSizeOfLineAsync(client, summary, 2));
        Assert.Equal(9200m, await DealSizeOfLineAsync(client, summary, 3));
        var conversion = summary["conversion"]!.AsObject();
        Assert.Equal("USD", (string)conversion["from"]!);
        Assert.Equal("EUR", (string)conversion["to"]!);
        Assert.Equal(0.92m, (decimal)conversion["rate"]!);
        Assert.Equal(2, (int)conversion["values"]!);
    }

    [Fact]
    public async Task A_file_of_field_names_is_converted_too()
    {
        var client = _factory.CreateApiClient(ApiScopes.Ingest, ApiScopes.Read);
        const string csv = "email,source,estimatedDealSize\nlena@acme-us.com,DemoRequest,1000\n";

        var summary = await BodyAsync(await client.PostAsync($"{ImportUrl}?currency=usd&rate=1.5", Form(csv)), HttpStatusCode.OK);

        Assert.Equal(1500m, await DealSizeOfLineAsync(client, summary, 2));
    }

    [Fact]
    public async Task A_row_whose_currency_column_names_a_third_currency_is_rejected_by_line_and_field_and_the_others_are_read_in_their_own()
    {
        var client = _factory.CreateApiClient(ApiScopes.Ingest, ApiScopes.Read);
        const string csv =
            "Lead ID,Email,Company,Lead Source,Amount,Lead Currency\n" +
            "00Q1,eur@firma.de,Firma GmbH,Web,1000,EUR\n" +
            "00Q2,usd@acme-us.com,Acme Inc,Web,1000,USD\n" +
            "00Q3,gbp@tesco-like.co.uk,Shop Ltd,Web,1000,GBP\n";

        var summary = await BodyAsync(await client.PostAsync($"{ImportUrl}?currency=USD&rate=0.92", Form(csv)), HttpStatusCode.OK);

        Assert.Equal("currency", (string?)summary["mapping"]!["Lead Currency"]);
        Assert.Equal(2, (int)summary["created"]!);
        Assert.Equal(1, (int)summary["rejected"]!);
        Assert.Equal(1000m, await DealSizeOfLineAsync(client, summary, 2));
        Assert.Equal(920m, await DealSizeOfLineAsync(client, summary, 3));
        var error = Assert.Single(FlatErrors(summary));
        Assert.Equal(4, error.Line);
        Assert.Equal("currency", error.Field);
        Assert.Contains("GBP", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(summary["leads"]!.AsArray(), l => (int)l!["line"]! == 4);
    }

    [Fact]
    public async Task Without_a_stated_currency_a_value_marked_in_another_currency_is_refused_for_its_row_not_stored_as_EUR()
    {
        var client = _factory.CreateApiClient(ApiScopes.Ingest, ApiScopes.Read);
        const string csv =
            "Lead ID,Email,Company,Lead Source,Amount\n" +
            "00Q1,lena@acme-us.com,Acme Inc,Web,$2448\n" +
            "00Q2,jonas@firma.de,Firma GmbH,Web,€ 2448\n";

        var summary = await BodyAsync(await client.PostAsync(ImportUrl, Form(csv)), HttpStatusCode.OK);

        Assert.Equal(1, (int)summary["created"]!);
        Assert.Equal(2448m, await DealSizeOfLineAsync(client, summary, 3));
        var error = Assert.Single(FlatErrors(summary));
        Assert.Equal((2, "estimatedDealSize"), (error.Line, error.Field));
        Assert.Contains("currency=USD", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("€ 500")]
    [InlineData("£500")]
    [InlineData("500 EUR")]
    public async Task A_currency_mark_that_contradicts_the_declared_currency_is_refused_for_that_row(string value)
    {
        var client = _factory.CreateApiClient(ApiScopes.Ingest, ApiScopes.Read);
        var csv =
            "Lead ID,Email,Company,Lead Source,Amount\n" +
            "00Q1,lena@acme-us.com,Acme Inc,Web,USD 500\n" +
            $"00Q2,jonas@firma.de,Firma GmbH,Web,{value}\n";

        var summary = await BodyAsync(await client.PostAsync($"{ImportUrl}?currency=USD&rate=0.92", Form(csv)), HttpStatusCode.OK);

        Assert.Equal(460m, await DealSizeOfLineAsync(client, summary, 2));
        var error = Assert.Single(FlatErrors(summary));
        Assert.Equal((3, "estimatedDealSize"), (error.Line, error.Field));
        Assert.Equal(1, (int)summary["rejected"]!);
    }

    [Theory]
    [InlineData("currency=USD")]
    [InlineData("currency=USD&rate=")]
    [InlineData("currency=USD&rate=0")]
    [InlineData("currency=USD&rate=-0.92")]
    [InlineData("currency=USD&rate=abc")]
    [InlineData("currency=USD&rate=0,92")]
    [InlineData("currency=EUR&rate=0.92")]
    public async Task A_rate_that_is_missing_zero_negative_or_not_a_number_is_a_400_naming_rate_and_nothing_is_stored(string query)
    {
        var client = _factory.CreateApiClient(ApiScopes.Ingest, ApiScopes.Read);

        var problem = await BodyAsync(await client.PostAsync($"{ImportUrl}?locale=en-US&{query}", Form(UsExport)), HttpStatusCode.BadRequest);

        Assert.True(problem["errors"]!.AsObject().ContainsKey("rate"), problem.ToJsonString());
        var dryRun = await BodyAsync(await client.PostAsync($"{ImportUrl}?locale=en-US&dryRun=true&currency=USD&rate=0.92", Form(UsExport)), HttpStatusCode.OK);
        Assert.Equal(2, (int)dryRun["created"]!);
    }

    [Theory]
    [InlineData("rate=0.92")]
    [InlineData("currency=XYZ&rate=0.92")]
    public async Task A_rate_without_a_currency_or_an_unknown_currency_is_a_400_naming_currency(string query)
    {
        var client = _factory.CreateApiClient(ApiScopes.Ingest);

        var problem = await BodyAsync(await client.PostAsync($"{ImportUrl}?locale=en-US&{query}", Form(UsExport)), HttpStatusCode.BadRequest);

        Assert.True(problem["errors"]!.AsObject().ContainsKey("currency"), problem.ToJsonString());
    }

    [Fact]
    public async Task A_dry_run_shows_the_conversion_with_its_first_value_and_stores_nothing()
    {
        var client = _factory.CreateApiClient(ApiScopes.Ingest, ApiScopes.Read);

        var dryRun = await BodyAsync(await client.PostAsync($"{ImportUrl}?dryRun=true&locale=en-US&currency=USD&rate=0.92", Form(UsExport)), HttpStatusCode.OK);

        var conversion = dryRun["conversion"]!.AsObject();
        Assert.Equal(("USD", "EUR", 0.92m, 2), ((string)conversion["from"]!, (string)conversion["to"]!, (decimal)conversion["rate"]!, (int)conversion["values"]!));
        var first = conversion["first"]!.AsObject();
        Assert.Equal((2, 2448m, 2252.16m), ((int)first["line"]!, (decimal)first["original"]!, (decimal)first["converted"]!));

        // Nothing was stored: the same file imports as new leads afterwards.
        var import = await BodyAsync(await client.PostAsync($"{ImportUrl}?locale=en-US&currency=USD&rate=0.92", Form(UsExport)), HttpStatusCode.OK);
        Assert.Equal(2, (int)import["created"]!);
    }

    [Fact]
    public async Task An_import_profile_remembers_the_currency_and_rate_and_a_request_pair_overrides_them()
    {
        var admin = _factory.CreateApiClient(ApiScopes.Admin);
        var saved = await admin.PutAsJsonAsync($"{ImportProfilesApi.Path}/us-crm", new
        {
            mapping = new Dictionary<string, string?> { ["Amount"] = "estimatedDealSize" },
            locale = "en-US",
            currency = "usd",
            rate = 0.5m,
        });
        var profile = await BodyAsync(saved, HttpStatusCode.OK);
        Assert.Equal(("USD", 0.5m), ((string)profile["currency"]!, (decimal)profile["rate"]!));
        var client = _factory.CreateApiClient(ApiScopes.Ingest, ApiScopes.Read);

        var byProfile = await BodyAsync(await client.PostAsync($"{ImportUrl}?profile=us-crm&dryRun=true", Form(UsExport)), HttpStatusCode.OK);
        var overridden = await BodyAsync(await client.PostAsync($"{ImportUrl}?profile=us-crm&currency=USD&rate=0.92", Form(UsExport)), HttpStatusCode.OK);

        Assert.Equal(1224m, (decimal)byProfile["conversion"]!["first"]!["converted"]!);
        Assert.Equal(2252.16m, await DealSizeOfLineAsync(client, overridden, 2));
    }

    [GeneratedRegex(@"([A-Za-z0-9._-]+)@")]
    private static partial Regex EmailAddress();

    [GeneratedRegex(@"\b00Q\d+\b")]
    private static partial Regex CrmId();

    [Theory]
    [InlineData("{\"mapping\": {}, \"rate\": 0.92}", "currency")]
    [InlineData("{\"mapping\": {}, \"currency\": \"XYZ\", \"rate\": 0.92}", "currency")]
    [InlineData("{\"mapping\": {}, \"currency\": \"USD\", \"rate\": 0}", "rate")]
    [InlineData("{\"mapping\": {}, \"currency\": \"USD\", \"rate\": -1}", "rate")]
    public async Task A_profile_with_a_bad_currency_or_rate_is_refused_naming_it(string body, string field)
    {
        var admin = _factory.CreateApiClient(ApiScopes.Admin);

        var response = await admin.PutAsync($"{ImportProfilesApi.Path}/bad", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await BodyAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), problem.ToJsonString());
    }
}
