using LeadRouting.Core.Import;

namespace LeadRouting.Web.Leads;

/// <summary>One column of a previewed file: its header, the target it fills (null: ignored) and why it is ignored.</summary>
public sealed record PreviewColumn(int Index, string Header, string? Target, string? Reason);

/// <summary>
/// What an import would read from a file before anything is imported: the charset it was read in, the separator, the
/// number of rows, the first rows as written, and how each column maps — or why the file cannot be imported
/// (<see cref="Problem"/>). Made by the import's own code path (<see cref="LeadImportFile"/>: <see cref="CsvCharset"/>,
/// the CSV parser, <see cref="ColumnMapping"/>), so the preview and the import cannot read a file differently.
/// </summary>
public sealed record LeadImportPreview
{
    public string? Charset { get; init; }
    public char? Separator { get; init; }
    public int Rows { get; init; }
    public IReadOnlyList<string> Headers { get; init; } = [];

    /// <summary>Whether the file is read as a CRM export (mapped); false for a file in the API's own field names.</summary>
    public bool IsExport { get; init; }

    public IReadOnlyList<PreviewColumn> Columns { get; init; } = [];
    public IReadOnlyList<CsvRawRow> FirstRows { get; init; } = [];
    public LeadImportProblem? Problem { get; init; }

    /// <summary>The mapping as the API writes it (header → target or null), for saving as a profile.</summary>
    public IReadOnlyDictionary<string, string?> Mapping =>
        Columns.GroupBy(c => c.Header, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Target, StringComparer.Ordinal);

    /// <summary>Reads the preview of <paramref name="file"/> (seekable; left open) as an import with <paramref name="options"/> would.</summary>
    public static async Task<LeadImportPreview> ReadAsync(Stream file, string? charset, LeadImportOptions options, TimeZoneInfo teamZone, CancellationToken cancellationToken)
    {
        await using var opened = await LeadImportFile.OpenAsync(file, charset, options, teamZone, cancellationToken);
        if (opened.Reader is not { } reader)
        {
            return new LeadImportPreview { Problem = opened.Problem };
        }

        var columns = reader.Mapping is { } mapping
            ? mapping.Columns.Select(c => new PreviewColumn(
                c.Index, c.Header, c.Target?.Name, c.Target is null ? c.Reason ?? ExportHeaders.UnknownColumn : reader.IgnoredColumns.FirstOrDefault(i => i.Header == c.Header)?.Reason))
            : reader.Headers.Select((h, i) => new PreviewColumn(i, h.Trim(), LeadFields.Find(h.Trim())?.Name, null));
        return new LeadImportPreview
        {
            Charset = opened.Charset,
            Separator = reader.Separator,
            Rows = opened.Rows,
            Headers = reader.Headers,
            IsExport = reader.Mapping is not null,
            Columns = [.. columns],
            FirstRows = await opened.RawRowsAsync(_ => true, LeadImportFile.PreviewRows, cancellationToken),
            Problem = opened.Problem,
        };
    }
}
