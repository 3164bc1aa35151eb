using System.Text;
using LeadRouting.Web.Analytics;
using Microsoft.Extensions.Caching.Memory;

namespace LeadRouting.Web.Leads;

/// <summary>One reason a row was rejected: its line (header = line 1), the field, the message.</summary>
public sealed record RejectedField(int Line, string Field, string Message);

/// <summary>
/// The rejected rows of an import or a dry run as a CSV file to fix and upload again: <c>line</c>, <c>field</c> and
/// <c>message</c> (a row with several bad fields names them all, separated by "; "), then the row's cells under the
/// file's own headers. A line the parser could not split keeps its raw text in the first column. Written as the
/// quarterly review is (<see cref="ReviewCsv"/>: UTF-8 with a byte order mark, a cell a spreadsheet would run as a
/// formula gets a leading <c>'</c>).
/// </summary>
public static class RejectedRowsCsv
{
    public static readonly IReadOnlyList<string> ReasonColumns = ["line", "field", "message"];

    public static byte[] Write(IReadOnlyList<string> headers, IReadOnlyList<RejectedField> reasons, IReadOnlyList<CsvRawRow> rows)
    {
        var cells = rows.ToDictionary(r => r.Line);
        var lines = reasons.GroupBy(r => r.Line).OrderBy(g => g.Key).Select(g =>
        {
            var original = cells.TryGetValue(g.Key, out var row) ? row.Cells : [];
            IReadOnlyList<string?> record =
            [
                g.Key.ToString(CultureInfo.InvariantCulture),
                string.Join("; ", g.Select(r => r.Field).Distinct(StringComparer.Ordinal)),
                string.Join("; ", g.Select(r => $"{r.Field}: {r.Message}")),
                .. Enumerable.Range(0, Math.Max(headers.Count, original.Count)).Select(i => i < original.Count ? original[i] : ""),
            ];
            return record;
        }).ToList();
        var width = Math.Max(headers.Count, lines.Count == 0 ? 0 : lines.Max(l => l.Count) - ReasonColumns.Count);
        IReadOnlyList<string> header = [.. ReasonColumns, .. Enumerable.Range(0, width).Select(i => i < headers.Count ? headers[i] : $"column {i + 1}")];
        var text = ReviewCsv.Write(header, lines.Select(l => l.Count < header.Count ? [.. l, .. Enumerable.Repeat<string?>("", header.Count - l.Count)] : l));
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)];
    }

    /// <summary>The flat reasons of an import's summary (grouped per line there).</summary>
    public static IReadOnlyList<RejectedField> Reasons(LeadImportSummary summary) =>
        [.. summary.Errors.SelectMany(e => e.Errors.SelectMany(f => f.Value.Select(m => new RejectedField(e.Line, f.Key, m))))];

    public static IReadOnlyList<RejectedField> Reasons(LeadImportDryRun dryRun) =>
        [.. dryRun.Errors.Select(e => new RejectedField(e.Line, e.Field, e.Message))];
}

/// <summary>
/// Files the import page offers for download (the rejected rows), kept in memory for an hour for the person who made
/// them and served by <c>GET /settings/import/rejected/{id}</c>: a Blazor page cannot hand a browser a file itself.
/// </summary>
public sealed class ImportDownloads(IMemoryCache cache)
{
    public const string Path = "/settings/import/rejected";

    private static readonly TimeSpan KeptFor = TimeSpan.FromHours(1);

    /// <summary>Keeps <paramref name="content"/> for <paramref name="userId"/>; the answer is the link to download it.</summary>
    public string Add(string userId, string fileName, byte[] content)
    {
        var id = Guid.NewGuid().ToString("N");
        cache.Set(Key(id), new ImportDownload(userId, fileName, content), new MemoryCacheEntryOptions { SlidingExpiration = KeptFor });
        return $"{Path}/{id}";
    }

    /// <summary>The file of that id when <paramref name="userId"/> made it; null otherwise (or when it expired).</summary>
    public ImportDownload? Find(string id, string? userId) =>
        cache.TryGetValue(Key(id), out ImportDownload? download) && download is not null && download.UserId == userId ? download : null;

    private static string Key(string id) => "import-download:" + id;
}

public sealed record ImportDownload(string UserId, string FileName, byte[] Content);
