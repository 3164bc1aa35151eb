using System.Text.Json.Serialization;
using LeadRouting.Web.Leads;
using LeadRouting.Web.Routing;

namespace LeadRouting.Web.Api;

/// <summary>A routing decision as the public API returns it (DESIGN.md "Public HTTP API": decision fields).</summary>
public sealed record RoutingDecisionDto
{
    /// <summary>The stage the lead would be in: Assigned, Nurture, ManualReview, Unassigned or Disqualified.</summary>
    public required LeadStage Status { get; init; }
    public required Intent Intent { get; init; }
    public required int FitScore { get; init; }
    public required Fit Fit { get; init; }
    public required TreatmentAction Action { get; init; }
    public required DealTier Tier { get; init; }
    public required string? Segment { get; init; }
    public required string? Team { get; init; }
    public required string? OwnerId { get; init; }
    public required string? OwnerName { get; init; }
    public required DistributionMethod Distribution { get; init; }
    public required string? SlaPolicy { get; init; }
    public required DateTimeOffset? RespondBy { get; init; }
    public required DateTimeOffset? EscalateAt { get; init; }
    public required IReadOnlyList<StoredTraceStep> Trace { get; init; }

    /// <summary>The open lead of the same person this submission would be merged into; null when it is a new lead.</summary>
    public required string? DuplicateOf { get; init; }

    /// <summary>
    /// The open lead of the same person under another address (same first and last name at the same matched account,
    /// issue 19) this new lead goes to the owner of; null when there is none. A stored decision shows its lead's.
    /// </summary>
    public required string? PossibleDuplicateOf { get; init; }

    /// <summary>
    /// The published version a preview routed with (number, author, time); absent from stored decisions and from a
    /// preview that answers a stored lead (its <c>externalId</c> was seen before).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public PublishedVersionDto? ConfigurationVersion { get; init; }

    public static RoutingDecisionDto From(RoutingDecision decision) => LeadMapper.ToDto(decision);
}

/// <summary>A published configuration version: its number, who published it and when.</summary>
public sealed record PublishedVersionDto(int Version, string Author, DateTimeOffset PublishedAt)
{
    public static PublishedVersionDto From(ConfigurationStamp stamp) => new(stamp.Version, stamp.Author, stamp.PublishedAt);
}
