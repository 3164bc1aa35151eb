using Bunit;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Components.Pages.Settings;
using LeadRouting.Web.Leads;
using LeadRouting.Web.Routing;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Components.Settings;

/// <summary><c>/settings/import</c> for a German reader: the page's words, the file's description and the dry run's result in German.</summary>
public sealed class ImportSettingsTests : SettingsPageTestContext
{
    private const string Export =
        "Lead ID,First Name,Last Name,Company,Email,No. of Employees,Country__c,Lead Source,Lead Status\r\n" +
        "00Q5g00000PgB01,Lena,Vogt,Brightlabs GmbH,lena.vogt@brightlabs-bunit.de,1054,Germany,Web,Open - Not Contacted\r\n" +
        "00Q5g00000PgB02,Jan,Kowalski,Wisla SA,lena.vogt@brightlabs-bunit.de,-5,Poland,Web,Open - Not Contacted\r\n";

    public ImportSettingsTests(LeadRoutingApiFactory app)
        : base(app)
    {
        Services.AddSingleton(app.Services.GetRequiredService<LeadImportService>());
        Services.AddSingleton(app.Services.GetRequiredService<PreviewService>());
        Services.AddSingleton(app.Services.GetRequiredService<ImportProfiles>());
        Services.AddSingleton(app.Services.GetRequiredService<ImportDownloads>());
    }

    [Fact]
    public void A_German_reader_sees_the_page_the_file_and_the_dry_run_in_German()
    {
        using var german = CultureScope.Of("de-DE");
        var cut = RenderPage<ImportSettings>();

        Assert.Equal("Leads importieren", cut.Find("h1").TextContent.Trim());
        Assert.Contains("1 · Datei und Optionen", cut.Find("[data-testid=import-options]").TextContent, StringComparison.Ordinal);
        Assert.Contains("CSV-Datei wählen…", cut.Find("[data-testid=import-options]").TextContent, StringComparison.Ordinal);

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(Export, "salesforce.csv"));

        cut.WaitForAssertion(() => Assert.Equal("2 Zeilen", cut.Find("[data-testid=import-rows]").TextContent.Trim()), TimeSpan.FromSeconds(30));
        Assert.Equal("Trennzeichen Komma (,)", cut.Find("[data-testid=import-separator]").TextContent.Trim());
        Assert.Contains("CRM-Export, nach Spaltenüberschriften zugeordnet", cut.Find("[data-testid=import-preview]").TextContent, StringComparison.Ordinal);
        var notes = cut.FindAll("[data-testid=mapping-row]").ToDictionary(r => r.GetAttribute("data-header")!, r => r.QuerySelector("[data-testid=mapping-note]")!.TextContent.Trim());
        Assert.Equal("unbekannte Spalte", notes["Country__c"]);
        Assert.Equal("nur im Modus Historie verwendet", notes["Lead Status"]);
        Assert.Equal("2 Zeilen importieren", cut.Find("[data-testid=import-start]").TextContent.Trim());

        cut.Find("[data-testid=import-dry-run]").Click();

        cut.WaitForAssertion(() => Assert.Contains("Probelauf – nichts wurde gespeichert oder versendet.", cut.Find("[data-testid=dry-run-result]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.Contains("2 Zeilen: 1 angelegt, 0 zusammengeführt, 0 bereits importiert, 1 abgelehnt.", cut.Find("[data-testid=dry-run-result]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Ergebnisse: ", cut.Find("[data-testid=dry-run-outcomes]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Zugewiesen ", cut.Find("[data-testid=dry-run-outcomes]").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Assigned", cut.Find("[data-testid=dry-run-outcomes]").TextContent, StringComparison.Ordinal);
        var errors = cut.Find("[data-testid=dry-run-errors]");
        Assert.Contains("Abgelehnte Zeilen", errors.TextContent, StringComparison.Ordinal);
        Assert.Equal(["Zeile", "Feld", "Problem"], errors.QuerySelectorAll("th").Select(th => th.TextContent.Trim()));
        Assert.Contains("Darf nicht negativ sein.", errors.TextContent, StringComparison.Ordinal);
        Assert.Equal("Probelauf fertig: 2 Zeilen.", cut.Find("[data-testid=import-progress-text]").TextContent.Trim());
    }

    [Fact]
    public void An_English_reader_keeps_the_import_services_words()
    {
        using var english = CultureScope.Of("en-GB");
        var cut = RenderPage<ImportSettings>();

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(Export, "salesforce.csv"));

        cut.WaitForAssertion(() => Assert.Equal("2 rows", cut.Find("[data-testid=import-rows]").TextContent.Trim()), TimeSpan.FromSeconds(30));
        Assert.Equal("Separator comma (,)", cut.Find("[data-testid=import-separator]").TextContent.Trim());
        var note = cut.FindAll("[data-testid=mapping-row]").Single(r => r.GetAttribute("data-header") == "Country__c").QuerySelector("[data-testid=mapping-note]")!;
        Assert.Equal("unknown column", note.TextContent.Trim());
    }
}
