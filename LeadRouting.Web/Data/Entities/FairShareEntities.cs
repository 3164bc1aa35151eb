namespace LeadRouting.Web.Data.Entities;

/// <summary>
/// A lead a round-robin pool gave to a rep, with the pool's roster at that moment (<c>PoolRotation</c>): written by the
/// lead writer in the transaction of the decision, and what the fair-share ledger is computed from.
/// </summary>
public sealed class PoolPickEntity
{
    public long Id { get; set; }
    public required string PoolKey { get; set; }
    public required string LeadId { get; set; }
    public required string RepId { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Rotation { get; set; }
}

/// <summary>A pool's fair-share settings: its make-up policy and when its ledger was last reset. A pool without a row has the defaults.</summary>
public sealed class PoolSettingsEntity
{
    public required string PoolKey { get; set; }
    public MakeUpPolicy MakeUp { get; set; }
    public DateTimeOffset? LedgerResetAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }
}

/// <summary>A manager's manual adjustment of a rep's share in a pool, with the reason (also an audit event).</summary>
public sealed class ShareAdjustmentEntity
{
    public long Id { get; set; }
    public required string PoolKey { get; set; }
    public required string RepId { get; set; }
    public int Leads { get; set; }
    public required string Reason { get; set; }
    public required string Actor { get; set; }
    public DateTimeOffset At { get; set; }
}
