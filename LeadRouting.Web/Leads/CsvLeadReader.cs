using System.Runtime.CompilerServices;
using System.Text;
using CsvHelper;
using LeadRouting.Core.Import;

namespace LeadRouting.Web.Leads;

/// <summary>
/// Reads leads from a CSV file for <c>POST /api/leads/import</c>, one row at a time from a stream (the file is never
/// held in memory as a whole). The first line is the header: columns are the lead fields of the API contract, matched
/// case-insensitively; an unknown or repeated column, or a missing <c>email</c> or <c>source</c> column, is a
/// <see cref="HeaderErrors">header error</see> and no row is read. Like <see cref="LeadJsonReader"/> for JSON, each row
/// is checked for shape only (numbers, enum names, ISO 8601 instants, cells outside the header) and every bad field is
/// named; the semantic rules are <see cref="LeadValidator"/>'s.
/// </summary>
/// <remarks>
/// Cells are trimmed and an empty cell is an absent field. A cell that starts with <c>=</c>, <c>+</c>, <c>-</c> or
/// <c>@</c> is plain data: formula injection is a risk of spreadsheets opening an export, not of an import.
/// <c>techStack</c> and <c>signals</c> hold several values separated by <c>;</c> or <c>|</c>; a signal is
/// <c>Type@instant</c>. Numbers are read as <see cref="CsvNumberFormat"/> says (a value whose separator could be a
/// thousands or a decimal mark is refused unless the import names a locale). The file's separator is the one its header uses (<c>,</c> <c>;</c> tab or <c>|</c>), because a
/// header holds only column names while data rows may be full of semicolons. Quoted fields may not span lines: one
/// stray quote then costs its own line instead of swallowing the rest of the file.
/// </remarks>
public sealed class CsvLeadReader : IAsyncDisposable
{
    /// <summary>The error key of problems with the file or its header as a whole (an empty file, a malformed header).</summary>
    public const string HeaderKey = "header";

    /// <summary>The error key of problems with a row as a whole (bad quoting, values outside the header's columns).</summary>
    public const string RowKey = "row";

    /// <summary>A lead row is a few hundred bytes; a longer line is not a lead but a broken file.</summary>
    public const int MaxLineBytes = 1024 * 1024;

    private const int MaxHeaderChars = 64 * 1024;
    private const string UnknownColumn = "Unknown column.";
    private const string MissingColumn = "Required column is missing.";
    /// <summary>The error key of a <c>mapping</c> that does not fit the file.</summary>
    public const string MappingKey = "mapping";

    /// <summary>Why a column mapped to a history target (owner, status, …) is not imported by a routed import.</summary>
    public const string HistoryOnly = "used only by mode=history";

    /// <summary>History is stored as of its own receipt, so a history import needs the column that says when.</summary>
    public const string HistoryNeedsReceivedAt = "Required column is missing: mode=history stores each row as of its own receivedAt (a created date).";

    private const string SignalExample = "DemoRequest@2026-11-20T10:00:00Z";

    /// <summary>The columns: the lead fields of the contract (<see cref="LeadFields"/>) in its order, matched case-insensitively.</summary>
    public static IReadOnlyList<string> Columns => LeadFields.Names;

    public static IReadOnlyList<string> RequiredColumns => LeadFields.RequiredNames;

    private static readonly char[] SeparatorCandidates = [',', ';', '\t', '|'];
    private static readonly char[] ListSeparators = [';', '|'];

    /// <summary>ISO 8601 (the extended format, a space allowed for the T); without an offset an instant is UTC, as in the JSON API.</summary>
    private static readonly string[] InstantFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd' 'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd' 'HH:mmK",
        "yyyy-MM-dd",
    ];

    private readonly CsvReader _csv;
    private readonly CsvCells _cells;
    private readonly Queue<CsvMalformedRecord> _malformed;

    /// <summary>For each column of the file, the lead field it holds, or null for a column without a name.</summary>
    private readonly LeadField?[] _fields;

    /// <summary>For each column of a mapped file, whether it is ignored (its cells are not "outside the header").</summary>
    private readonly bool[] _ignored;

    /// <summary>For each column, the history target it holds in <see cref="LeadImportMode.History"/>; empty in a routed import.</summary>
    private readonly ImportTarget?[] _history;

    private readonly ExportCells? _export;

    /// <summary>Reads <c>estimatedDealSize</c> with the row's currency; null for a reader made without the organisation's currency.</summary>
    private readonly DealValues? _deals;

    /// <summary>The column holding the row's currency (<see cref="ImportTargets.Currency"/>); -1 when the file has none.</summary>
    private readonly int _currencyColumn;

    /// <summary>Whether the lead fields are read the export's way (a mapped file) or as a file of field names writes them.</summary>
    private readonly bool _readsFields;

    private int _lastLine = 1;

    private CsvLeadReader(
        CsvReader csv, Queue<CsvMalformedRecord> malformed, HeaderMap header, CsvNumberFormat numbers, CsvExportReading? export = null)
    {
        _csv = csv;
        _cells = new CsvCells(numbers);
        _malformed = malformed;
        _fields = header.Fields;
        _ignored = header.Ignored;
        _history = header.History;
        Mapping = header.Mapping;
        IgnoredColumns = header.IgnoredColumns;
        // History columns are read the export's way (dates by locale and team zone) in a file of field names too.
        _export = header.Mapping is null && header.History.Length == 0 ? null : new ExportCells(numbers, export ?? CsvExportReading.Default(numbers), _cells);
        _readsFields = header.Mapping is not null;
        _currencyColumn = header.Currency ?? -1;
        _deals = export?.Currency is { } currency ? new DealValues(numbers, currency, marksAllowed: _readsFields) : null;
        Mode = export?.Mode ?? LeadImportMode.Route;
        HeaderErrors = header.Errors.ToDictionary().AsReadOnly();
        HeaderDetail = HeaderErrors.Count == 0 ? null : Describe(HeaderErrors);
    }

    /// <summary>
    /// The mapping a CRM export is read through (null for a file in the API's own column names, read strictly as
    /// before). A file is read as an export when a <c>mapping</c> is given, or when one of its headers is not a lead
    /// field's exact name but is a header <see cref="ExportHeaders"/> recognises (<c>Lead Source</c>, <c>Firma</c>).
    /// </summary>
    public ColumnMapping? Mapping { get; }

    /// <summary>Route (each row routed as a lead arriving now) or History (each row stored as what it was; <see cref="CsvLeadRow.History"/> set).</summary>
    public LeadImportMode Mode { get; }

    /// <summary>
    /// What the import did to its deal values' currency so far (all of it once the rows are read); null when it states
    /// no currency of its own (<c>?currency=</c>).
    /// </summary>
    public ImportConversion? Conversion => _deals?.Conversion;

    /// <summary>The separator the file's header uses (<c>,</c> <c>;</c> tab or <c>|</c>), which its rows are read with.</summary>
    public char Separator => _csv.Separator;

    /// <summary>The header as the file writes it (empty when it could not be read).</summary>
    public IReadOnlyList<string> Headers => _csv.Headers ?? [];

    /// <summary>The columns of a mapped file whose values are not imported, each with the reason; empty otherwise.</summary>
    public IReadOnlyList<IgnoredColumn> IgnoredColumns { get; }

    /// <summary>What is wrong with the header, keyed by column name (or <see cref="HeaderKey"/>); empty when rows can be read.</summary>
    public IReadOnlyDictionary<string, string[]> HeaderErrors { get; }

    /// <summary>The header errors in one paragraph with the columns a header may name; null when the header is fine.</summary>
    public string? HeaderDetail { get; }

    /// <summary>
    /// Reads the header of <paramref name="csv"/>, which must be seekable (its first line is looked at twice: once for
    /// the separator, once by the CSV parser) and UTF-8 (<see cref="CsvCharset"/> makes it so). Numbers are read in
    /// <paramref name="numbers"/>' format. The stream stays open when the reader is disposed.
    /// </summary>
    public static Task<CsvLeadReader> OpenAsync(Stream csv, CsvNumberFormat numbers, CancellationToken cancellationToken) =>
        OpenAsync(csv, numbers, null, cancellationToken);

    /// <summary>
    /// As <see cref="OpenAsync(Stream, CsvNumberFormat, CancellationToken)"/>; a CRM export is read through
    /// <paramref name="export"/>'s mapping choices, dates and source table (see <see cref="Mapping"/>).
    /// </summary>
    public static async Task<CsvLeadReader> OpenAsync(Stream csv, CsvNumberFormat numbers, CsvExportReading? export, CancellationToken cancellationToken)
    {
        if (!csv.CanSeek)
        {
            throw new ArgumentException("The CSV stream must be seekable.", nameof(csv));
        }

        var separator = await SeparatorOfHeaderAsync(csv, cancellationToken);
        var malformed = new Queue<CsvMalformedRecord>();
        var reader = CsvReader.Create(csv, CsvUpload.Options(separator, malformed, MaxLineBytes), leaveOpen: true);
        try
        {
            await reader.ReadHeaderAsync(cancellationToken);
        }
        catch (CsvFormatException)
        {
            return new CsvLeadReader(reader, malformed, HeaderMap.Failed(HeaderError($"The header could not be read: a line may be at most {MaxLineBytes / 1024} KiB.")), numbers);
        }

        // A malformed first line is skipped by the parser, which would then take the next line for the header.
        if (malformed.TryDequeue(out var badHeader))
        {
            return new CsvLeadReader(reader, malformed, HeaderMap.Failed(HeaderError($"Line {badHeader.LineNumber} is not a valid header: {Describe(badHeader.Reason)}")), numbers);
        }

        var headers = reader.Headers ?? [];
        var history = export?.ReadsHistory == true;
        var header = IsExport(headers, export) ? MapExportHeader(headers, export?.Choices, history) : MapHeader(headers, history);
        return new CsvLeadReader(reader, malformed, header, numbers, export);
    }

    /// <summary>
    /// How many data rows <paramref name="csv"/> (seekable, UTF-8) holds from its position on: the non-blank lines after
    /// the first non-blank one (the header), quoted fields never spanning lines. The import charges the rate limit by it
    /// before any row is stored; the stream is put back where it was.
    /// </summary>
    public static async Task<int> CountRowsAsync(Stream csv, CancellationToken cancellationToken)
    {
        var start = csv.Position;
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int rows = 0, read;
            bool headerSeen = false, lineHasText = false;
            while ((read = await csv.ReadAsync(buffer.AsMemory(0, 64 * 1024), cancellationToken)) > 0)
            {
                foreach (var b in buffer.AsSpan(0, read))
                {
                    if (b == (byte)'\n')
                    {
                        Count(ref rows, ref headerSeen, lineHasText);
                        lineHasText = false;
                    }
                    else if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r'))
                    {
                        lineHasText = true;
                    }
                }
            }

            Count(ref rows, ref headerSeen, lineHasText);
            return rows;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            csv.Position = start;
        }

        static void Count(ref int rows, ref bool headerSeen, bool lineHasText)
        {
            if (!lineHasText)
            {
                return;
            }

            if (headerSeen)
            {
                rows++;
            }

            headerSeen = true;
        }
    }

    /// <summary>
    /// The data rows, in file order, each with its line number (the header is line 1; blank lines count). Rows whose
    /// cells are all empty are passed over. A row the parser could not read (bad quoting) comes back without a
    /// submission; a line longer than <see cref="MaxLineBytes"/> ends the file with an error on that line.
    /// </summary>
    public async IAsyncEnumerable<CsvLeadRow> ReadRowsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (HeaderErrors.Count > 0)
        {
            throw new InvalidOperationException("The header is not valid; there are no rows to read.");
        }

        while (true)
        {
            var (hasRow, fatal) = await NextAsync(cancellationToken);

            // Lines the parser skipped come before the row it stopped on.
            while (_malformed.TryDequeue(out var bad))
            {
                if (bad.Skipped)
                {
                    yield return RowError(checked((int)bad.LineNumber), Describe(bad.Reason));
                }
            }

            if (fatal is not null)
            {
                yield return fatal;
                yield break;
            }

            if (!hasRow)
            {
                yield break;
            }

            if (ReadRow() is { } row)
            {
                yield return row;
            }
        }
    }

    public ValueTask DisposeAsync() => _csv.DisposeAsync();

    private async Task<(bool HasRow, CsvLeadRow? Fatal)> NextAsync(CancellationToken cancellationToken)
    {
        try
        {
            return (await _csv.ReadAsync(cancellationToken), null);
        }
        catch (CsvFormatException ex)
        {
            // Malformed quoting is skipped, so what throws is a line beyond MaxRecordSize; the parser cannot go on after it.
            var line = ex.LineNumber > 0 ? checked((int)ex.LineNumber) : _lastLine + 1;
            return (false, RowError(line, $"Could not be read: a line may be at most {MaxLineBytes / 1024} KiB. The rest of the file was not read."));
        }
    }

    private CsvLeadRow? ReadRow()
    {
        var line = checked((int)_csv.LineNumber);
        _lastLine = line;
        var errors = new FieldErrors();
        var lead = new LeadSubmission();
        LeadHistory? history = _history.Length == 0 ? null : new LeadHistory();
        var blank = true;
        string? dealText = null, currencyText = null;
        List<int>? outside = null;
        for (var i = 0; i < _csv.FieldCount; i++)
        {
            var text = _csv.GetString(i)?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                continue;
            }

            blank = false;
            if (i == _currencyColumn)
            {
                currencyText = text;
                continue;
            }

            if (history is not null && i < _history.Length && _history[i] is { } historyTarget)
            {
                history = _export!.ReadHistory(historyTarget, history, text, errors);
                continue;
            }

            if ((i < _fields.Length ? _fields[i] : null) is not { } field)
            {
                if (i >= _ignored.Length || !_ignored[i])
                {
                    (outside ??= []).Add(i + 1);
                }

                continue;
            }

            if (_deals is not null && field == LeadFields.EstimatedDealSize)
            {
                // Read once the row's currency column is known, wherever it stands.
                dealText = text;
                continue;
            }

            lead = _readsFields ? _export!.Read(field, lead, text, errors) : field.Read(lead, _cells, text, errors);
        }

        if (blank)
        {
            return null;
        }

        if (_deals is not null)
        {
            lead = _deals.Read(line, lead, dealText, currencyText, errors);
        }

        if (outside is not null)
        {
            errors.Add(RowKey, $"Has values outside the header's named columns (column {string.Join(", ", outside)}).");
        }

        return new CsvLeadRow(line, lead, errors) { History = history };
    }

    /// <summary>
    /// A file in the API's own column names is held to them (a misspelt column is an error, as it always was); a file
    /// with a header only a CRM export uses is mapped, and then its unknown columns are ignored and reported.
    /// </summary>
    private static bool IsExport(IReadOnlyList<string> headers, CsvExportReading? export) =>
        export?.Choices is not null
        || headers.Any(h => h.Trim() is { Length: > 0 } name && LeadFields.Find(name) is null && ExportHeaders.Recognise(name, out _) is not null);

    private static HeaderMap MapExportHeader(IReadOnlyList<string> headers, IReadOnlyDictionary<string, string?>? choices, bool history)
    {
        var errors = new FieldErrors();
        var mapping = ColumnMapping.Suggest([.. headers.Select(h => h.Trim())]);
        if (choices is not null)
        {
            if (mapping.WithTargets(choices, out var problem) is { } chosen)
            {
                mapping = chosen;
            }
            else
            {
                errors.Add(MappingKey, problem!);
                return HeaderMap.Failed(errors);
            }
        }

        var fields = new LeadField?[headers.Count];
        var ignored = new bool[headers.Count];
        var historyColumns = history ? new ImportTarget?[headers.Count] : [];
        var ignoredColumns = new List<IgnoredColumn>();
        int? currency = null;
        foreach (var column in mapping.Columns)
        {
            if (column.Header.Length == 0)
            {
                // As in a file of field names: a column without a name may stay, as long as it stays empty.
                continue;
            }

            if (column.Target?.Field is { } field)
            {
                fields[column.Index] = field;
                continue;
            }

            if (column.Target == ImportTargets.Currency)
            {
                currency = column.Index;
                continue;
            }

            if (history && column.Target is { } historyTarget)
            {
                historyColumns[column.Index] = historyTarget;
                continue;
            }

            ignored[column.Index] = true;
            ignoredColumns.Add(new IgnoredColumn(column.Header, column.Target is null ? column.Reason ?? ExportHeaders.UnknownColumn : HistoryOnly));
        }

        foreach (var required in LeadFields.All.Where(f => f.Required))
        {
            if (mapping.ColumnOf(ImportTargets.Of(required)) is null)
            {
                errors.Add(required.Name, MissingColumn);
            }
        }

        if (history && mapping.ColumnOf(ImportTargets.Of(LeadFields.ReceivedAt)) is null)
        {
            errors.Add(LeadFields.ReceivedAt.Name, HistoryNeedsReceivedAt);
        }

        return new HeaderMap(fields, ignored, errors, mapping, ignoredColumns, historyColumns) { Currency = currency };
    }

    private static HeaderMap MapHeader(IReadOnlyList<string> headers, bool history)
    {
        var errors = new FieldErrors();
        var fields = new LeadField?[headers.Count];
        var historyColumns = history ? new ImportTarget?[headers.Count] : [];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int? currency = null;
        for (var i = 0; i < headers.Count; i++)
        {
            var name = headers[i].Trim();
            if (name.Length == 0)
            {
                // Spreadsheets often export trailing columns without a name; they may stay, as long as they stay empty.
                continue;
            }

            if (ImportTargets.Find(name) == ImportTargets.Currency)
            {
                // The row's currency, beside estimatedDealSize, in any mode.
                if (!seen.Add(ImportTargets.Currency.Name))
                {
                    errors.Add(ImportTargets.Currency.Name, "Appears more than once.");
                }
                else
                {
                    currency = i;
                }
            }
            else if (history && LeadFields.Find(name) is null && ImportTargets.Find(name) is { Field: null } historyTarget)
            {
                // A file of field names may carry the history columns under their target names (owner, status, …).
                if (!seen.Add(historyTarget.Name))
                {
                    errors.Add(historyTarget.Name, "Appears more than once.");
                }
                else
                {
                    historyColumns[i] = historyTarget;
                }
            }
            else if (LeadFields.Find(name) is not { } field)
            {
                errors.Add(name, UnknownColumn);
            }
            else if (!seen.Add(field.Name))
            {
                errors.Add(field.Name, "Appears more than once.");
            }
            else
            {
                fields[i] = field;
            }
        }

        if (headers.Count == 0)
        {
            errors.Add(HeaderKey, "The file is empty; its first line must name the columns, e.g. email,source.");
        }
        else
        {
            foreach (var required in RequiredColumns.Where(r => !seen.Contains(r)))
            {
                errors.Add(required, MissingColumn);
            }

            if (history && !seen.Contains(LeadFields.ReceivedAt.Name))
            {
                errors.Add(LeadFields.ReceivedAt.Name, HistoryNeedsReceivedAt);
            }
        }

        return new HeaderMap(fields, new bool[headers.Count], errors, null, [], historyColumns) { Currency = currency };
    }

    /// <summary>What the header says about each column; <see cref="Mapping"/> is null for a file of field names.</summary>
    private sealed record HeaderMap(
        LeadField?[] Fields, bool[] Ignored, FieldErrors Errors, ColumnMapping? Mapping, IReadOnlyList<IgnoredColumn> IgnoredColumns, ImportTarget?[] History)
    {
        /// <summary>The column of the row's currency (<see cref="ImportTargets.Currency"/>); null when there is none.</summary>
        public int? Currency { get; init; }

        public static HeaderMap Failed(FieldErrors errors) => new([], [], errors, null, [], []);
    }

    /// <summary>The separator the header line uses most; a header holds only column names, so no cell can mislead this.</summary>
    private static async Task<char> SeparatorOfHeaderAsync(Stream csv, CancellationToken cancellationToken)
    {
        var start = csv.Position;
        var buffer = new char[MaxHeaderChars];
        int read;
        using (var text = new StreamReader(csv, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 16 * 1024, leaveOpen: true))
        {
            read = await text.ReadBlockAsync(buffer.AsMemory(), cancellationToken);
        }

        csv.Position = start;
        var header = buffer.AsSpan(0, read).TrimStart("\r\n");
        var end = header.IndexOfAny('\r', '\n');
        if (end >= 0)
        {
            header = header[..end];
        }

        var best = SeparatorCandidates[0];
        var bestCount = 0;
        foreach (var candidate in SeparatorCandidates)
        {
            var count = header.Count(candidate);
            if (count > bestCount)
            {
                (best, bestCount) = (candidate, count);
            }
        }

        return best;
    }

    private static FieldErrors HeaderError(string message)
    {
        var errors = new FieldErrors();
        errors.Add(HeaderKey, message);
        return errors;
    }

    private static string Describe(IReadOnlyDictionary<string, string[]> headerErrors)
    {
        var parts = headerErrors.Where(e => e.Key == HeaderKey).SelectMany(e => e.Value).ToList();
        var unknown = headerErrors.Where(e => e.Value.Contains(UnknownColumn)).Select(e => e.Key).ToList();
        if (unknown.Count > 0)
        {
            parts.Add($"Unknown columns: {string.Join(", ", unknown)}.");
        }

        var missing = headerErrors.Where(e => e.Value.Contains(MissingColumn)).Select(e => e.Key).ToList();
        if (missing.Count > 0)
        {
            parts.Add($"Missing required columns: {string.Join(", ", missing)}.");
        }

        parts.Add($"The columns are {string.Join(", ", Columns)} (case-insensitive; {string.Join(" and ", RequiredColumns)} required).");
        return string.Join(' ', parts);
    }

    private static CsvLeadRow RowError(int line, string message)
    {
        var errors = new FieldErrors();
        errors.Add(RowKey, message);
        return new CsvLeadRow(line, null, errors);
    }

    private static string Describe(CsvMalformedReason reason) => reason switch
    {
        CsvMalformedReason.StrayQuote => "A quote inside an unquoted value; quote the whole value and double the quotes in it (\"\").",
        CsvMalformedReason.TextAfterClosingQuote => "Text after the closing quote of a quoted value.",
        CsvMalformedReason.UnterminatedQuote or CsvMalformedReason.LineBreakInQuotes =>
            "A quoted value is not closed on its line (values may not span lines).",
        _ => $"The line is malformed ({reason}).",
    };

    internal static string[] SplitList(string text) =>
        text.Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    internal delegate T? NumberReader<T>(string text, out string? problem)
        where T : struct;

    internal static T? ReadNumber<T>(string field, string text, NumberReader<T> read, FieldErrors errors)
        where T : struct
    {
        var number = read(text, out var problem);
        if (problem is not null)
        {
            errors.Add(field, problem);
        }

        return number;
    }

    internal static List<Signal> ReadSignals(string field, string text, FieldErrors errors)
    {
        var items = SplitList(text);
        var signals = new List<Signal>(items.Length);
        for (var i = 0; i < items.Length; i++)
        {
            var path = $"{field}[{i}]";
            var at = items[i].IndexOf('@', StringComparison.Ordinal);
            if (at < 0)
            {
                errors.Add(path, $"Must be Type@time, e.g. {SignalExample} (got '{Shorten(items[i])}').");
                continue;
            }

            var typeText = items[i][..at].Trim();
            var instantText = items[i][(at + 1)..].Trim();
            SignalType? type = null;
            DateTimeOffset? instant = null;
            if (typeText.Length == 0)
            {
                errors.Add($"{path}.type", $"Is required, e.g. {SignalExample}.");
            }
            else
            {
                type = LeadValueText.Choice<SignalType>($"{path}.type", typeText, errors);
            }

            if (instantText.Length == 0)
            {
                errors.Add($"{path}.at", $"Is required, e.g. {SignalExample}.");
            }
            else
            {
                instant = ReadInstant($"{path}.at", instantText, errors);
            }

            if (type is { } t && instant is { } a)
            {
                signals.Add(new Signal(t, a));
            }
        }

        return signals;
    }

    internal static DateTimeOffset? ReadInstant(string path, string text, FieldErrors errors)
    {
        if (DateTimeOffset.TryParseExact(text, InstantFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            return instant;
        }

        errors.Add(path, LeadValueText.InstantProblem(text));
        return null;
    }

    private static string Shorten(string value) => TextRules.Shorten(value);
}

/// <summary>The lead fields' values as CSV cells hold them (trimmed, never empty: an empty cell is an absent field).</summary>
internal sealed class CsvCells(CsvNumberFormat numbers) : ILeadValueReader<string>
{
    public string? Text(string path, string input, FieldErrors errors) => input;

    public int? WholeNumber(string path, string input, FieldErrors errors) => CsvLeadReader.ReadNumber(path, input, numbers.ReadWhole, errors);

    public decimal? Amount(string path, string input, FieldErrors errors) => CsvLeadReader.ReadNumber(path, input, numbers.ReadDecimal, errors);

    public IReadOnlyList<string> TextList(string path, string input, FieldErrors errors) => CsvLeadReader.SplitList(input);

    public TEnum? Choice<TEnum>(string path, string input, FieldErrors errors)
        where TEnum : struct, Enum => LeadValueText.Choice<TEnum>(path, input, errors);

    public DateTimeOffset? Instant(string path, string input, FieldErrors errors) => CsvLeadReader.ReadInstant(path, input, errors);

    public IReadOnlyList<Signal> Signals(string path, string input, FieldErrors errors) => CsvLeadReader.ReadSignals(path, input, errors);
}

/// <summary>
/// One data row of a CSV import: its line (header = line 1), the lead as far as it could be read, and what reading
/// found wrong. <see cref="Submission"/> is null when the line could not be parsed at all.
/// </summary>
public sealed record CsvLeadRow(int Line, LeadSubmission? Submission, FieldErrors Errors)
{
    /// <summary>What the history columns say became of the lead; null unless the import is in <see cref="LeadImportMode.History"/>.</summary>
    public LeadHistory? History { get; init; }
}
