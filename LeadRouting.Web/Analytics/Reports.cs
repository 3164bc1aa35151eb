using LeadRouting.Core.Analytics;

namespace LeadRouting.Web.Analytics;

/// <summary>The period a report counts: leads received in [From, To).</summary>
public sealed record ReportPeriod(DateTimeOffset From, DateTimeOffset To);

/// <summary>SLA compliance of one day or week: decided first responses, % met, median and p90 minutes from receipt to first touch.</summary>
public sealed record SlaPoint(DateTimeOffset Start, int Decided, int Met, double? MetShare, double? MedianMinutes, double? P90Minutes);

/// <summary>SLA compliance of a region, team or rep over the whole period.</summary>
public sealed record SlaGroup(string Key, string Name, int Decided, int Met, double? MetShare, double? MedianMinutes, double? P90Minutes);

/// <summary>
/// SLA compliance of a period (<see cref="ReportQueries.SlaGroupsAsync"/>): over time, regions and teams count the prospect's
/// first response (from receipt); reps their own clock; queues (<c>Unassigned</c>, <c>ManualReview</c>) the leads whose
/// target passed while they waited there.
/// </summary>
public sealed record SlaReport(
    ReportPeriod Period,
    ReportGranularity Granularity,
    IReadOnlyList<SlaPoint> OverTime,
    IReadOnlyList<SlaGroup> ByRegion,
    IReadOnlyList<SlaGroup> ByTeam,
    IReadOnlyList<SlaGroup> ByRep,
    IReadOnlyList<SlaGroup> ByQueue);

/// <summary>SLA compliance rows keyed by region code, team id, rep id and queue (the stage name), worst first.</summary>
public sealed record SlaGroups(
    IReadOnlyList<ComplianceRow> ByRegion,
    IReadOnlyList<ComplianceRow> ByTeam,
    IReadOnlyList<ComplianceRow> ByRep,
    IReadOnlyList<ComplianceRow> ByQueue);

/// <summary>
/// Conversion of a group: of the leads assigned to a rep, <see cref="Won"/> converted out of <see cref="Closed"/> that
/// reached an outcome (converted or disqualified), with the 95 % Wilson interval; <see cref="Assigned"/> counts the open
/// ones too.
/// </summary>
public sealed record ConversionRow(string Key, string Name, int Assigned, int Closed, int Won, double? Rate, double? Lower, double? Upper, string Text)
{
    public static ConversionRow Of(string key, string name, int assigned, int closed, int won)
    {
        var proportion = new Proportion(won, closed);
        var interval = proportion.Wilson95;
        return new ConversionRow(key, name, assigned, closed, won, proportion.Rate, interval?.Lower, interval?.Upper, proportion.Describe());
    }
}

public sealed record ConversionReport(
    ReportPeriod Period,
    string Definition,
    ConversionRow Overall,
    IReadOnlyList<ConversionRow> BySource,
    IReadOnlyList<ConversionRow> BySegment,
    IReadOnlyList<ConversionRow> ByTeam,
    IReadOnlyList<ConversionRow> ByRep);

/// <summary>The speed-to-lead curve: conversion per bucket of time from receipt to first touch (key = the bucket's name).</summary>
public sealed record SpeedToLeadReport(ReportPeriod Period, IReadOnlyList<ConversionRow> Buckets);

/// <summary>Leads received in one local weekday and hour, and how fast they were answered.</summary>
public sealed record HeatCell(DayOfWeek Weekday, int Hour, int Leads, int Decided, int Met, int Touched, double? MetShare, double? MeanMinutes);

public sealed record HeatmapReport(ReportPeriod Period, string TimeBasis, IReadOnlyList<HeatCell> Cells);

/// <summary>A rep's load: now (open leads / capacity) and in the period (assigned leads, share among pool peers vs weighted share).</summary>
public sealed record RepCapacityRow(
    string RepId,
    string Name,
    string TeamId,
    string Team,
    string Level,
    int Weight,
    int Capacity,
    int OpenLeads,
    double? Utilisation,
    int AssignedInPeriod,
    double AssignedPerDay,
    double? ExpectedShare,
    double? ActualShare,
    double? ShareRatio,
    LoadFlag Flag);

public sealed record CapacityReport(ReportPeriod Period, IReadOnlyList<RepCapacityRow> Reps);

/// <summary>A node of the routing flow: a source (column 0), a treatment action (1) or a team (2).</summary>
public sealed record FlowNode(string Id, string Label, int Column, int Leads);

public sealed record FlowLink(string Source, string Target, int Leads);

public sealed record FlowReport(ReportPeriod Period, IReadOnlyList<FlowNode> Nodes, IReadOnlyList<FlowLink> Links);
