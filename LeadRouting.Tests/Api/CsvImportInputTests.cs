using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using LeadRouting.Web.Data;
using LeadRouting.Web.Data.Entities;
using LeadRouting.Web.Routing;
using LeadRouting.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Api;

/// <summary>
/// Issue 13 for CSV files (POST /api/leads/import and the named-accounts import): charsets declared, undeclared and
/// refused; numbers whose separator could be a thousands or a decimal mark; control characters in cells. Files are
/// raw bytes, as a spreadsheet writes them.
/// </summary>
/// <remarks>
/// One app for the class (tests run one after another): "nothing is stored" is a count before and after, each test that
/// stores leads or accounts uses addresses and domains of its own, and leads are read back by their address.
/// </remarks>
public sealed class CsvImportInputTests : IClassFixture<LeadRoutingApiFactory>, IDisposable
{
    private const string ImportUrl = "/api/leads/import";
    private static readonly SignedInUser Ops = new("u-ops", "Nora Klein", "nora.klein@leadrouting.demo", [LeadRoutingRoles.Ops], null);

    private readonly LeadRoutingApiFactory _factory;
    private readonly HttpClient _client;

    /// <summary>The address of this test's German lead (<see cref="GermanLeadFile"/>): no other test imports it.</summary>
    private readonly string _juergen = $"juergen.{Guid.NewGuid():N}@brightlabs.de";

    public CsvImportInputTests(LeadRoutingApiFactory factory)
    {
        _factory = factory;
        _client = factory.CreateApiClient(ApiScopes.Ingest, ApiScopes.Read);
    }

    public void Dispose() => _client.Dispose();

    /// <summary>
    /// Text as a legacy single-byte charset writes it, built by hand: registering .NET's code-page provider here would
    /// register it for the app under test too (same process) and hide whether the app does so itself.
    /// </summary>
    private static byte[] SingleByte(string text, IReadOnlyDictionary<char, byte> beyondLatin1) =>
        [.. text.Select(c => beyondLatin1.TryGetValue(c, out var b) ? b : c <= 0xFF ? (byte)c : throw new ArgumentException($"No byte for '{c}'."))];

    private static byte[] Windows1252(string text) => SingleByte(text, new Dictionary<char, byte> { ['€'] = 0x80 });

    /// <summary>Polish windows-1250, for the letters used here.</summary>
    private static byte[] Windows1250(string text) => SingleByte(text, new Dictionary<char, byte>
    {
        ['Ł'] = 0xA3, ['ł'] = 0xB3, ['Ż'] = 0xAF, ['ż'] = 0xBF, ['ó'] = 0xF3, ['ć'] = 0xE6, ['ź'] = 0x9F, ['ą'] = 0xB9, ['ę'] = 0xEA,
    });

    /// <summary>A German lead as Excel on Windows saves it: windows-1252, no byte order mark, ü ß € as single bytes.</summary>
    private byte[] GermanLeadFile(string? email = null) => Windows1252(
        "email,firstName,lastName,company,source,estimatedDealSize\r\n" +
        $"{email ?? _juergen},Jürgen,Strauß,Müller & Söhne € GmbH,DemoRequest,25000\r\n");

    /// <summary>This test's German lead, read by its address.</summary>
    private async Task<LeadEntity> JuergenAsync()
    {
        await using var db = await DbAsync();
        return await db.Leads.SingleAsync(l => l.Email == _juergen);
    }

    private static ByteArrayContent Body(byte[] bytes, string contentType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    private async Task<LeadRoutingDbContext> DbAsync() =>
        await _factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();

    private async Task<int> LeadCountAsync()
    {
        await using var db = await DbAsync();
        return await db.Leads.CountAsync();
    }

    /// <summary>Every text a lead was stored with: not one U+FFFD may be among them.</summary>
    private async Task AssertNothingGarbledAsync()
    {
        await using var db = await DbAsync();
        var texts = await db.Leads.Select(l => new[] { l.Email, l.FirstName, l.LastName, l.Company, l.Title }).ToListAsync();
        Assert.DoesNotContain(texts.SelectMany(t => t), t => t is not null && t.Contains('\uFFFD', StringComparison.Ordinal));
    }

    private static async Task<JsonObject> JsonAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    private static string RowErrors(JsonObject summary, int line, string field)
    {
        var row = summary["errors"]!.AsArray().Single(e => (int)e!["line"]! == line)!["errors"]!.AsObject();
        Assert.True(row.ContainsKey(field), $"Line {line} has no error for '{field}': {row.ToJsonString()}");
        return string.Join(" ", row[field]!.AsArray().Select(m => (string)m!));
    }

    [Fact]
    public async Task An_undeclared_windows_1252_file_is_detected_and_stored_with_its_umlauts()
    {
        var summary = await JsonAsync(await _client.PostAsync(ImportUrl, Body(GermanLeadFile(), "text/csv")), HttpStatusCode.OK);

        Assert.Equal(1, (int)summary["created"]!);
        var lead = await JuergenAsync();
        Assert.Equal("Jürgen", lead.FirstName);
        Assert.Equal("Strauß", lead.LastName);
        Assert.Equal("Müller & Söhne € GmbH", lead.Company);
    }

    [Fact]
    public async Task A_declared_windows_1252_file_is_accepted_in_a_body_and_in_a_form()
    {
        await JsonAsync(await _client.PostAsync(ImportUrl, Body(GermanLeadFile(), "text/csv; charset=windows-1252")), HttpStatusCode.OK);

        var file = Body(GermanLeadFile().Select(b => b).ToArray(), "text/csv; charset=windows-1252");
        var form = new MultipartFormDataContent { { file, "file", "leads.csv" } };
        var second = await JsonAsync(await _client.PostAsync(ImportUrl, form), HttpStatusCode.OK);

        Assert.Equal(1, (int)second["merged"]! + (int)second["created"]!);
        Assert.Equal("Müller & Söhne € GmbH", (await JuergenAsync()).Company);
        await AssertNothingGarbledAsync();
    }

    [Fact]
    public async Task Latin1_is_read_as_windows_1252_so_the_euro_sign_survives()
    {
        await JsonAsync(await _client.PostAsync(ImportUrl, Body(GermanLeadFile(), "text/csv; charset=ISO-8859-1")), HttpStatusCode.OK);

        Assert.Equal("Müller & Söhne € GmbH", (await JuergenAsync()).Company);
    }

    [Theory]
    [InlineData("text/csv; charset=utf-7", "utf-7")]
    [InlineData("text/csv; charset=klingon-8", "klingon-8")]
    public async Task An_unsupported_charset_is_a_415_naming_it(string contentType, string charset)
    {
        var before = await LeadCountAsync();
        var problem = await JsonAsync(await _client.PostAsync(ImportUrl, Body(Encoding.ASCII.GetBytes("email,source\nx@y.de,DemoRequest\n"), contentType)), HttpStatusCode.UnsupportedMediaType);

        Assert.Contains(charset, (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.NotNull(problem["errors"]!["charset"]);
        Assert.Equal(before, await LeadCountAsync());
    }

    [Fact]
    public async Task A_file_in_a_charset_that_cannot_be_told_is_a_415_and_nothing_is_stored()
    {
        var before = await LeadCountAsync();
        // Polish windows-1250: as windows-1252 it would read "£ukasz ¯ó³æ", so no reading is trusted.
        var bytes = Windows1250("email,firstName,lastName,source\r\nlukasz@wroclaw.pl,Łukasz,Żółć,DemoRequest\r\n");

        var problem = await JsonAsync(await _client.PostAsync(ImportUrl, Body(bytes, "text/csv")), HttpStatusCode.UnsupportedMediaType);

        Assert.Contains("charset", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Equal(before, await LeadCountAsync());
    }

    [Fact]
    public async Task A_file_declared_utf8_with_a_latin1_byte_is_a_400_naming_line_and_column()
    {
        var before = await LeadCountAsync();
        // The address of the original file, so the ü stays in column 24; the file is refused, so nothing meets it.
        var problem = await JsonAsync(await _client.PostAsync(ImportUrl, Body(GermanLeadFile("juergen@brightlabs.de"), "text/csv; charset=utf-8")), HttpStatusCode.BadRequest);

        Assert.Contains("Line 2, column 24", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Contains("0xFC", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Equal(before, await LeadCountAsync());
    }

    [Fact]
    public async Task A_utf8_file_declared_windows_1252_is_refused_rather_than_stored_as_mojibake()
    {
        var before = await LeadCountAsync();
        var bytes = Encoding.UTF8.GetBytes("email,lastName,source\nj@brightlabs.de,Müller,DemoRequest\n");

        var problem = await JsonAsync(await _client.PostAsync(ImportUrl, Body(bytes, "text/csv; charset=windows-1252")), HttpStatusCode.UnsupportedMediaType);

        Assert.Contains("UTF-8", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Equal(before, await LeadCountAsync());
    }

    [Fact]
    public async Task German_thousands_separators_are_refused_without_a_locale_naming_line_column_and_value()
    {
        var csv = "email,employees,estimatedDealSize,source\n" +
            "a@thousands.brightlabs.de,1.000,25000,DemoRequest\n" +
            "b@thousands.brightlabs.de,350,25.000,DemoRequest\n" +
            "c@thousands.brightlabs.de,350,\"25.000,50\",DemoRequest\n" +
            "d@thousands.brightlabs.de,350,25000.50,DemoRequest\n";

        var summary = await JsonAsync(await _client.PostAsync(ImportUrl, Body(Encoding.UTF8.GetBytes(csv), "text/csv")), HttpStatusCode.OK);

        Assert.Equal(3, (int)summary["rejected"]!);
        Assert.Contains("'1.000' is ambiguous", RowErrors(summary, 2, "employees"), StringComparison.Ordinal);
        Assert.Contains("'25.000' is ambiguous", RowErrors(summary, 3, "estimatedDealSize"), StringComparison.Ordinal);
        Assert.Contains("locale=de-DE", RowErrors(summary, 4, "estimatedDealSize"), StringComparison.Ordinal);
        await using var db = await DbAsync();
        Assert.Equal(25000.50m, (await db.Leads.SingleAsync(l => EF.Functions.Like(l.Email, "%@thousands.brightlabs.de"))).EstimatedDealSize);
    }

    [Fact]
    public async Task With_locale_de_DE_thousands_and_decimal_commas_are_read_as_Germans_write_them()
    {
        var csv = "email;employees;estimatedDealSize;source\n" +
            "a@locale.brightlabs.de;1.000;25.000;DemoRequest\n" +
            "b@locale.brightlabs.de;350;25.000,50;DemoRequest\n" +
            "c@locale.brightlabs.de;1.000,5;1000;DemoRequest\n";

        var summary = await JsonAsync(await _client.PostAsync(ImportUrl + "?locale=de-DE", Body(Encoding.UTF8.GetBytes(csv), "text/csv")), HttpStatusCode.OK);

        Assert.Equal(2, (int)summary["created"]!);
        Assert.Contains("whole number", RowErrors(summary, 4, "employees"), StringComparison.Ordinal);
        await using var db = await DbAsync();
        var leads = await db.Leads.Where(l => EF.Functions.Like(l.Email, "%@locale.brightlabs.de")).OrderBy(l => l.Email).ToListAsync();
        Assert.Equal(1000, leads[0].Employees);
        Assert.Equal(25000m, leads[0].EstimatedDealSize);
        Assert.Equal(25000.50m, leads[1].EstimatedDealSize);
    }

    [Fact]
    public async Task An_unknown_locale_is_a_400_naming_the_option()
    {
        var response = await _client.PostAsync(ImportUrl + "?locale=xx-NOWHERE-1", Body(Encoding.UTF8.GetBytes("email,source\nx@y.de,DemoRequest\n"), "text/csv"));

        var problem = await JsonAsync(response, HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["locale"]);
    }

    [Fact]
    public async Task Control_characters_in_cells_are_refused_naming_line_and_column()
    {
        var before = await LeadCountAsync();
        var csv = "email,firstName,company,source\n" +
            "a@brightlabs.de,Ja\u001Bna,Brightlabs,DemoRequest\n" +
            "b@brightlabs.de,Max,\"Bright\u0000labs\",DemoRequest\n" +
            "c@brightlabs.de,Eve,Bright\u0007labs,DemoRequest\n";

        var summary = await JsonAsync(await _client.PostAsync(ImportUrl, Body(Encoding.UTF8.GetBytes(csv), "text/csv")), HttpStatusCode.OK);

        Assert.Equal(3, (int)summary["rejected"]!);
        Assert.Contains("U+001B (ESC)", RowErrors(summary, 2, "firstName"), StringComparison.Ordinal);
        Assert.Contains("U+0000 (NUL)", RowErrors(summary, 3, "company"), StringComparison.Ordinal);
        Assert.Contains("U+0007 (BEL)", RowErrors(summary, 4, "company"), StringComparison.Ordinal);
        Assert.Equal(before, await LeadCountAsync());
    }

    [Fact]
    public async Task Named_accounts_from_an_undeclared_windows_1252_file_keep_their_umlauts()
    {
        var accounts = _factory.Services.GetRequiredService<NamedAccountsService>();
        var bytes = Windows1252("domain;name\r\nmueller-soehne.de;Müller & Söhne GmbH\r\nstrauss.at;Strauß KG €uro\r\n");

        var result = await accounts.ImportAsync(Ops, new MemoryStream(bytes), CancellationToken.None);

        Assert.Empty(result.Problems);
        await using var db = await DbAsync();
        var names = await db.Accounts.Where(a => a.Domain == "mueller-soehne.de" || a.Domain == "strauss.at").OrderBy(a => a.Domain).Select(a => a.Name).ToListAsync();
        Assert.Equal(["Müller & Söhne GmbH", "Strauß KG €uro"], names);
    }

    [Fact]
    public async Task Named_accounts_in_a_charset_that_cannot_be_told_are_refused_and_nothing_is_imported()
    {
        var accounts = _factory.Services.GetRequiredService<NamedAccountsService>();
        var bytes = Windows1250("domain,name\nwroclaw-nieznany.pl,Łódź Żółć Wrocław sp. z o.o.\n");

        var result = await accounts.ImportAsync(Ops, new MemoryStream(bytes), CancellationToken.None);

        Assert.Equal(0, result.Imported);
        Assert.Contains(result.Problems, p => p.Contains("charset", StringComparison.Ordinal));
        await using var db = await DbAsync();
        Assert.False(await db.Accounts.AnyAsync(a => a.Domain == "wroclaw-nieznany.pl"));
    }

    [Fact]
    public async Task Named_accounts_with_a_declared_charset_and_control_characters_are_checked_too()
    {
        var accounts = _factory.Services.GetRequiredService<NamedAccountsService>();

        var declared = await accounts.ImportAsync(Ops, new MemoryStream(Windows1250("domain,name\nwroclaw-firma.pl,Łódź sp. z o.o.\n")), "windows-1250", CancellationToken.None);
        var control = await accounts.ImportAsync(Ops, new MemoryStream(Encoding.UTF8.GetBytes("domain,name\nbell.de,Bell\u0007 GmbH\n")), CancellationToken.None);

        Assert.Empty(declared.Problems);
        Assert.Contains(control.Problems, p => p.Contains("Line 2", StringComparison.Ordinal) && p.Contains("U+0007", StringComparison.Ordinal));
        await using var db = await DbAsync();
        Assert.Equal("Łódź sp. z o.o.", await db.Accounts.Where(a => a.Domain == "wroclaw-firma.pl").Select(a => a.Name).SingleAsync());
    }

    [Fact]
    public async Task Reading_a_lead_back_after_a_detected_import_shows_the_same_text()
    {
        var summary = await JsonAsync(await _client.PostAsync(ImportUrl, Body(GermanLeadFile(), "text/csv")), HttpStatusCode.OK);
        var id = (string)summary["leads"]!.AsArray()[0]!["leadId"]!;

        var lead = (await _client.GetFromJsonAsync<JsonObject>($"/api/leads/{id}"))!["lead"]!;

        Assert.Equal("Strauß", (string)lead["lastName"]!);
        await AssertNothingGarbledAsync();
    }
}
