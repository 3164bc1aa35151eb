namespace LeadRouting.Core.Import;

/// <summary>
/// What a lead import does with its rows: <see cref="Route"/> (the default) routes each row as a lead arriving now;
/// <see cref="History"/> stores each row as what it was in the CRM — its own receipt, owner, stage and closure —
/// without routing, clocks, tasks or notifications, so the reports show the company's past.
/// </summary>
public enum LeadImportMode
{
    Route,
    History,
}

/// <summary>
/// What a CRM export says became of one lead, read from its history columns (<see cref="ImportTargets.History"/>):
/// every part is optional, as exports carry some of them or none.
/// </summary>
public sealed record LeadHistory
{
    /// <summary>The owner as the file writes it: a rep's id, email address or exact name (resolved against the roster when stored).</summary>
    public string? Owner { get; init; }

    public CrmStatus? Status { get; init; }

    public DateTimeOffset? ClosedAt { get; init; }

    public DateTimeOffset? FirstTouchAt { get; init; }

    public string? LossReason { get; init; }
}
