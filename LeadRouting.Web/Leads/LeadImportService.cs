using System.Text.Json.Serialization;
using LeadRouting.Core.Import;

namespace LeadRouting.Web.Leads;

/// <summary>
/// Imports the rows of a CSV file: each valid row goes through <see cref="LeadIngestionService"/> exactly as a lead of
/// <c>POST /api/leads</c> does (its own transaction: stored, deduplicated, routed), each bad row is reported by its line
/// and stores nothing. Rows are handed to the writer in file order with up to <see cref="RowsInFlight"/> waiting, so
/// the writer commits them in batches (and other callers' leads interleave with the file's), while a row still sees
/// every row before it: a person twice in one file merges.
/// </summary>
/// <remarks>
/// Importing the same file again stores nothing new: a row with an <c>externalId</c> is replayed, a row without one is
/// merged into the open lead of the same email (DESIGN.md §2.1). That second rule only covers open leads, so a row
/// whose first import ended <c>Disqualified</c> (or was converted since) is created again, as it would be over the API.
/// </remarks>
public sealed class LeadImportService(LeadIngestionService ingestion, TimeProvider time)
{
    /// <summary>How many stored leads the summary lists by line; the counts always cover every row.</summary>
    public const int MaxListedLeads = 1_000;

    /// <summary>How many bad rows the summary lists; a file with more is broken as a whole and the first ones tell why.</summary>
    public const int MaxListedErrors = 10_000;

    /// <summary>How many rows wait for the writer at once: enough to fill its batches, few enough to bound memory.</summary>
    public const int RowsInFlight = 512;

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
        var inFlight = new Queue<(int Line, Task<IngestResult> Result)>();

        async Task CountOldestAsync()
        {
            var (line, pending) = inFlight.Dequeue();
            var result = await pending;
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

            if (leads.Count < MaxListedLeads)
            {
                leads.Add(new ImportedLead(line, result.LeadId!, result.Outcome));
            }
        }

        await foreach (var row in reader.ReadRowsAsync(cancellationToken))
        {
            rows++;
            var result = row.Submission is { } submission && row.Errors.IsEmpty
                ? ingestion.IngestAsync(submission, actor, readBackReplays: false, cancellationToken)
                : Task.FromResult(IngestResult.Invalid(WithSemanticErrors(row)));
            inFlight.Enqueue((row.Line, result));
            if (inFlight.Count >= RowsInFlight)
            {
                await CountOldestAsync();
            }
        }

        while (inFlight.Count > 0)
        {
            await CountOldestAsync();
        }

        return new LeadImportSummary
        {
            Rows = rows,
            Created = counts.Created,
            Merged = counts.Merged,
            Replayed = counts.Replayed,
            Rejected = rejected,
            Errors = errors,
            ErrorsTruncated = rejected > errors.Count,
            Leads = leads,
            LeadsTruncated = counts.Created + counts.Merged + counts.Replayed > leads.Count,
            Mapping = reader.Mapping,
            Ignored = reader.Mapping is null ? null : reader.IgnoredColumns,
        };
    }

    /// <summary>
    /// Reads, maps, validates and routes every row as <see cref="ImportAsync"/> would, against the published
    /// configuration and the live state, and stores nothing (<see cref="LeadIngestionService.DryRunAsync"/>): rows see
    /// the rows before them, so capacity taken by one counts for the next and a person twice in the file merges.
    /// </summary>
    public async Task<LeadImportDryRun> DryRunAsync(CsvLeadReader reader, string actor, CancellationToken cancellationToken)
    {
        var errors = new List<LeadImportDryRunError>();
        var submissions = new List<LeadSubmission>();
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
                lines.Add(row.Line);
            }
            else
            {
                Reject(row.Line, WithSemanticErrors(row));
            }
        }

        var outcomes = DryRunOutcomes.ToDictionary(s => s.ToString(), _ => 0);
        var counts = new StoredCounts();
        var results = await ingestion.DryRunAsync(submissions, actor, cancellationToken);
        for (var i = 0; i < results.Count; i++)
        {
            var (result, stage) = results[i];
            if (result.Outcome == IngestOutcome.Invalid)
            {
                Reject(lines[i], result.Errors!);
                continue;
            }

            counts.Add(result.Outcome);

            // A merge that does not re-route keeps its lead's stage (Accepted, Contacted…), which is counted under its name.
            if (stage is { } s)
            {
                outcomes[s.ToString()] = outcomes.GetValueOrDefault(s.ToString()) + 1;
            }
        }

        return new LeadImportDryRun
        {
            Rows = rows,
            Created = counts.Created,
            Merged = counts.Merged,
            Replayed = counts.Replayed,
            Rejected = rejected,
            Errors = errors,
            ErrorsTruncated = errors.Count >= MaxListedErrors,
            Outcomes = outcomes,
            Mapping = reader.Mapping?.ToDictionary() ?? FieldNameMapping(reader),
            Ignored = reader.IgnoredColumns,
        };
    }

    /// <summary>The accepted rows of an import or a dry run by what happened to them.</summary>
    private sealed class StoredCounts
    {
        public int Created { get; private set; }

        public int Merged { get; private set; }

        public int Replayed { get; private set; }

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
        }

        return row.Errors.ToDictionary();
    }
}

/// <summary>The response of <c>POST /api/leads/import</c>: counts over every row, the bad rows by line, the stored leads by line.</summary>
public sealed record LeadImportSummary
{
    /// <summary>Data rows read (blank lines and rows of empty cells are not rows): created + merged + replayed + rejected.</summary>
    public required int Rows { get; init; }

    public required int Created { get; init; }
    public required int Merged { get; init; }
    public required int Replayed { get; init; }
    public required int Rejected { get; init; }

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
}

/// <summary>
/// The answer of <c>POST /api/leads/import?dryRun=true</c>: what the import would do, row by row counted, with nothing
/// stored. <see cref="Outcomes"/> counts the routed rows (created or merged) by the stage their lead would end in.
/// </summary>
public sealed record LeadImportDryRun
{
    public bool DryRun => true;
    public required int Rows { get; init; }
    public required int Created { get; init; }
    public required int Merged { get; init; }
    public required int Replayed { get; init; }
    public required int Rejected { get; init; }

    /// <summary>One entry per bad field of a rejected row, up to <see cref="LeadImportService.MaxListedErrors"/>, in file order.</summary>
    public required IReadOnlyList<LeadImportDryRunError> Errors { get; init; }

    public required bool ErrorsTruncated { get; init; }

    /// <summary>Assigned, Unassigned, ManualReview, Nurture and Disqualified, always present (0 when none).</summary>
    public required IReadOnlyDictionary<string, int> Outcomes { get; init; }

    /// <summary>Header → target name, or null for an ignored column.</summary>
    public required IReadOnlyDictionary<string, string?> Mapping { get; init; }

    /// <summary>The columns that would not be imported, each with the reason.</summary>
    public required IReadOnlyList<IgnoredColumn> Ignored { get; init; }
}

/// <summary>One problem of a row a dry run would reject: its line (header = line 1), the field, the message.</summary>
public sealed record LeadImportDryRunError(int Line, string Field, string Message);

/// <summary>A rejected row: its line in the file (header = line 1) and each bad field with the reasons.</summary>
public sealed record LeadImportError(int Line, IDictionary<string, string[]> Errors);

/// <summary>An accepted row: its line, the lead it created, merged into or replayed, and which of those.</summary>
public sealed record ImportedLead(int Line, string LeadId, IngestOutcome Outcome);
