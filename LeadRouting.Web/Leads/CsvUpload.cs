using System.Text;
using CsvHelper;

namespace LeadRouting.Web.Leads;

/// <summary>How the app reads an uploaded CSV file (lead import, named accounts, reps): the same rules for each.</summary>
internal static class CsvUpload
{
    /// <summary>
    /// A header row, cells trimmed, one record a line (a quoted line break is an error, so a bad quote cannot swallow the
    /// rest of the file), line numbers for messages, and malformed lines skipped into <paramref name="malformed"/> so the
    /// caller can report each one; <paramref name="maxRecordBytes"/> bounds a line when given.
    /// </summary>
    public static CsvReaderOptions Options(char separator, Queue<CsvMalformedRecord> malformed, int? maxRecordBytes = null) => new()
    {
        Separator = separator,
        HasHeader = true,
        TrimWhitespace = true,
        AllowLineBreaksInQuotes = false,
        TrackLineNumbers = true,
        MalformedData = CsvMalformedDataHandling.Skip,
        OnMalformedRecord = malformed.Enqueue,
        MaxRecordSize = maxRecordBytes,
        Encoding = Encoding.UTF8,
    };

    /// <summary>
    /// The separator of a small settings file (accounts, reps): <c>;</c> when the header line has semicolons and no comma
    /// (a German Excel export), else <c>,</c>. The stream is left where it was.
    /// </summary>
    public static async Task<char> SeparatorAsync(Stream csv, CancellationToken cancellationToken)
    {
        var start = csv.Position;
        string? header;
        using (var text = new StreamReader(csv, leaveOpen: true))
        {
            header = await text.ReadLineAsync(cancellationToken);
        }

        csv.Position = start;
        return header is not null && header.Contains(';', StringComparison.Ordinal) && !header.Contains(',', StringComparison.Ordinal) ? ';' : ',';
    }
}
