using System.Globalization;
using CsvHelper;
using System.Text;
using LeadRouting.Web.Analytics;

namespace LeadRouting.Tests.Analytics;

public sealed class ReviewCsvTests
{
    [Theory]
    [InlineData("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0")]
    [InlineData("+1", "'+1")]
    [InlineData("-2", "'-2")]
    [InlineData("@x", "'@x")]
    [InlineData("\tTab", "'\tTab")]
    [InlineData("plain", "plain")]
    [InlineData("a=b", "a=b")]
    public void Cells_that_a_spreadsheet_would_run_as_formulas_get_a_leading_quote(string value, string expected) =>
        Assert.Equal(expected, ReviewCsv.Cell(value));

    [Theory]
    [InlineData("  =1+1", "'  =1+1")]
    [InlineData(" +1", "' +1")]
    [InlineData("\u00A0-2", "'\u00A0-2")]
    [InlineData("\u3000@x", "'\u3000@x")]
    [InlineData("\u200B=1+1", "'\u200B=1+1")]
    [InlineData("\uFF1DHYPERLINK(\"http://x\")", "\"'\uFF1DHYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("\uFF0B1", "'\uFF0B1")]
    [InlineData("\uFF0D2", "'\uFF0D2")]
    [InlineData("\uFF20x", "'\uFF20x")]
    [InlineData(" \uFF1D1+1", "' \uFF1D1+1")]
    [InlineData("\uFE66cmd", "'\uFE66cmd")]
    [InlineData("  plain", "  plain")]
    [InlineData("\uFF21team", "\uFF21team")]
    [InlineData("東京チーム", "東京チーム")]
    [InlineData("   ", "   ")]
    public void A_formula_after_leading_spaces_or_in_full_width_is_neutralised_too(string value, string expected) =>
        Assert.Equal(expected, ReviewCsv.Cell(value));

    [Fact]
    public void A_carriage_return_at_the_start_is_neutralised_and_quoted() =>
        Assert.Equal("\"'\rx\"", ReviewCsv.Cell("\rx"));

    [Fact]
    public async Task Written_csv_reads_back_cell_for_cell_with_commas_quotes_line_breaks_and_non_latin_names()
    {
        string[] header = ["team", "rep", "note"];
        string?[][] rows =
        [
            ["=cmd", "+1", "-2"],
            ["@x", "Zoë \"Z\" Müller, Jr.", "line one\nline two"],
            ["東京チーム", "Александра Петрова", null],
            ["Δ team", "محمد", "plain"],
        ];

        var csv = ReviewCsv.Write(header, rows);

        // Read back with CsvHelper (the app's CSV reader), not with our own code.
        await using var reader = CsvReader.Create(new MemoryStream(Encoding.UTF8.GetBytes(csv)), new CsvReaderOptions { HasHeader = false, AllowLineBreaksInQuotes = true, Encoding = Encoding.UTF8 }, leaveOpen: false);
        var read = new List<string[]>();
        while (await reader.ReadAsync(CancellationToken.None))
        {
            read.Add([.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetString(i) ?? "")]);
        }

        Assert.Equal(
            [
                ["team", "rep", "note"],
                ["'=cmd", "'+1", "'-2"],
                ["'@x", "Zoë \"Z\" Müller, Jr.", "line one\nline two"],
                ["東京チーム", "Александра Петрова", ""],
                ["Δ team", "محمد", "plain"],
            ],
            read);
        Assert.EndsWith("\r\n", csv, StringComparison.Ordinal);
    }

    [Fact]
    public void Numbers_are_invariant_with_at_most_one_decimal()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            Assert.Equal("12.3", ReviewCsv.Number(12.34));
            Assert.Equal("50", ReviewCsv.Percent(0.5));
            Assert.Null(ReviewCsv.Percent(null));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }
}
