using System.Text;
using LeadRouting.Core.Import;
using LeadRouting.Web.Components.Pages.Settings;
using LeadRouting.Web.Leads;

namespace LeadRouting.Tests.Leads;

/// <summary>
/// What the import page shows before anything is imported (<see cref="LeadImportPreview"/>), the options that reach the
/// reader from a profile and the page (<see cref="LeadImportOptions"/>), the rejected-rows file
/// (<see cref="RejectedRowsCsv"/>) and the progress bar (<see cref="ImportProgress"/>).
/// </summary>
public sealed class LeadImportPreviewTests
{
    static LeadImportPreviewTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static readonly LeadImportOptions Plain = new() { Numbers = CsvNumberFormat.Invariant };

    private static Task<LeadImportPreview> PreviewAsync(byte[] file, LeadImportOptions? options = null) =>
        LeadImportPreview.ReadAsync(new MemoryStream(file), null, options ?? Plain, TimeZoneInfo.Utc, CancellationToken.None);

    [Fact]
    public async Task A_German_Excel_file_in_windows_1252_shows_its_charset_separator_rows_and_mapping()
    {
        var excel = Encoding.GetEncoding(1252).GetBytes(
            "Firma;E-Mail;Mitarbeiter;Land;Quelle;Bemerkung\r\n" +
            "Müller & Söhne GmbH;jürgen@mueller-soehne.de;1.054;Österreich;Messe;Größter Kunde\r\n" +
            "Strauß KG;anna@strauss.at;80;Deutschland;Web;Grüße € 5\r\n" +
            "\r\n");

        var preview = await PreviewAsync(excel);

        Assert.Null(preview.Problem);
        Assert.Equal("windows-1252", preview.Charset);
        Assert.Equal(';', preview.Separator);
        Assert.Equal(2, preview.Rows);
        Assert.True(preview.IsExport);
        Assert.Equal([2, 3], preview.FirstRows.Select(r => r.Line));
        Assert.Equal("Müller & Söhne GmbH", preview.FirstRows[0].Cells[0]);
        Assert.Equal("Grüße € 5", preview.FirstRows[1].Cells[5]);
        Assert.Equal(
            new Dictionary<string, string?>
            {
                ["Firma"] = "company", ["E-Mail"] = "email", ["Mitarbeiter"] = "employees", ["Land"] = "country", ["Quelle"] = "source", ["Bemerkung"] = null,
            },
            preview.Mapping);
        Assert.Equal(ExportHeaders.UnknownColumn, preview.Columns.Single(c => c.Header == "Bemerkung").Reason);
    }

    [Fact]
    public async Task A_file_that_cannot_be_imported_says_why_with_the_api_s_field()
    {
        var noSource = Encoding.UTF8.GetBytes("Firma,E-Mail\nAcme,a@acme.io\n");

        var preview = await PreviewAsync(noSource);

        Assert.NotNull(preview.Problem);
        Assert.Contains("source", preview.Problem.Errors.Keys);
        Assert.Equal(["Firma", "E-Mail"], preview.Columns.Select(c => c.Header));
    }

    [Fact]
    public async Task A_profile_applies_to_the_columns_the_file_has_and_the_page_s_changes_win()
    {
        var export = Encoding.UTF8.GetBytes("Lead ID,Email,Country__c,Region__c,Lead Source\n1,a@acme.io,Germany,EMEA,Web\n");
        var options = Plain with
        {
            ProfileChoices = new Dictionary<string, string?> { ["Country__c"] = "country", ["Lead Owner"] = "owner", ["Lead ID"] = null },
            Choices = new Dictionary<string, string?> { ["Region__c"] = "country" },
        };

        var preview = await PreviewAsync(export, options);

        Assert.Null(preview.Problem);
        Assert.Equal("country", preview.Mapping["Region__c"]);
        Assert.Null(preview.Mapping["Country__c"]);
        Assert.Null(preview.Mapping["Lead ID"]);
        Assert.False(preview.Mapping.ContainsKey("Lead Owner"));
    }

    [Fact]
    public void The_rejected_rows_file_has_the_reasons_then_the_original_cells_with_formulas_escaped()
    {
        IReadOnlyList<string> headers = ["Email", "Country", "Note"];
        IReadOnlyList<RejectedField> reasons =
        [
            new(3, "country", "'Atlantis' is not a country."),
            new(3, "email", "Is not valid."),
            new(2, "row", "A quoted value is not closed on its line."),
        ];
        IReadOnlyList<CsvRawRow> rows = [new(3, ["bad", "Atlantis", "=HYPERLINK(\"x\")"]), new(2, ["\"broken,line"])];

        var text = Encoding.UTF8.GetString(RejectedRowsCsv.Write(headers, reasons, rows));

        Assert.StartsWith("\uFEFF", text, StringComparison.Ordinal);
        Assert.Equal(
            [
                "line,field,message,Email,Country,Note",
                "2,row,row: A quoted value is not closed on its line.,\"\"\"broken,line\",,",
                // A cell with ';' is quoted too: the same writer serves the ';'-separated German export.
                "3,\"country; email\",\"country: 'Atlantis' is not a country.; email: Is not valid.\",bad,Atlantis,\"'=HYPERLINK(\"\"x\"\")\"",
            ],
            text.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void The_progress_counts_rows_done_of_the_file_and_ends_at_the_rows_read()
    {
        var renders = 0;
        var progress = new ImportProgress(10, dryRun: false, () => { renders++; return Task.CompletedTask; }, TimeSpan.Zero);

        ((IProgress<int>)progress).Report(4);

        Assert.Equal("4 / 10 rows", progress.Text);
        Assert.Equal(40, progress.Percent);
        Assert.True(renders >= 1);

        progress.Finish(9);
        Assert.Equal(100, progress.Percent);
        Assert.Equal("9 / 9 rows — done.", progress.Text);
    }
}
