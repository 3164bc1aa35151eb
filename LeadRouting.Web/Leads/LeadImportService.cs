using System.Text.Json.Serialization;
using LeadRouting.Core.Import;
using LeadRouting.Web.Notifications;
using LeadRouting.Web.Routing;

namespace LeadRouting.Web.Leads;

/// <summary>
/// Imports the rows of a CSV file: each valid row goes through <see cref="LeadIngestionService"/> exactly as a lead of
/// <c>POST /api/leads</c> does (its own transaction: stored, deduplicated, routed), each bad row is reported by its line
/// and stores nothing. Rows are handed to the writer in file order with up to <see cref="RowsInFlight"/> waiting, so
/// the writer commits them in batches (and other callers' leads interleave with the file's), while a row still sees
/// every row before it: a person twice in one file merges. Routed rows go to the writer <see cref="RouteRowsPerItem"/>
/// at a time and history rows <see cref="HistoryRowsPerItem"/> at a time, as one item each.
/// </summary>
/// <remarks>
/// Importing the same file again changes nothing and the answer says so (<see cref="LeadImportCounts.Unchanged"/>): a
/// row with a known <c>externalId</c> is replayed, and so is a row without one that states its <c>receivedAt</c> when a
/// lead of the same email was received at that instant (<see cref="LeadIngestionService.IngestRowAsync"/>). A row with
/// neither is merged into the open lead of the same email (DESIGN.md §2.1), as over the API. In
/// <see cref="LeadImportMode.History"/> rows are stored as they were (<see cref="HistoryRecorder"/>), never merged.
/// </remarks>
public sealed class LeadImportService(LeadIngestionService ingestion, PreviewService previews, ImportNotifications notifications, TimeProvider time)
{
    /// <summary>How many stored leads the summary lists by line; the counts always cover every row.</summary>
    public const int MaxListedLeads = 1_000;

    /// <summary>How many bad rows the summary lists; a file with more is broken as a whole and the first ones tell why.</summary>
    public const int MaxListedErrors = 10_000;

    /// <summary>How many rows wait for the writer at once: enough to fill its batches, few enough to bound memory.</summary>
    public const int RowsInFlight = 1_024;

    /// <summary>
    /// History rows go to the writer this many at a time, as one item: one savepoint, one task and one queue entry for
    /// all of them instead of one each (a history row is a few inserts, so that overhead was a good part of its cost).
    /// Routed rows stay one item each, so a row of another caller can still run between two rows of a file.
    /// </summary>
    public const int HistoryRowsPerItem = 64;

    /// <summary>
    /// Routed rows go to the writer this many at a time, as one item (<see cref="LeadIngestionService.IngestRowsAsync"/>):
    /// one savepoint, task and queue entry per chunk instead of per row (issue 21). Another caller's lead still waits
    /// behind at most <see cref="RowsInFlight"/> of the file's rows, as it did when each row was an item.
    /// </summary>
    public const int RouteRowsPerItem = 64;

    /// <summary>The stages a routed lead ends in, in the order a dry run's <c>outcomes</c> lists them.</summary>
    private static readonly LeadStage[] DryRunOutcomes =
        [LeadStage.Assigned, LeadStage.Unassigned, LeadStage.ManualReview, LeadStage.Nurture, LeadStage.Disqualified];

    /// <summary>Imports every row; <paramref name="rowsDone"/>, when given, is told the number of rows finished (stored, merged, replayed or rejected) after each one, for a progress bar.</summary>
    public async Task<LeadImportSummary> ImportAsync(CsvLeadReader reader, string actor, CancellationToken cancellationToken, IProgress<int>? rowsDone = null)
    {
        var done = 0;
        int rows = 0, rejected = 0;
        var counts = new StoredCounts();
        var errors = new List<LeadImportError>();
        var leads = new List<ImportedLead>();
        var owners = new UnknownOwners();
        var inFlight = new Queue<(int[] Lines, Task<IReadOnlyList<IngestResult>> Results)>();
        var inFlightRows = 0;
        var historyChunk = new List<(int Line, LeadSubmission Submission, LeadHistory History)>(HistoryRowsPerItem);
        // A rejected row read while a chunk fills goes into it, so the answer lists errors in file order.
        var routeChunk = new List<(int Line, LeadSubmission? Submission, IngestResult? Rejected)>(RouteRowsPerItem);

        // One digest per person instead of one email per lead (Notifications/ImportNotifications).
        var run = await notifications.BeginAsync(actor, cancellationToken);
        ImportTotals Totals() => new(rows, counts.Created, counts.Merged, counts.Replayed, rejected);

        async Task CountOldestAsync()
        {
            var (lines, pending) = inFlight.Dequeue();
            var results = await pending;
            inFlightRows -= lines.Length;
            for (var i = 0; i < lines.Length; i++)
            {
                Count(lines[i], results[i]);
            }
        }

        void Count(int line, IngestResult result)
        {
            rowsDone?.Report(++done);
            if (result.Outcome == IngestOutcome.Invalid)
            {
                rejected++;
                if (errors.Count < MaxListedErrors)
                {
                    errors.Add(new LeadImportError(line, result.Errors!));
                }

                return;
            }

            counts.Add(result.Outcome);
            owners.Add(result.UnknownOwner);

            if (leads.Count < MaxListedLeads)
            {
                leads.Add(new ImportedLead(line, result.LeadId!, result.Outcome));
            }
        }

        async Task EnqueueAsync(int[] lines, Task<IReadOnlyList<IngestResult>> results)
        {
            inFlight.Enqueue((lines, results));
            inFlightRows += lines.Length;
            while (inFlightRows >= RowsInFlight)
            {
                await CountOldestAsync();
            }
        }

        async Task SendHistoryChunkAsync()
        {
            if (historyChunk.Count == 0)
            {
                return;
            }

            var lines = historyChunk.Select(r => r.Line).ToArray();
            var results = ingestion.RecordHistoryAsync([.. historyChunk.Select(r => (r.Submission, r.History))], actor, cancellationToken);
            historyChunk.Clear();
            await EnqueueAsync(lines, results);
        }

        async Task SendRouteChunkAsync()
        {
            if (routeChunk.Count == 0)
            {
                return;
            }

            var chunk = routeChunk.ToArray();
            routeChunk.Clear();
            var ingested = ingestion.IngestRowsAsync([.. chunk.Where(r => r.Rejected is null).Select(r => r.Submission!)], actor, run.ImportId, cancellationToken);
            await EnqueueAsync([.. chunk.Select(r => r.Line)], InFileOrderAsync(chunk, ingested));
        }

        try
        {
            await foreach (var row in reader.ReadRowsAsync(cancellationToken))
            {
                rows++;
                if (row.Submission is not { } submission || !row.Errors.IsEmpty)
                {
                    var invalid = IngestResult.Invalid(WithSemanticErrors(row));
                    if (routeChunk.Count > 0)
                    {
                        routeChunk.Add((row.Line, null, invalid));
                    }
                    else
                    {
                        await EnqueueAsync([row.Line], Task.FromResult<IReadOnlyList<IngestResult>>([invalid]));
                    }
                }
                else if (row.History is { } history)
                {
                    historyChunk.Add((row.Line, submission, history));
                    if (historyChunk.Count == HistoryRowsPerItem)
                    {
                        await SendHistoryChunkAsync();
                    }
                }
                else
                {
                    routeChunk.Add((row.Line, submission, null));
                    if (routeChunk.Count == RouteRowsPerItem)
                    {
                        await SendRouteChunkAsync();
                    }
                }
            }

            await SendHistoryChunkAsync();
            await SendRouteChunkAsync();
            while (inFlight.Count > 0)
            {
                await CountOldestAsync();
            }
        }
        catch (Exception)
        {
            await notifications.CompleteAfterFailureAsync(run, Totals());
            throw;
        }

        await notifications.CompleteAsync(run, Totals(), cancellationToken);

        var tally = await TallyAsync(reader, rows, rejected, counts, owners, dryRun: false, cancellationToken);
        return tally.CountsInto(new LeadImportSummary
        {
            Errors = errors,
            ErrorsTruncated = rejected > errors.Count,
            Leads = leads,
            LeadsTruncated = counts.Created + counts.Merged + counts.Replayed > leads.Count,
            Mapping = reader.Mapping,
            Ignored = reader.Mapping is null ? null : reader.IgnoredColumns,
            Conversion = reader.Conversion,
        });
    }

    /// <summary>
    /// Reads, maps, validates and routes every row as <see cref="ImportAsync"/> would, against the published
    /// configuration and the live state, and stores nothing (<see cref="LeadIngestionService.DryRunAsync"/>): rows see
    /// the rows before them, so capacity taken by one counts for the next and a person twice in the file merges.
    /// </summary>
    public async Task<LeadImportDryRun> DryRunAsync(CsvLeadReader reader, string actor, CancellationToken cancellationToken) =>
        (await InOneItemAsync(reader, actor, store: false, importId: null, cancellationToken)).Answer;

    /// <summary>
    /// <c>atomic=true</c>: every row stored or none. When no row is rejected, all of them are stored and routed in one
    /// transaction (<see cref="LeadIngestionService.AllOrNothingAsync"/>) and the answer is the import's summary; when any
    /// row is rejected, nothing is stored and <see cref="AllOrNothing.Refused"/> says what the import would have done,
    /// as a dry run answers it.
    /// </summary>
    public async Task<AllOrNothing> ImportAllOrNothingAsync(CsvLeadReader reader, string actor, CancellationToken cancellationToken)
    {
        // One digest per person instead of one email per lead, as for a partial import.
        var notice = await notifications.BeginAsync(actor, cancellationToken);
        var run = await InOneItemAsync(reader, actor, store: true, notice.ImportId, cancellationToken);
        if (!run.Stored)
        {
            return new AllOrNothing(null, run.Answer);
        }

        var answer = run.Answer;
        await notifications.CompleteAsync(notice, new ImportTotals(answer.Rows, answer.Created, answer.Merged, answer.Replayed, 0), cancellationToken);
        return new AllOrNothing(
            answer.CountsInto(new LeadImportSummary
            {
                Errors = [],
                ErrorsTruncated = false,
                Leads = [.. run.Leads.Take(MaxListedLeads)],
                LeadsTruncated = run.Leads.Count > MaxListedLeads,
                Mapping = reader.Mapping,
                Ignored = reader.Mapping is null ? null : reader.IgnoredColumns,
                Conversion = reader.Conversion,
            }),
            null);
    }

    /// <summary>
    /// Reads every row, then hands the valid ones to the writer in one item: rolled back (a dry run, or an all-or-nothing
    /// import with a rejected row) or, when <paramref name="store"/> and no row is rejected, committed.
    /// </summary>
    private async Task<(LeadImportDryRun Answer, bool Stored, List<ImportedLead> Leads)> InOneItemAsync(
        CsvLeadReader reader, string actor, bool store, string? importId, CancellationToken cancellationToken)
    {
        var errors = new List<LeadImportDryRunError>();
        var submissions = new List<LeadSubmission>();
        var histories = reader.Mode == LeadImportMode.History ? new List<LeadHistory>() : null;
        var lines = new List<int>();
        int rows = 0, rejected = 0;

        void Reject(int line, IDictionary<string, string[]> fieldErrors)
        {
            rejected++;
            foreach (var (field, messages) in fieldErrors)
            {
                foreach (var message in messages)
                {
                    if (errors.Count < MaxListedErrors)
                    {
                        errors.Add(new LeadImportDryRunError(line, field, message));
                    }
                }
            }
        }

        await foreach (var row in reader.ReadRowsAsync(cancellationToken))
        {
            rows++;
            if (row.Submission is { } submission && row.Errors.IsEmpty)
            {
                submissions.Add(submission);
                histories?.Add(row.History!);
                lines.Add(row.Line);
            }
            else
            {
                Reject(row.Line, WithSemanticErrors(row));
            }
        }

        var outcomes = DryRunOutcomes.ToDictionary(s => s.ToString(), _ => 0);
        var counts = new StoredCounts();
        var owners = new UnknownOwners();
        var leads = new List<ImportedLead>();
        var (results, stored) = store && rejected == 0
            ? await ingestion.AllOrNothingAsync(submissions, histories, actor, importId, cancellationToken)
            : (await ingestion.DryRunAsync(submissions, histories, actor, cancellationToken), false);
        for (var i = 0; i < results.Count; i++)
        {
            var (result, stage) = results[i];
            if (result.Outcome == IngestOutcome.Invalid)
            {
                Reject(lines[i], result.Errors!);
                continue;
            }

            counts.Add(result.Outcome);
            owners.Add(result.UnknownOwner);
            leads.Add(new ImportedLead(lines[i], result.LeadId!, result.Outcome));

            // A merge that does not re-route keeps its lead's stage (Accepted, Contacted…), which is counted under its name.
            if (stage is { } s)
            {
                outcomes[s.ToString()] = outcomes.GetValueOrDefault(s.ToString()) + 1;
            }
        }

        var tally = await TallyAsync(reader, rows, rejected, counts, owners, dryRun: !stored, cancellationToken);
        var answer = tally.CountsInto(new LeadImportDryRun
        {
            Errors = errors,
            ErrorsTruncated = errors.Count >= MaxListedErrors,
            Outcomes = outcomes,
            Mapping = reader.Mapping?.ToDictionary() ?? FieldNameMapping(reader),
            Ignored = reader.IgnoredColumns,
            Conversion = reader.Conversion,
        });
        return (answer, stored, leads);
    }

    /// <summary>What the import's answer and the dry run's share, counted over every row of the file.</summary>
    private async Task<LeadImportTally> TallyAsync(
        CsvLeadReader reader, int rows, int rejected, StoredCounts counts, UnknownOwners owners, bool dryRun, CancellationToken cancellationToken) =>
        new()
        {
            Mode = ModeName(reader),
            Rows = rows,
            Created = counts.Created,
            Merged = counts.Merged,
            Replayed = counts.Replayed,
            Rejected = rejected,
            Unchanged = counts.Unchanged,
            Message = counts.Message(rows, rejected, dryRun),
            UnknownOwners = reader.Mode == LeadImportMode.History ? owners.List : null,
            ValidOwners = await ValidOwnersAsync(owners, cancellationToken),
        };

    /// <summary>A chunk's results in its rows' order: the rows rejected while it filled, and the ingested rows' results between them.</summary>
    private static async Task<IReadOnlyList<IngestResult>> InFileOrderAsync(
        (int Line, LeadSubmission? Submission, IngestResult? Rejected)[] chunk, Task<IReadOnlyList<IngestResult>> ingested)
    {
        var results = await ingested;
        var next = 0;
        return [.. chunk.Select(r => r.Rejected ?? results[next++])];
    }

    /// <summary>"history" in a history import's answer; null (left out) in a routed import's, whose answer stays as it was.</summary>
    private static string? ModeName(CsvLeadReader reader) => reader.Mode == LeadImportMode.History ? "history" : null;

    /// <summary>The reps an owner may name, listed when some owner named none of them, so the file can be corrected.</summary>
    private async Task<IReadOnlyList<ValidOwner>?> ValidOwnersAsync(UnknownOwners owners, CancellationToken cancellationToken)
    {
        if (owners.List.Count == 0)
        {
            return null;
        }

        var organisation = (await previews.PublishedAsync(cancellationToken)).Engine.Organisation;
        return [.. organisation.Reps.OrderBy(r => r.Rep.Name, StringComparer.Ordinal).Select(r => new ValidOwner(r.Id.Value, r.Rep.Name, r.Rep.Email))];
    }

    /// <summary>Each owner name no rep answers to, once, with the rows that named it, in the order first seen.</summary>
    private sealed class UnknownOwners
    {
        private readonly Dictionary<string, int> _index = new(StringComparer.OrdinalIgnoreCase);
        private readonly List<UnknownOwner> _list = [];

        public IReadOnlyList<UnknownOwner> List => _list;

        public void Add(string? owner)
        {
            if (owner is null)
            {
                return;
            }

            if (_index.TryGetValue(owner, out var i))
            {
                _list[i] = _list[i] with { Rows = _list[i].Rows + 1 };
            }
            else
            {
                _index[owner] = _list.Count;
                _list.Add(new UnknownOwner(owner, 1));
            }
        }
    }

    /// <summary>The accepted rows of an import or a dry run by what happened to them.</summary>
    private sealed class StoredCounts
    {
        public int Created { get; private set; }

        public int Merged { get; private set; }

        public int Replayed { get; private set; }

        /// <summary>Every accepted row had been imported before: the import changed nothing.</summary>
        public bool Unchanged => Created == 0 && Merged == 0 && Replayed > 0;

        /// <summary>What a re-upload says about itself; null when the import changed something.</summary>
        public string? Message(int rows, int rejected, bool dryRun)
        {
            if (!Unchanged)
            {
                return null;
            }

            var nothing = dryRun ? "nothing would change" : "nothing changed";
            return rejected == 0
                ? string.Create(CultureInfo.InvariantCulture, $"All {rows:N0} rows were already imported; {nothing}.")
                : string.Create(CultureInfo.InvariantCulture, $"{Replayed:N0} of {rows:N0} rows were already imported, {rejected:N0} rejected (see errors); {nothing}.");
        }

        public void Add(IngestOutcome outcome)
        {
            switch (outcome)
            {
                case IngestOutcome.Created:
                    Created++;
                    break;
                case IngestOutcome.Merged:
                    Merged++;
                    break;
                case IngestOutcome.Replayed:
                    Replayed++;
                    break;
                default:
                    throw new InvalidOperationException($"Unexpected ingestion outcome {outcome}.");
            }
        }
    }

    /// <summary>A file of field names maps each column to itself.</summary>
    private static IReadOnlyDictionary<string, string?> FieldNameMapping(CsvLeadReader reader) =>
        reader.Headers.Where(h => h.Length > 0).Distinct(StringComparer.Ordinal)
            .ToDictionary(h => h, h => LeadFields.Find(h)?.Name, StringComparer.Ordinal);

    /// <summary>A row with shape errors is validated too, so one report names every bad field of the row.</summary>
    private IDictionary<string, string[]> WithSemanticErrors(CsvLeadRow row)
    {
        if (row.Submission is { } submission)
        {
            LeadValidator.ValidateAfterReading(submission, time.GetUtcNow(), row.Errors);
            if (row.History is { } history)
            {
                HistoryRecorder.Validate(submission, history, time.GetUtcNow(), row.Errors);
            }
        }

        return row.Errors.ToDictionary();
    }
}

/// <summary>
/// What an import's answer and its dry run's share: the counts over every row first, the owners a history file named
/// that no rep answers to last. <see cref="JsonPropertyOrderAttribute"/> keeps these where they stood before the two
/// answers shared them (System.Text.Json would write a derived record's own properties first).
/// </summary>
public abstract record LeadImportCounts
{
    /// <summary>"history" for <c>mode=history</c>; absent for a routed import.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonPropertyOrder(-1)]
    public string? Mode { get; init; }

    /// <summary>Data rows read (blank lines and rows of empty cells are not rows): created + merged + replayed + rejected.</summary>
    [JsonPropertyOrder(-1)]
    public int Rows { get; init; }

    [JsonPropertyOrder(-1)]
    public int Created { get; init; }

    [JsonPropertyOrder(-1)]
    public int Merged { get; init; }

    [JsonPropertyOrder(-1)]
    public int Replayed { get; init; }

    [JsonPropertyOrder(-1)]
    public int Rejected { get; init; }

    /// <summary>True when every accepted row had been imported before (a re-upload): nothing was stored or changed. Absent otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    [JsonPropertyOrder(-1)]
    public bool Unchanged { get; init; }

    /// <summary>Says so in words when <see cref="Unchanged"/>: "All 1,234 rows were already imported; nothing changed."</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonPropertyOrder(-1)]
    public string? Message { get; init; }

    /// <summary>History only: each owner no rep of the roster answers to, once, with its rows (stored without an owner).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonPropertyOrder(1)]
    public IReadOnlyList<UnknownOwner>? UnknownOwners { get; init; }

    /// <summary>When an owner was unknown: the reps an owner may name (by id, email or exact name).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonPropertyOrder(1)]
    public IReadOnlyList<ValidOwner>? ValidOwners { get; init; }

    /// <summary><paramref name="answer"/> with these counts and owner lists: the one copy of what the answers share.</summary>
    public TAnswer CountsInto<TAnswer>(TAnswer answer)
        where TAnswer : LeadImportCounts =>
        (TAnswer)((LeadImportCounts)answer with
        {
            Mode = Mode,
            Rows = Rows,
            Created = Created,
            Merged = Merged,
            Replayed = Replayed,
            Rejected = Rejected,
            Unchanged = Unchanged,
            Message = Message,
            UnknownOwners = UnknownOwners,
            ValidOwners = ValidOwners,
        });
}

/// <summary>The counts of an import's rows before they go into its answer (<see cref="LeadImportCounts.CountsInto"/>).</summary>
internal sealed record LeadImportTally : LeadImportCounts;

/// <summary>The response of <c>POST /api/leads/import</c>: counts over every row, the bad rows by line, the stored leads by line.</summary>
public sealed record LeadImportSummary : LeadImportCounts
{
    /// <summary>Every rejected row, up to <see cref="LeadImportService.MaxListedErrors"/>, in file order.</summary>
    public required IReadOnlyList<LeadImportError> Errors { get; init; }

    /// <summary>True when more rows were rejected than <see cref="Errors"/> lists.</summary>
    public required bool ErrorsTruncated { get; init; }

    /// <summary>The lead each accepted row went to, up to <see cref="LeadImportService.MaxListedLeads"/>, in file order.</summary>
    public required IReadOnlyList<ImportedLead> Leads { get; init; }

    /// <summary>True when more rows were accepted than <see cref="Leads"/> lists.</summary>
    public required bool LeadsTruncated { get; init; }

    /// <summary>How a CRM export's columns were read (header → target or null); absent for a file of field names.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ColumnMapping? Mapping { get; init; }

    /// <summary>The export's columns that were not imported, each with the reason; absent for a file of field names.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<IgnoredColumn>? Ignored { get; init; }

    /// <summary>With <c>?currency=</c>: the currency the deal values were converted from, the rate, how many, the first one; absent otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ImportConversion? Conversion { get; init; }
}

/// <summary>An owner a history file names that is no rep here, and how many rows named it.</summary>
public sealed record UnknownOwner(string Owner, int Rows);

/// <summary>A rep of the published roster an owner column may name.</summary>
public sealed record ValidOwner(string Id, string Name, string? Email);

/// <summary>
/// The answer of <c>POST /api/leads/import?dryRun=true</c>: what the import would do, row by row counted, with nothing
/// stored. <see cref="Outcomes"/> counts the routed rows (created or merged) by the stage their lead would end in.
/// </summary>
public sealed record LeadImportDryRun : LeadImportCounts
{
    [JsonPropertyOrder(-2)]
    public bool DryRun => true;

    /// <summary>One entry per bad field of a rejected row, up to <see cref="LeadImportService.MaxListedErrors"/>, in file order.</summary>
    public required IReadOnlyList<LeadImportDryRunError> Errors { get; init; }

    public required bool ErrorsTruncated { get; init; }

    /// <summary>Assigned, Unassigned, ManualReview, Nurture and Disqualified, always present (0 when none).</summary>
    public required IReadOnlyDictionary<string, int> Outcomes { get; init; }

    /// <summary>Header → target name, or null for an ignored column.</summary>
    public required IReadOnlyDictionary<string, string?> Mapping { get; init; }

    /// <summary>The columns that would not be imported, each with the reason.</summary>
    public required IReadOnlyList<IgnoredColumn> Ignored { get; init; }

    /// <summary>With <c>?currency=</c>: the currency the deal values were converted from, the rate, how many, the first one; absent otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ImportConversion? Conversion { get; init; }
}

/// <summary>An all-or-nothing import: its summary when every row was stored, else what it would have done (nothing was stored).</summary>
public sealed record AllOrNothing(LeadImportSummary? Stored, LeadImportDryRun? Refused);

/// <summary>One problem of a row a dry run would reject: its line (header = line 1), the field, the message.</summary>
public sealed record LeadImportDryRunError(int Line, string Field, string Message);

/// <summary>A rejected row: its line in the file (header = line 1) and each bad field with the reasons.</summary>
public sealed record LeadImportError(int Line, IDictionary<string, string[]> Errors);

/// <summary>An accepted row: its line, the lead it created, merged into or replayed, and which of those.</summary>
public sealed record ImportedLead(int Line, string LeadId, IngestOutcome Outcome);
