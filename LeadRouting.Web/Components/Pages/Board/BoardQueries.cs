using LeadRouting.Core;
using LeadRouting.Core.Leads;
using LeadRouting.Core.Routing;
using LeadRouting.Core.Sla;
using LeadRouting.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace LeadRouting.Web.Components.Pages.Board;

/// <summary>A lead waiting in a queue (Unassigned or Manual review).</summary>
public sealed record QueuedLead(string Id, string Contact, string? Company, string Queue, string? Team, DateTimeOffset ReceivedAt, string Reason);

/// <summary>A breach: an escalation (accepted, not touched) or a lapsed acceptance window.</summary>
public sealed record BreachEntry(string LeadId, string Contact, string What, string? Owner, DateTimeOffset At);

/// <summary>Something that just happened to a lead (from the audit trail).</summary>
public sealed record ActivityEntry(string LeadId, string Contact, string Type, string Actor, string Detail, DateTimeOffset At);

/// <summary>A rep's load and availability at a glance.</summary>
public sealed record RepLoad(string RepId, string Name, string Team, string Level, int OpenLeads, int Capacity, string Availability);

/// <summary>Everything the manager board shows for one period and team filter.</summary>
public sealed record BoardSnapshot(
    IReadOnlyList<ComplianceRow> ByTeam,
    IReadOnlyList<ComplianceRow> ByRep,
    IReadOnlyList<QueuedLead> Queue,
    int QueueTotal,
    IReadOnlyList<BreachEntry> Breaches,
    IReadOnlyList<ActivityEntry> Activity,
    IReadOnlyList<RepLoad> Reps);

/// <summary>The board's reads: projections of only the columns it needs, bounded, one short-lived context.</summary>
public static class BoardQueries
{
    public const int QueuePageSize = 25;
    public const int BreachFeedSize = 20;
    public const int ActivityFeedSize = 15;

    /// <summary>The audit event types the activity feed shows: what people and the sweep did to leads.</summary>
    private static readonly string[] ActivityTypes =
        ["Routed", "Rerouted", "Merged", "Accepted", "Declined", "Touched", "Reassigned", "Escalated", "AssignedByManager"];

    public static async Task<BoardSnapshot> LoadAsync(
        IDbContextFactory<LeadRoutingDbContext> dbFactory, CompiledOrganisation organisation, string? teamId, DateTimeOffset since, int queuePage, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var leads = db.Leads.AsNoTracking().Where(l => teamId == null || l.TeamId == teamId);

        var samples = await leads
            .Where(l => l.ReceivedAt >= since && l.ResponseStatus != ResponseStatus.Pending && l.TeamId != null)
            .Select(l => new { l.TeamId, l.OwnerId, l.ReceivedAt, l.FirstTouchAt, l.ResponseStatus })
            .ToListAsync(cancellationToken);
        string TeamName(string? id) => id is null ? "—" : organisation.FindTeam(new TeamId(id))?.Team.Name ?? id;
        string RepName(string? id) => id is null ? "—" : organisation.FindRep(new RepId(id))?.Rep.Name ?? id;
        var byTeam = SlaCompliance.Summarise(samples.Select(s => new ResponseSample(TeamName(s.TeamId), s.ReceivedAt, s.FirstTouchAt, s.ResponseStatus)));
        var byRep = SlaCompliance.Summarise(samples.Where(s => s.OwnerId != null).Select(s => new ResponseSample(RepName(s.OwnerId), s.ReceivedAt, s.FirstTouchAt, s.ResponseStatus)));

        var queued = leads.Where(l => l.Stage == LeadStage.Unassigned || l.Stage == LeadStage.ManualReview);
        var queueTotal = await queued.CountAsync(cancellationToken);
        var queue = (await queued
                .OrderByDescending(l => l.QueuePriority).ThenBy(l => l.ReceivedAt)
                .Skip(queuePage * QueuePageSize).Take(QueuePageSize)
                .Select(l => new { l.Id, l.FirstName, l.LastName, l.Email, l.Company, l.Stage, l.TeamId, l.ReceivedAt, l.Referral, l.Reassignments })
                .ToListAsync(cancellationToken))
            .Select(l => new QueuedLead(
                l.Id,
                Contact(l.FirstName, l.LastName, l.Email),
                l.Company,
                l.Stage == LeadStage.ManualReview ? "Manual review" : "Unassigned",
                l.TeamId is null ? null : TeamName(l.TeamId),
                l.ReceivedAt,
                l.Stage == LeadStage.ManualReview ? $"referral {l.Referral}" : l.Reassignments > 0 ? $"not accepted after {l.Reassignments} reassignment(s)" : "no rep could take it"))
            .ToList();

        var escalations = await leads.Where(l => l.EscalatedAt != null)
            .OrderByDescending(l => l.EscalatedAt).Take(BreachFeedSize)
            .Select(l => new { l.Id, l.FirstName, l.LastName, l.Email, l.OwnerId, At = l.EscalatedAt!.Value })
            .ToListAsync(cancellationToken);
        var lapses = await db.AuditEvents.AsNoTracking()
            .Where(e => e.Type == "Reassigned" && e.LeadId != null)
            .OrderByDescending(e => e.Id).Take(BreachFeedSize)
            .Join(leads, e => e.LeadId, l => l.Id, (e, l) => new { l.Id, l.FirstName, l.LastName, l.Email, e.Detail, e.At })
            .ToListAsync(cancellationToken);
        var breaches = escalations
            .Select(e => new BreachEntry(e.Id, Contact(e.FirstName, e.LastName, e.Email), "Accepted, not touched: escalated", RepName(e.OwnerId), e.At))
            .Concat(lapses.Select(e => new BreachEntry(e.Id, Contact(e.FirstName, e.LastName, e.Email), $"Acceptance window lapsed → {e.Detail}", null, e.At)))
            .OrderByDescending(b => b.At)
            .Take(BreachFeedSize)
            .ToList();

        var activity = (await db.AuditEvents.AsNoTracking()
                .Where(e => e.LeadId != null && ActivityTypes.Contains(e.Type))
                .OrderByDescending(e => e.Id)
                .Join(leads, e => e.LeadId, l => l.Id, (e, l) => new { l.Id, l.FirstName, l.LastName, l.Email, e.Type, e.Actor, e.Detail, e.At })
                .Take(ActivityFeedSize)
                .ToListAsync(cancellationToken))
            .Select(e => new ActivityEntry(e.Id, Contact(e.FirstName, e.LastName, e.Email), e.Type, e.Actor, e.Detail, e.At))
            .ToList();

        var states = await db.RepStates.AsNoTracking().ToDictionaryAsync(r => r.RepId, cancellationToken);
        var reps = organisation.Reps
            .Where(r => teamId is null || r.Team.Team.Id.Value == teamId)
            .Select(r =>
            {
                var state = states.GetValueOrDefault(r.Id.Value);
                return new RepLoad(r.Id.Value, r.Rep.Name, r.Team.Team.Name, RepLevels.Describe(r.Rep.Level), state?.OpenLeads ?? 0, r.Rep.Capacity,
                    !r.Rep.Active ? "Inactive" : state?.Availability switch
                    {
                        Availability.OutOfOffice => "Out of office",
                        Availability.Away => "Away",
                        _ => "Available",
                    });
            })
            .OrderByDescending(r => r.Capacity == 0 ? 1 : (double)r.OpenLeads / r.Capacity)
            .ToList();

        return new BoardSnapshot(byTeam, byRep, queue, queueTotal, breaches, activity, reps);
    }

    private static string Contact(string? first, string? last, string email) => LeadRouting.Web.Leads.LeadNames.Contact(first, last, email);
}
