using LeadRouting.Core.Leads;
using LeadRouting.Core.Routing;

namespace LeadRouting.Core.Replay;

/// <summary>
/// What a draft would have done to the leads of a window, next to what the published configuration does with the same
/// leads (DESIGN.md "What-if replay"). Every list is in a fixed order (ids compared ordinally), so equal inputs give
/// equal results, element by element.
/// </summary>
public sealed record ReplayResult
{
    public required DateTimeOffset From { get; init; }
    public required DateTimeOffset To { get; init; }
    public required int LoadDays { get; init; }
    public required int LeadsReplayed { get; init; }

    /// <summary>Leads whose status, action, team or owner differ between the two configurations (all of them, also beyond the list).</summary>
    public required int ChangedLeadsTotal { get; init; }

    public required int OwnerChanged { get; init; }
    public required int TeamChanged { get; init; }
    public required int ActionChanged { get; init; }
    public required int StatusChanged { get; init; }

    /// <summary>Per rep of either configuration, by rep id.</summary>
    public required IReadOnlyList<RepLoadChange> RepLoads { get; init; }

    /// <summary>Per round-robin pool that picked at least once in either configuration, by pool key.</summary>
    public required IReadOnlyList<PoolFairnessComparison> Pools { get; init; }

    /// <summary>Per team of either configuration, by team id.</summary>
    public required IReadOnlyList<TeamSlaPressureComparison> Teams { get; init; }

    /// <summary>The first <see cref="ReplayOptions.MaxChangedLeads"/> changed leads, in receive order.</summary>
    public required IReadOnlyList<ChangedLead> ChangedLeads { get; init; }
}

/// <summary>
/// Leads a rep would receive over the window (new leads assigned to them; merges into their open leads are not counted)
/// and the highest open load they would reach, under each configuration.
/// </summary>
public sealed record RepLoadChange(
    RepId RepId,
    string Name,
    string? Team,
    int PublishedAssigned,
    int DraftAssigned,
    int PublishedPeakOpen,
    int DraftPeakOpen,
    int? Capacity)
{
    public int Change => DraftAssigned - PublishedAssigned;
}

public sealed record PoolFairnessComparison(string PoolKey, string Description, PoolFairness? Published, PoolFairness? Draft);

/// <summary>
/// How a round-robin pool shared its leads: each member's share of the pool's picks against its weight's share of the
/// weights of the members in rotation (active, not away, not out of office through the window's end). Reps out of
/// rotation have a weight share of 0.
/// </summary>
public sealed record PoolFairness(int Picks, IReadOnlyList<RepShare> Members)
{
    /// <summary>The largest |share − weight share| of a member, as a fraction (0.05 = 5 percentage points).</summary>
    public double MaxDeviation => Members.Count == 0 ? 0 : Members.Max(m => Math.Abs(m.Deviation));
}

public sealed record RepShare(RepId RepId, string Name, int Weight, bool InRotation, int Received, double Share, double WeightShare)
{
    public double Deviation => Share - WeightShare;
}

public sealed record TeamSlaPressureComparison(TeamId TeamId, string Name, TeamSlaPressure? Published, TeamSlaPressure? Draft);

/// <summary>
/// Expected SLA pressure on a team over the window. <see cref="DueLeads"/>: leads the configuration gives the team with a
/// response deadline (assigned, unassigned or in manual review; merges excluded). <see cref="BusinessHours"/>: working
/// time of the team's calendar in the window. <see cref="RepHours"/>: the summed working time (each rep's own calendar)
/// of the team's reps in rotation. <see cref="DuePerBusinessHour"/> = due leads / business hours;
/// <see cref="RepsPerBusinessHour"/> = rep hours / business hours (reps working in an average business hour);
/// <see cref="LeadsPerRepHour"/> = due leads / rep hours — the pressure, null when no rep of the team works at all.
/// <see cref="PeakDueInOneHour"/>: the most of the team's deadlines falling into one clock hour.
/// </summary>
public sealed record TeamSlaPressure(
    int DueLeads,
    int Unassigned,
    double BusinessHours,
    double RepHours,
    int PeakDueInOneHour)
{
    public double? DuePerBusinessHour => BusinessHours > 0 ? DueLeads / BusinessHours : null;

    public double? RepsPerBusinessHour => BusinessHours > 0 ? RepHours / BusinessHours : null;

    public double? LeadsPerRepHour => RepHours > 0 ? DueLeads / RepHours : null;
}

/// <summary>Where one configuration puts a lead.</summary>
public sealed record ReplayOutcome(
    LeadStage Status,
    TreatmentAction Action,
    TeamId? TeamId,
    string? Team,
    RepId? OwnerId,
    string? OwnerName,
    string? SlaPolicy,
    DateTimeOffset? RespondBy,
    LeadId? MergedInto);

[Flags]
public enum ReplayChange
{
    None = 0,
    Owner = 1,
    Team = 2,
    Action = 4,
    Status = 8,
}

/// <summary>A lead the draft would treat differently: who/what before (published) and after (draft).</summary>
public sealed record ChangedLead(
    LeadId LeadId,
    DateTimeOffset ReceivedAt,
    string Name,
    string? Company,
    ReplayOutcome Published,
    ReplayOutcome Draft,
    ReplayChange Changes);
