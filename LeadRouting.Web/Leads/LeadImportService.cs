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

    public async Task<LeadImportSummary> ImportAsync(CsvLeadReader reader, string actor, CancellationToken cancellationToken)
    {
        int rows = 0, created = 0, merged = 0, replayed = 0, rejected = 0;
        var errors = new List<LeadImportError>();
        var leads = new List<ImportedLead>();
        var inFlight = new Queue<(int Line, Task<IngestResult> Result)>();

        async Task CountOldestAsync()
        {
            var (line, pending) = inFlight.Dequeue();
            var result = await pending;
            switch (result.Outcome)
            {
                case IngestOutcome.Invalid:
                    rejected++;
                    if (errors.Count < MaxListedErrors)
                    {
                        errors.Add(new LeadImportError(line, result.Errors!));
                    }

                    return;
                case IngestOutcome.Created:
                    created++;
                    break;
                case IngestOutcome.Merged:
                    merged++;
                    break;
                case IngestOutcome.Replayed:
                    replayed++;
                    break;
                default:
                    throw new InvalidOperationException($"Unexpected ingestion outcome {result.Outcome}.");
            }

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
            Created = created,
            Merged = merged,
            Replayed = replayed,
            Rejected = rejected,
            Errors = errors,
            ErrorsTruncated = rejected > errors.Count,
            Leads = leads,
            LeadsTruncated = created + merged + replayed > leads.Count,
        };
    }

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
}

/// <summary>A rejected row: its line in the file (header = line 1) and each bad field with the reasons.</summary>
public sealed record LeadImportError(int Line, IDictionary<string, string[]> Errors);

/// <summary>An accepted row: its line, the lead it created, merged into or replayed, and which of those.</summary>
public sealed record ImportedLead(int Line, string LeadId, IngestOutcome Outcome);
