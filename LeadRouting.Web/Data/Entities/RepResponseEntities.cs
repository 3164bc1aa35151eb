namespace LeadRouting.Web.Data.Entities;

/// <summary>
/// An accept/decline link of one assignment that was used (issue 19 part 4). The key stands for the assignment (lead,
/// rep, assigned-at), so the email's Accept and Decline links are one use between them: the row is inserted with
/// <c>ON CONFLICT DO NOTHING</c> in the same transaction as the action, and a replay finds it taken and changes nothing.
/// </summary>
public sealed class ActionLinkUseEntity
{
    /// <summary>SHA-256 (hex) of the assignment the link stands for (<c>ActionLinks.UseKey</c>).</summary>
    public required string Key { get; set; }

    public required string LeadId { get; set; }
    public required string RepId { get; set; }

    /// <summary><c>Accept</c> or <c>Decline</c>.</summary>
    public required string Action { get; set; }

    public DateTimeOffset UsedAt { get; set; }
}

/// <summary>
/// A nudge sent (issue 19 part 3): one row per lead and nudge (<c>accept-50@{assigned-at ticks}</c>, …), inserted with
/// <c>ON CONFLICT DO NOTHING</c> in the transaction that writes the nudge's outbox message, so a sweep that runs twice,
/// or on two instances at once, sends each nudge once.
/// </summary>
public sealed class LeadNudgeEntity
{
    public required string LeadId { get; set; }

    /// <summary>Which nudge: the window, the point and the assignment it belongs to.</summary>
    public required string Nudge { get; set; }

    public DateTimeOffset SentAt { get; set; }
}
