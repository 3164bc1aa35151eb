using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using LeadRouting.Web.Api;
using LeadRouting.Web.Security;

namespace LeadRouting.Tests.Api;

/// <summary>
/// Issue 16, "Must show": exports as a German office hands them over, taken byte for byte — Excel's "CSV (Trennzeichen-
/// getrennt)" (UTF-8 with a byte order mark, <c>;</c>, German headers, <c>1.054,00</c>, <c>20.10.2016</c>) and an older
/// export in Windows-1252 with no charset declared. Real HTTP, real SQLite file.
/// </summary>
/// <remarks>The tests share one app: each file has people of its own, so none is a duplicate of another test's rows.</remarks>
public sealed class GermanCrmExportTests(LeadRoutingApiFactory factory) : IClassFixture<LeadRoutingApiFactory>
{
    private const string ImportUrl = "/api/leads/import";

    private readonly LeadRoutingApiFactory _factory = factory;

    private static ByteArrayContent File(byte[] bytes)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return file;
    }

    private static MultipartFormDataContent Form(byte[] bytes) =>
        new() { { File(bytes), LeadImportApi.FileField, "export.csv" } };

    private static async Task<JsonObject> OkAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    private async Task<JsonObject> LeadOfLineAsync(HttpClient client, JsonObject summary, int line)
    {
        var leadId = (string)summary["leads"]!.AsArray().Single(l => (int)l!["line"]! == line)!["leadId"]!;
        return (await client.GetFromJsonAsync<JsonObject>($"/api/leads/{leadId}"))!["lead"]!.AsObject();
    }

    private async Task<DateTimeOffset> StartOfDayInTeamZoneAsync(int year, int month, int day)
    {
        var zone = (await _factory.Preview.PublishedAsync(CancellationToken.None)).Engine.Organisation.DefaultCalendar.TimeZone;
        var start = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified);
        return new DateTimeOffset(start, zone.GetUtcOffset(start));
    }

    [Fact]
    public async Task A_German_Excel_export_with_BOM_semicolons_decimal_commas_and_German_dates_is_read_as_meant()
    {
        const string csv =
            "Vorname;Nachname;Firma;E-Mail;Mitarbeiter;Land;Quelle;Auftragswert;Erstellt am\r\n" +
            "Jürgen;Weiß;Müller & Söhne GmbH;j.weiss@mueller-soehne.de;1.054;Deutschland;Kontaktformular;1.054,00;20.10.2016\r\n" +
            "Anna;Öztürk;Alpenblick AG;anna@alpenblick.at;\"2.448\";Österreich;Empfehlung;25.000,50;21.10.2016 09:30\r\n";
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray();
        var client = _factory.CreateApiClient(ApiScopes.Ingest, ApiScopes.Read);

        var summary = await OkAsync(await client.PostAsync($"{ImportUrl}?locale=de-DE", Form(bytes)));

        Assert.Equal(2, (int)summary["created"]!);
        Assert.Equal(0, (int)summary["rejected"]!);
        var mapping = summary["mapping"]!.AsObject().ToDictionary(m => m.Key, m => (string?)m.Value);
        Assert.Equal("firstName", mapping["Vorname"]);
        Assert.Equal("estimatedDealSize", mapping["Auftragswert"]);
        Assert.Equal("receivedAt", mapping["Erstellt am"]);

        var juergen = await LeadOfLineAsync(client, summary, 2);
        Assert.Equal("Jürgen", (string)juergen["firstName"]!);
        Assert.Equal("Müller & Söhne GmbH", (string)juergen["company"]!);
        Assert.Equal(1054, (int)juergen["employees"]!);
        Assert.Equal(1054.00m, (decimal)juergen["estimatedDealSize"]!);
        Assert.Equal("DE", (string)juergen["country"]!);
        Assert.Equal(await StartOfDayInTeamZoneAsync(2016, 10, 20), DateTimeOffset.Parse((string)juergen["receivedAt"]!, CultureInfo.InvariantCulture));

        var anna = await LeadOfLineAsync(client, summary, 3);
        Assert.Equal("Öztürk", (string)anna["lastName"]!);
        Assert.Equal(2448, (int)anna["employees"]!);
        Assert.Equal(25000.50m, (decimal)anna["estimatedDealSize"]!);
        Assert.Equal("AT", (string)anna["country"]!);
        Assert.Equal("ContactSales", (string)anna["source"]!);
        Assert.Equal(await StartOfDayInTeamZoneAsync(2016, 10, 21) + TimeSpan.FromHours(9.5), DateTimeOffset.Parse((string)anna["receivedAt"]!, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_German_export_without_a_locale_refuses_the_ambiguous_numbers_by_row_and_field_and_stores_nothing_wrong()
    {
        const string csv =
            "Vorname;Nachname;Firma;E-Mail;Mitarbeiter;Land;Quelle;Erstellt am\r\n" +
            "Jürgen;Weiß;Müller GmbH;j.weiss@mueller.de;1.054;Deutschland;Kontaktformular;20.10.2016\r\n";
        var client = _factory.CreateApiClient(ApiScopes.Ingest);

        var summary = await OkAsync(await client.PostAsync(ImportUrl, Form(Encoding.UTF8.GetBytes(csv))));

        Assert.Equal(0, (int)summary["created"]!);
        Assert.Equal(1, (int)summary["rejected"]!);
        var error = summary["errors"]!.AsArray().Single()!;
        Assert.Equal(2, (int)error["line"]!);
        Assert.Contains("employees", error.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Windows_1252_export_without_a_declared_charset_is_detected_and_stored_with_its_umlauts()
    {
        const string csv =
            "Vorname;Nachname;Firma;E-Mail;Mitarbeiter;Land;Quelle;Erstellt am\r\n" +
            "Jürgen;Weiß;Müller & Söhne GmbH;juergen.weiss@mueller-soehne.de;250;Deutschland;Kontaktformular;20.10.2016\r\n" +
            "Zoë;Größer;Zürcher Bäckerei AG;zoe@zuercher-baeckerei.ch;80;Schweiz;Messe;21.10.2016\r\n";
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var bytes = Encoding.GetEncoding(1252).GetBytes(csv);
        Assert.Throws<DecoderFallbackException>(() => new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes));
        var client = _factory.CreateApiClient(ApiScopes.Ingest, ApiScopes.Read);

        var summary = await OkAsync(await client.PostAsync($"{ImportUrl}?locale=de-DE", Form(bytes)));

        Assert.Equal(2, (int)summary["created"]!);
        var juergen = await LeadOfLineAsync(client, summary, 2);
        Assert.Equal("Jürgen", (string)juergen["firstName"]!);
        Assert.Equal("Weiß", (string)juergen["lastName"]!);
        Assert.Equal("Müller & Söhne GmbH", (string)juergen["company"]!);
        var zoe = await LeadOfLineAsync(client, summary, 3);
        Assert.Equal("Zoë", (string)zoe["firstName"]!);
        Assert.Equal("Zürcher Bäckerei AG", (string)zoe["company"]!);
        Assert.Equal("CH", (string)zoe["country"]!);
    }
}
