namespace LeadRouting.Web.Leads;

/// <summary>A stored lead with its signals, its latest decision (with trace), its event history and its open next step.</summary>
public sealed record StoredLead(
    LeadEntity Lead,
    RoutingDecisionEntity? Decision,
    IReadOnlyList<StoredTraceStep> Trace,
    IReadOnlyList<AuditEventEntity> Events,
    LeadTaskEntity? NextStep = null);

public static class LeadQueries
{
    public static async Task<StoredLead?> FindAsync(LeadRoutingDbContext db, string id, CancellationToken cancellationToken)
    {
        var lead = await db.Leads.AsNoTracking()
            .Include(l => l.Signals.OrderBy(s => s.At))
            .AsSplitQuery()
            .SingleOrDefaultAsync(l => l.Id == id, cancellationToken);
        if (lead is null)
        {
            return null;
        }

        var decision = await db.Decisions.AsNoTracking()
            .Where(d => d.LeadId == id)
            .OrderByDescending(d => d.Id)
            .FirstOrDefaultAsync(cancellationToken);
        var events = await db.AuditEvents.AsNoTracking()
            .Where(e => e.LeadId == id)
            .OrderBy(e => e.Id)
            .ToListAsync(cancellationToken);
        var trace = decision is null
            ? []
            : StoredTrace.Read(decision);
        var nextStep = await db.LeadTasks.AsNoTracking()
            .Where(t => t.LeadId == id && t.CompletedAt == null && t.CancelledAt == null)
            .OrderByDescending(t => t.Id)
            .FirstOrDefaultAsync(cancellationToken);
        return new StoredLead(lead, decision, trace, events, nextStep);
    }
}

/// <summary>What ingesting one submission came to.</summary>
public sealed record IngestResult
{
    public required IngestOutcome Outcome { get; init; }
    public string? LeadId { get; init; }
    /// <summary>The stored lead as the response shows it (new leads and replays; null for merges, which are read back).</summary>
    public StoredLead? Stored { get; init; }
    public IDictionary<string, string[]>? Errors { get; init; }

    /// <summary>The stage the row's lead ended in: a history row as stored, an import row (created or merged) as routed; null for a replay and over the API.</summary>
    public LeadStage? Stage { get; init; }

    /// <summary>A history row's owner as the file wrote it, when no rep of the roster is that owner; the lead is stored without one.</summary>
    public string? UnknownOwner { get; init; }

    public static IngestResult Created(string id, StoredLead stored) => new() { Outcome = IngestOutcome.Created, LeadId = id, Stored = stored };

    public static IngestResult Merged(string id) => new() { Outcome = IngestOutcome.Merged, LeadId = id };

    public static IngestResult Replayed(StoredLead earlier) => new() { Outcome = IngestOutcome.Replayed, LeadId = earlier.Lead.Id, Stored = earlier };

    public static IngestResult Invalid(IDictionary<string, string[]> errors) => new() { Outcome = IngestOutcome.Invalid, Errors = errors };
}

public enum IngestOutcome
{
    /// <summary>A new lead was stored and routed.</summary>
    Created,

    /// <summary>The submission was merged into an open lead of the same person (and possibly re-routed).</summary>
    Merged,

    /// <summary>The <c>externalId</c> was seen before: the first result is returned, nothing new is stored.</summary>
    Replayed,

    /// <summary>Validation failed; nothing was stored.</summary>
    Invalid,
}
