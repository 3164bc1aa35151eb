using CsvHelper;
using LeadRouting.Core.Import;
using LeadRouting.Web.Routing;

namespace LeadRouting.Web.Leads;

/// <summary>
/// How an import reads its file, whoever asks (<c>POST /api/leads/import</c> or the <c>/settings/import</c> page):
/// the numbers' locale, the mapping choices given with the upload, and the choices of a saved import profile.
/// </summary>
public sealed record LeadImportOptions
{
    public required CsvNumberFormat Numbers { get; init; }

    /// <summary>Header → target name or null, each header a column of the file (else the file is refused under <c>mapping</c>); null: none given.</summary>
    public IReadOnlyDictionary<string, string?>? Choices { get; init; }

    /// <summary>
    /// A saved profile's header → target choices: applied to the headers this file has (a profile is made for the next
    /// export, which may lack a column), under <see cref="Choices"/>, which win per header.
    /// </summary>
    public IReadOnlyDictionary<string, string?>? ProfileChoices { get; init; }

    /// <summary>Route (each row routed as now) or History (each row stored as what it was).</summary>
    public LeadImportMode Mode { get; init; } = LeadImportMode.Route;

    /// <summary>
    /// The currency the file's deal values are in and its rate (<c>?currency=USD&amp;rate=0.92</c>), over the
    /// organisation's; null: a reader without the organisation's currency (the mark of an amount is taken off).
    /// </summary>
    public ImportCurrency? Currency { get; init; }

    /// <summary>The choices the reader gets: the profile's for the file's headers, then the given ones over them; null when there are none.</summary>
    internal IReadOnlyDictionary<string, string?>? ChoicesFor(IReadOnlyList<string> headers)
    {
        if (ProfileChoices is null)
        {
            return Choices;
        }

        var present = headers.Select(h => h.Trim()).ToHashSet(StringComparer.Ordinal);
        var merged = ProfileChoices.Where(c => present.Contains(c.Key)).ToDictionary(StringComparer.Ordinal);
        foreach (var (header, target) in Choices ?? new Dictionary<string, string?>())
        {
            merged[header] = target;
        }

        // A profile's two headers for one target cannot both stay when a given choice moved one of them.
        foreach (var (header, target) in Choices ?? new Dictionary<string, string?>())
        {
            if (target is not null)
            {
                foreach (var other in merged.Where(m => m.Key != header && string.Equals(m.Value, target, StringComparison.OrdinalIgnoreCase)).Select(m => m.Key).ToList())
                {
                    merged.Remove(other);
                }
            }
        }

        return merged;
    }
}

/// <summary>
/// Why a file cannot be imported as a whole (its charset, its header, its mapping), in the terms of an RFC 7807 problem:
/// <see cref="Errors"/> names each field. <see cref="IsValidation"/> problems answer as validation problems (400).
/// </summary>
public sealed record LeadImportProblem(string Title, string? Detail, IReadOnlyDictionary<string, string[]> Errors, int Status = StatusCodes.Status400BadRequest, bool IsValidation = true)
{
    /// <summary>Every message, each after the field it is about, for a page to list.</summary>
    public IEnumerable<string> Messages => Errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"));
}

/// <summary>
/// An uploaded CSV file opened for an import, a dry run or a preview — the one code path of the API and the page:
/// its text as UTF-8 (<see cref="CsvCharset"/>), its rows counted, its header read through the mapping
/// (<see cref="CsvLeadReader"/>), dates read in the organisation's zone. <see cref="Problem"/> says why the file cannot
/// be imported, and then there is no <see cref="Reader"/>.
/// </summary>
public sealed class LeadImportFile : IAsyncDisposable
{
    /// <summary>How many first rows a preview shows.</summary>
    public const int PreviewRows = 5;

    private readonly CsvText? _text;

    private LeadImportFile(CsvText? text, CsvLeadReader? reader, int rows, LeadImportProblem? problem)
    {
        _text = text;
        Reader = reader;
        Rows = rows;
        Problem = problem;
    }

    /// <summary>The rows' reader; null when there is a <see cref="Problem"/>.</summary>
    public CsvLeadReader? Reader { get; }

    /// <summary>The data rows (non-blank lines after the header), counted before any is read.</summary>
    public int Rows { get; }

    public LeadImportProblem? Problem { get; }

    /// <summary>The charset the file was read in (utf-8, windows-1252, …); null when it could not be read.</summary>
    public string? Charset => _text?.Charset;

    /// <summary>The name an import acts under in the audit trail: the API key's name or the signed-in person's email.</summary>
    public static string Actor(string? who) => who is { Length: > 0 } ? $"csv-import ({who})" : "csv-import";

    /// <summary>
    /// Opens <paramref name="file"/> (seekable, from its start; it stays open and is read again by each open) with the
    /// declared <paramref name="charset"/> (null: none; UTF-8 or detected).
    /// </summary>
    public static async Task<LeadImportFile> OpenAsync(Stream file, string? charset, LeadImportOptions options, TimeZoneInfo teamZone, CancellationToken cancellationToken)
    {
        var text = await CsvCharset.ReadAsync(file, charset, cancellationToken);
        if (text.Problem is { } charsetProblem)
        {
            return new LeadImportFile(null, null, 0, new LeadImportProblem(
                charsetProblem.Title,
                charsetProblem.Detail,
                new Dictionary<string, string[]> { [CsvCharsetProblem.Field] = [charsetProblem.Detail] },
                charsetProblem.Status,
                IsValidation: false));
        }

        var utf8 = text.Utf8!;
        utf8.Position = 0;
        var rows = await CsvLeadReader.CountRowsAsync(utf8, cancellationToken);
        var choices = options.Choices;
        if (options.ProfileChoices is not null)
        {
            // The profile's choices are for the columns this file has: the header is read once to know them.
            await using (var header = await CsvLeadReader.OpenAsync(utf8, options.Numbers, cancellationToken))
            {
                choices = options.ChoicesFor(header.Headers);
            }

            utf8.Position = 0;
        }

        var export = new CsvExportReading(choices, ExportDates.For(options.Numbers.Locale, teamZone), SourceTable.Default, options.Mode)
        {
            Currency = options.Currency,
        };
        var reader = await CsvLeadReader.OpenAsync(utf8, options.Numbers, export, cancellationToken);
        if (reader.HeaderErrors.Count > 0)
        {
            var problem = new LeadImportProblem(
                "The CSV header is not valid.",
                reader.HeaderDetail,
                reader.HeaderErrors);
            return new LeadImportFile(text, reader, rows, problem);
        }

        return new LeadImportFile(text, reader, rows, null);
    }

    /// <summary>
    /// The zone a date without a time is a day of: the organisation's default calendar's (the first calendar of the
    /// published version), UTC before anything is published.
    /// </summary>
    public static async Task<TimeZoneInfo> TeamZoneAsync(PreviewService previews, CancellationToken cancellationToken)
    {
        try
        {
            return (await previews.PublishedAsync(cancellationToken)).Engine.Organisation.DefaultCalendar.TimeZone;
        }
        catch (NoPublishedConfigurationException)
        {
            return TimeZoneInfo.Utc;
        }
    }

    /// <summary>The organisation's currency (<c>policy.currency</c> of the published version); EUR before anything is published.</summary>
    public static async Task<string> OrganisationCurrencyAsync(PreviewService previews, CancellationToken cancellationToken)
    {
        try
        {
            return (await previews.PublishedAsync(cancellationToken)).Engine.Configuration.Policy.Currency;
        }
        catch (NoPublishedConfigurationException)
        {
            return CurrencyCodes.Default;
        }
    }

    /// <summary>
    /// The cells of the data rows <paramref name="wanted"/> picks by line, as the file writes them (trimmed), at most
    /// <paramref name="max"/>; a line the parser could not split comes back as its raw text in one cell. Reads the file
    /// again with the reader's parser and separator, so call it before or after <see cref="Reader"/>'s rows, not while.
    /// </summary>
    public async Task<IReadOnlyList<CsvRawRow>> RawRowsAsync(Func<int, bool> wanted, int max, CancellationToken cancellationToken)
    {
        if (_text?.Utf8 is not { } utf8 || Reader is null)
        {
            return [];
        }

        var position = utf8.Position;
        utf8.Position = 0;
        var malformed = new Queue<CsvMalformedRecord>();
        var rows = new List<CsvRawRow>();
        try
        {
            await using var csv = CsvReader.Create(utf8, CsvUpload.Options(Reader.Separator, malformed, CsvLeadReader.MaxLineBytes), leaveOpen: true);
            await csv.ReadHeaderAsync(cancellationToken);
            malformed.Clear();
            while (rows.Count < max && await csv.ReadAsync(cancellationToken))
            {
                TakeMalformed();
                var line = checked((int)csv.LineNumber);
                if (rows.Count < max && wanted(line))
                {
                    var cells = new string[csv.FieldCount];
                    for (var i = 0; i < cells.Length; i++)
                    {
                        cells[i] = csv.GetString(i)?.Trim() ?? "";
                    }

                    if (cells.Any(c => c.Length > 0))
                    {
                        rows.Add(new CsvRawRow(line, cells));
                    }
                }
            }

            TakeMalformed();
        }
        catch (CsvFormatException)
        {
            // A line beyond the size limit ends the file for the import too; the rows before it are what there is.
        }
        finally
        {
            utf8.Position = position;
        }

        return rows;

        void TakeMalformed()
        {
            while (malformed.TryDequeue(out var bad))
            {
                if (bad.Skipped && rows.Count < max && wanted(checked((int)bad.LineNumber)))
                {
                    rows.Add(new CsvRawRow(checked((int)bad.LineNumber), [bad.RawRecord ?? ""]));
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Reader is not null)
        {
            await Reader.DisposeAsync();
        }

        if (_text is not null)
        {
            await _text.DisposeAsync();
        }
    }
}

/// <summary>One data row as the file writes it: its line (header = line 1) and its cells.</summary>
public sealed record CsvRawRow(int Line, IReadOnlyList<string> Cells);
