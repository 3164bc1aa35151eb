namespace LeadRouting.Web.Data.Entities;

/// <summary>
/// Every routing decision ever taken for a lead, with its full trace, so "why" survives rule changes. The trace is kept
/// compressed in <see cref="TraceData"/> (from issue 21 on) or as JSON text in <see cref="TraceJson"/> (rows written
/// before); read it with <c>Leads.StoredTrace.JsonOf</c> / <c>Read</c>, which answer the same for both.
/// </summary>
public sealed class RoutingDecisionEntity
{
    public long Id { get; set; }
    public required string LeadId { get; set; }
    public DateTimeOffset DecidedAt { get; set; }
    public int ConfigurationVersion { get; set; }
    public required string Reason { get; set; }
    public LeadStage Status { get; set; }
    public Intent Intent { get; set; }
    public int FitScore { get; set; }
    public Fit Fit { get; set; }
    public TreatmentAction Action { get; set; }
    public DealTier Tier { get; set; }
    public string? SegmentId { get; set; }
    public string? Segment { get; set; }
    public string? TeamId { get; set; }
    public string? Team { get; set; }
    public string? OwnerId { get; set; }
    public string? OwnerName { get; set; }
    public DistributionMethod Distribution { get; set; }
    public string? SlaPolicy { get; set; }
    public DateTimeOffset? RespondBy { get; set; }
    public DateTimeOffset? EscalateAt { get; set; }
    /// <summary>The trace as JSON text on rows written before issue 21; empty when <see cref="TraceData"/> holds it.</summary>
    public required string TraceJson { get; set; }

    /// <summary>The trace's JSON Brotli-compressed (<c>Leads.StoredTrace.Compress</c>); null on rows written before issue 21.</summary>
    public byte[]? TraceData { get; set; }
}

/// <summary>Who did what to which lead, when and why (DESIGN.md "Lead lifecycle": every change is an audit event).</summary>
public sealed class AuditEventEntity
{
    public long Id { get; set; }
    public string? LeadId { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Actor { get; set; }
    public required string Type { get; set; }
    public required string Detail { get; set; }
}

/// <summary>A message to send after commit (notifications, live events); written in the same transaction as the change.</summary>
public sealed class OutboxMessageEntity
{
    public long Id { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string Type { get; set; }
    public required string Payload { get; set; }
    public DateTimeOffset? ProcessedAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }

    /// <summary>Not before this instant: set after a failed dispatch, so a row that keeps failing backs off.</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }
}
