using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using LeadRouting.Web.Api;
using LeadRouting.Web.Data;
using LeadRouting.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace LeadRouting.Tests.Api;

/// <summary>POST /api/leads/import against a real SQLite file: multipart and text/csv uploads, per-line errors, re-uploads, limits.</summary>
/// <remarks>
/// One app for the class (tests run one after another): counts are taken before and after, and the two tests that
/// upload the mixed file each upload a batch of their own (<see cref="MixedFile"/>), so neither replays the other's rows.
/// </remarks>
public sealed class LeadImportApiTests(LeadRoutingApiFactory factory, ITestOutputHelper output) : IClassFixture<LeadRoutingApiFactory>
{
    private const string ImportUrl = "/api/leads/import";

    private const string Header =
        "externalId,email,firstName,lastName,company,companyDomain,employees,industry,country,techStack,source,estimatedDealSize,referral,receivedAt,signals";

    /// <summary>
    /// Three good rows (lines 2, 6, 11), five bad ones (3, 4, 7, 8, 9), a blank line (5) and a row of empty cells (10),
    /// which is no row at all. Line 6 has no externalId and a cell that looks like a spreadsheet formula. The external ids
    /// and the good rows' addresses carry <paramref name="batch"/>.
    /// </summary>
    private static string MixedFile(string batch) =>
        Header + "\n" +
        $"{batch}-1,jana.{batch}@brightlabs.de,Jana,Richter,Brightlabs GmbH,,350,Software,DE,HubSpot;Salesforce,DemoRequest,30000,,2026-11-30T14:00:00Z,\n" +
        $"{batch}-2,not-an-email,Max,Muster,Muster AG,,120,Software,DE,,DemoRequest,,,,\n" +
        $"{batch}-3,ops@fieldnote.io,Emily,Carter,Fieldnote,,many,E-Commerce,XX,,PricingPageVisit,,,,\n" +
        "\n" +
        $",tom.{batch}@northwind.co.uk,Tom,Baker,=Northwind+Partners,,800,Fintech,GB,Snowflake | Segment,PricingPageVisit,,None,,Webinar@2026-11-01T09:00:00Z|ContentDownload@2026-11-02T09:00:00Z\n" +
        $"{batch}-5,eve@acme.io,Eve,Stone,Acme,,40,Retail,US,,Carrier pigeon,,,,\n" +
        $"{batch}-6,\"x@y.com,DemoRequest\n" +
        $"{batch}-7,ok@zeta.de,Olaf,Kern,Zeta,,60,Software,DE,,DemoRequest,,,yesterday,DemoRequest@2026-12-24T10:00:00Z\n" +
        ",,,,,,,,,,,,,,\n" +
        $"{batch}-8,lena.{batch}@web.de,Lena,Vogt,,,,,,,NewsletterSignup,,,,\n";

    private readonly LeadRoutingApiFactory _factory = factory;

    private async Task<int> LeadCountAsync()
    {
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        return await db.Leads.CountAsync();
    }

    private static MultipartFormDataContent Form(string csv, string field = LeadImportApi.FileField)
    {
        var file = new StringContent(csv, Encoding.UTF8);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return new MultipartFormDataContent { { file, field, "leads.csv" } };
    }

    private static StringContent CsvBody(string csv) => new(csv, Encoding.UTF8, "text/csv");

    private static async Task<JsonObject> SummaryAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static Dictionary<int, JsonObject> ErrorsByLine(JsonObject summary) =>
        summary["errors"]!.AsArray().ToDictionary(e => (int)e!["line"]!, e => e!["errors"]!.AsObject());

    private static Dictionary<int, (string LeadId, string Outcome)> LeadsByLine(JsonObject summary) =>
        summary["leads"]!.AsArray().ToDictionary(l => (int)l!["line"]!, l => ((string)l!["leadId"]!, (string)l!["outcome"]!));

    private static string Message(JsonObject errors, string field) => string.Join(" ", errors[field]!.AsArray().Select(m => (string)m!));

    [Fact]
    public async Task Mixed_file_stores_the_good_rows_and_reports_each_bad_row_by_line_and_field()
    {
        var client = _factory.CreateApiClient(ApiScopes.Ingest, ApiScopes.Read);
        var before = await LeadCountAsync();

        var summary = await SummaryAsync(await client.PostAsync(ImportUrl, Form(MixedFile("mixed"))));

        Assert.Equal(
            ["rows", "created", "merged", "replayed", "rejected", "errors", "errorsTruncated", "leads", "leadsTruncated"],
            summary.Select(p => p.Key));
        Assert.Equal(8, (int)summary["rows"]!);
        Assert.Equal(3, (int)summary["created"]!);
        Assert.Equal(0, (int)summary["merged"]!);
        Assert.Equal(0, (int)summary["replayed"]!);
        Assert.Equal(5, (int)summary["rejected"]!);
        Assert.False((bool)summary["errorsTruncated"]!);
        Assert.False((bool)summary["leadsTruncated"]!);
        Assert.Equal(before + 3, await LeadCountAsync());

        var errors = ErrorsByLine(summary);
        Assert.Equal([3, 4, 7, 8, 9], errors.Keys);
        Assert.Equal(["email"], errors[3].Select(e => e.Key));
        Assert.Contains("'not-an-email' is not a valid email address", Message(errors[3], "email"), StringComparison.Ordinal);
        Assert.Equal(["employees", "country"], errors[4].Select(e => e.Key));
        Assert.Contains("Must be a whole number (got 'many')", Message(errors[4], "employees"), StringComparison.Ordinal);
        Assert.Contains("'XX' is not an ISO 3166-1 alpha-2 country code", Message(errors[4], "country"), StringComparison.Ordinal);
        Assert.Contains("'Carrier pigeon' is not a valid value. Allowed values: DemoRequest, ContactSales", Message(errors[7], "source"), StringComparison.Ordinal);
        Assert.Contains("not closed on its line", Message(errors[8], "row"), StringComparison.Ordinal);
        Assert.Equal(["receivedAt", "signals[0].at"], errors[9].Select(e => e.Key));
        Assert.Contains("'yesterday' is not an ISO 8601 date and time", Message(errors[9], "receivedAt"), StringComparison.Ordinal);
        Assert.Contains("Must not lie in the future", Message(errors[9], "signals[0].at"), StringComparison.Ordinal);

        var leads = LeadsByLine(summary);
        Assert.Equal([2, 6, 11], leads.Keys);
        Assert.All(leads.Values, l => Assert.Equal("Created", l.Outcome));

        var jana = (await client.GetFromJsonAsync<JsonObject>($"/api/leads/{leads[2].LeadId}"))!;
        Assert.Equal("jana.mixed@brightlabs.de", (string)jana["lead"]!["email"]!);
        Assert.Equal("mixed-1", (string)jana["lead"]!["externalId"]!);
        Assert.Equal(350, (int)jana["lead"]!["employees"]!);
        Assert.Equal(30000m, (decimal)jana["lead"]!["estimatedDealSize"]!);
        Assert.Equal(["HubSpot", "Salesforce"], jana["lead"]!["techStack"]!.AsArray().Select(t => (string)t!));
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 14, 0, 0, TimeSpan.Zero), DateTimeOffset.Parse((string)jana["lead"]!["receivedAt"]!, CultureInfo.InvariantCulture));
        Assert.NotNull(jana["decision"]);
        Assert.Contains(jana["events"]!.AsArray(), e => ((string)e!["actor"]!).StartsWith("csv-import", StringComparison.Ordinal));

        var tom = (await client.GetFromJsonAsync<JsonObject>($"/api/leads/{leads[6].LeadId}"))!;
        Assert.Null(tom["lead"]!["externalId"]);
        Assert.Equal("=Northwind+Partners", (string)tom["lead"]!["company"]!);
        Assert.Equal(["Snowflake", "Segment"], tom["lead"]!["techStack"]!.AsArray().Select(t => (string)t!));
        var signals = tom["lead"]!["signals"]!.AsArray().Select(s => (string)s!["type"]!).ToList();
        Assert.Contains("Webinar", signals);
        Assert.Contains("ContentDownload", signals);
    }

    [Fact]
    public async Task Uploading_the_same_file_again_creates_nothing_new()
    {
        var client = _factory.CreateApiClient(ApiScopes.Ingest);
        var first = LeadsByLine(await SummaryAsync(await client.PostAsync(ImportUrl, Form(MixedFile("again")))));
        var before = await LeadCountAsync();

        var again = await SummaryAsync(await client.PostAsync(ImportUrl, Form(MixedFile("again"))));

        Assert.Equal(before, await LeadCountAsync());
        Assert.Equal(8, (int)again["rows"]!);
        Assert.Equal(0, (int)again["created"]!);
        Assert.Equal(2, (int)again["replayed"]!);
        Assert.Equal(1, (int)again["merged"]!);
        Assert.Equal(5, (int)again["rejected"]!);
        Assert.Equal([3, 4, 7, 8, 9], ErrorsByLine(again).Keys);

        // Rows with an externalId replay their first lead; the row without one merges into the open lead of its email.
        var leads = LeadsByLine(again);
        Assert.Equal((first[2].LeadId, "Replayed"), leads[2]);
        Assert.Equal((first[6].LeadId, "Merged"), leads[6]);
        Assert.Equal((first[11].LeadId, "Replayed"), leads[11]);
    }

    [Fact]
    public async Task Raw_text_csv_body_with_semicolons_and_any_column_case_is_imported()
    {
        var client = _factory.CreateApiClient(ApiScopes.Ingest, ApiScopes.Read);
        const string csv =
            "EMAIL ; Source;TECHSTACK;company;Employees\r\n" +
            "  anna@brightlabs.de ;demorequest;HubSpot|Snowflake;\"Brightlabs; Berlin\";1e3\r\n" +
            "ben@fieldnote.io;ContactSales;;-Fieldnote;\r\n";

        var summary = await SummaryAsync(await client.PostAsync(ImportUrl, CsvBody(csv)));

        Assert.Equal(2, (int)summary["created"]!);
        Assert.Empty(summary["errors"]!.AsArray());
        var leads = LeadsByLine(summary);
        var anna = (await client.GetFromJsonAsync<JsonObject>($"/api/leads/{leads[2].LeadId}"))!["lead"]!;
        Assert.Equal("anna@brightlabs.de", (string)anna["email"]!);
        Assert.Equal("DemoRequest", (string)anna["source"]!);
        Assert.Equal("Brightlabs; Berlin", (string)anna["company"]!);
        Assert.Equal(1000, (int)anna["employees"]!);
        Assert.Equal(["HubSpot", "Snowflake"], anna["techStack"]!.AsArray().Select(t => (string)t!));
        var ben = (await client.GetFromJsonAsync<JsonObject>($"/api/leads/{leads[3].LeadId}"))!["lead"]!;
        Assert.Equal("-Fieldnote", (string)ben["company"]!);
        Assert.Null(ben["employees"]);
    }

    [Fact]
    public async Task Bad_signals_values_outside_the_columns_and_stray_quotes_are_reported_per_row()
    {
        var client = _factory.CreateApiClient(ApiScopes.Ingest);
        const string csv =
            "email,source,signals,,\n" +
            "a1@brightlabs.de,DemoRequest,,,\n" +
            "a2@brightlabs.de,DemoRequest,,x,\n" +
            "a3@brightlabs.de,DemoRequest,Webinar;@2026-11-01T09:00:00Z|Carrier@2026-11-01T09:00:00Z;Webinar@soon,,\n" +
            "a4@brightlabs.de,Demo\"Request,,,\n";

        var summary = await SummaryAsync(await client.PostAsync(ImportUrl, CsvBody(csv)));

        Assert.Equal(4, (int)summary["rows"]!);
        Assert.Equal(1, (int)summary["created"]!);
        Assert.Equal(3, (int)summary["rejected"]!);
        var errors = ErrorsByLine(summary);
        Assert.Contains("outside the header's named columns (column 4)", Message(errors[3], "row"), StringComparison.Ordinal);
        Assert.Equal(["signals[0]", "signals[1].type", "signals[2].type", "signals[3].at"], errors[4].Select(e => e.Key));
        Assert.Contains("Must be Type@time", Message(errors[4], "signals[0]"), StringComparison.Ordinal);
        Assert.Contains("'Carrier' is not a valid value", Message(errors[4], "signals[2].type"), StringComparison.Ordinal);
        Assert.Contains("'soon' is not an ISO 8601 date and time", Message(errors[4], "signals[3].at"), StringComparison.Ordinal);
        Assert.Contains("A quote inside an unquoted value", Message(errors[5], "row"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_columns_are_400_naming_them_and_nothing_is_stored()
    {
        var client = _factory.CreateApiClient(ApiScopes.Ingest);
        var before = await LeadCountAsync();

        var response = await client.PostAsync(ImportUrl, Form("email,source,favouriteColour,Shoe Size\nanna@brightlabs.de,DemoRequest,blue,38\n"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(["favouriteColour", "Shoe Size"], problem["errors"]!.AsObject().Select(e => e.Key));
        Assert.Contains("Unknown columns: favouriteColour, Shoe Size.", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Equal(before, await LeadCountAsync());
    }

    [Fact]
    public async Task Missing_email_column_is_400_and_nothing_is_stored()
    {
        var client = _factory.CreateApiClient(ApiScopes.Ingest);
        var before = await LeadCountAsync();

        var response = await client.PostAsync(ImportUrl, CsvBody("externalId,firstName,source\nx-1,Anna,DemoRequest\n"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(["email"], problem["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal("Required column is missing.", (string)problem["errors"]!["email"]![0]!);
        Assert.Equal(before, await LeadCountAsync());
    }

    [Fact]
    public async Task Empty_file_and_a_form_without_a_file_field_are_400()
    {
        var client = _factory.CreateApiClient(ApiScopes.Ingest);

        var empty = await client.PostAsync(ImportUrl, CsvBody(""));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.NotNull((await empty.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["header"]);

        var wrongField = await client.PostAsync(ImportUrl, Form("email,source\nanna@brightlabs.de,DemoRequest\n", field: "upload"));
        Assert.Equal(HttpStatusCode.BadRequest, wrongField.StatusCode);
        Assert.Contains("no field named 'file'", (string)(await wrongField.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Other_content_types_are_415_and_a_missing_key_is_401()
    {
        var client = _factory.CreateApiClient(ApiScopes.Ingest);
        var before = await LeadCountAsync();
        var json = await client.PostAsJsonAsync(ImportUrl, new { email = "anna@brightlabs.de", source = "DemoRequest" });
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);

        var anonymous = await _factory.CreateClient().PostAsync(ImportUrl, CsvBody("email,source\nanna@brightlabs.de,DemoRequest\n"));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        var readOnly = await _factory.CreateApiClient(ApiScopes.Read).PostAsync(ImportUrl, CsvBody("email,source\nanna@brightlabs.de,DemoRequest\n"));
        Assert.Equal(HttpStatusCode.Forbidden, readOnly.StatusCode);
        Assert.Equal(before, await LeadCountAsync());
    }

    [Fact]
    public async Task Body_over_64_MiB_with_a_length_is_413_and_nothing_is_stored()
    {
        var client = _factory.CreateApiClient(ApiScopes.Ingest);
        var before = await LeadCountAsync();
        var content = new StreamContent(new GeneratedCsvStream(LeadImportApi.MaxBodyBytes + 1));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Headers.ContentLength = LeadImportApi.MaxBodyBytes + 1;

        var response = await client.PostAsync(ImportUrl, content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(before, await LeadCountAsync());
    }

    [Fact]
    public async Task Chunked_body_over_64_MiB_is_413_and_not_even_its_first_rows_are_stored()
    {
        var client = _factory.CreateApiClient(ApiScopes.Ingest);
        var before = await LeadCountAsync();
        var file = new StreamContent(new GeneratedCsvStream(LeadImportApi.MaxBodyBytes + 1));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var form = new MultipartFormDataContent { { file, LeadImportApi.FileField, "big.csv" } };
        Assert.Null(form.Headers.ContentLength);

        var response = await client.PostAsync(ImportUrl, form);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(before, await LeadCountAsync());
    }

    [Fact]
    public async Task OpenApi_document_describes_both_upload_kinds_with_a_file_field()
    {
        var document = (await _factory.CreateApiClient(ApiScopes.Read).GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;

        var body = document["paths"]![ImportUrl]!["post"]!["requestBody"]!["content"]!;
        Assert.NotNull(body["text/csv"]);
        var file = body["multipart/form-data"]!["schema"]!["properties"]![LeadImportApi.FileField]!;
        Assert.Equal("binary", (string?)file["format"]);
    }

    [Fact]
    [Slow(SlowBecause.Volume)]
    public async Task Fifty_thousand_rows_import_in_one_request()
    {
        const int rows = 50_000;
        string[] sources = ["DemoRequest", "ContactSales", "PricingPageVisit", "Webinar", "ContentDownload", "EventBadgeScan"];
        string[] countries = ["DE", "AT", "CH", "GB", "FR", "NL", "US", "CA", "ES"];
        string[] industries = ["Software", "Fintech", "E-Commerce", "Manufacturing", "Retail"];
        var csv = new StringBuilder(Header).Append('\n');
        for (var i = 0; i < rows; i++)
        {
            csv.Append(CultureInfo.InvariantCulture,
                $"bulk-{i},lead{i}@company{i}.example.org,First{i},Last{i},Company {i},,{10 + (i * 37 % 3000)},{industries[i % industries.Length]},{countries[i % countries.Length]},HubSpot;Segment,{sources[i % sources.Length]},,,,\n");
        }

        var client = _factory.CreateApiClient(ApiScopes.Ingest);
        client.Timeout = TimeSpan.FromMinutes(30);
        var before = await LeadCountAsync();
        var body = CsvBody(csv.ToString());
        output.WriteLine($"File: {rows:N0} rows, {Encoding.UTF8.GetByteCount(csv.ToString()) / 1024.0 / 1024.0:F1} MiB.");

        var stopwatch = Stopwatch.StartNew();
        var summary = await SummaryAsync(await client.PostAsync(ImportUrl, body));
        stopwatch.Stop();
        output.WriteLine($"Imported {rows:N0} rows in {stopwatch.Elapsed.TotalSeconds:F1} s ({stopwatch.Elapsed.TotalMilliseconds / rows:F2} ms per row).");

        Assert.Equal(rows, (int)summary["rows"]!);
        Assert.Equal(rows, (int)summary["created"]!);
        Assert.Equal(0, (int)summary["rejected"]!);
        Assert.Equal(before + rows, await LeadCountAsync());
        Assert.Equal(1_000, summary["leads"]!.AsArray().Count);
        Assert.True((bool)summary["leadsTruncated"]!);
        Assert.Equal(2, (int)summary["leads"]![0]!["line"]!);
    }

    /// <summary>A CSV file of <paramref name="length"/> bytes made up as it is read: a header, then valid rows.</summary>
    private sealed class GeneratedCsvStream(long length) : Stream
    {
        private readonly byte[] _header = Encoding.UTF8.GetBytes("email,source\n");
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            for (var i = 0; i < n; i++, _position++)
            {
                buffer[offset + i] = _position < _header.Length
                    ? _header[_position]
                    : (byte)"big@brightlabs.de,DemoRequest\n"[(int)((_position - _header.Length) % 30)];
            }

            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
