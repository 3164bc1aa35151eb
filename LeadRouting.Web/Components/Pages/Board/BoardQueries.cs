using LeadRouting.Web.Analytics;
using LeadRouting.Web.Leads;

namespace LeadRouting.Web.Components.Pages.Board;

/// <summary>A lead waiting in a queue (Unassigned or Manual review).</summary>
public sealed record QueuedLead(string Id, string Contact, string? Company, string Queue, string? Team, DateTimeOffset ReceivedAt, string Reason);

/// <summary>A breach: an escalation (accepted, not touched) or a lapsed acceptance window.</summary>
public sealed record BreachEntry(string LeadId, string Contact, string What, string? Owner, DateTimeOffset At);

/// <summary>Something that just happened to a lead (from the audit trail).</summary>
public sealed record ActivityEntry(string LeadId, string Contact, string Type, string Actor, string Detail, DateTimeOffset At);

/// <summary>A rep's load and availability at a glance.</summary>
public sealed record RepLoad(string RepId, string Name, string Team, string Level, int OpenLeads, int Capacity, string Availability);

/// <summary>One page of a list the board pages on the server, with the count of the whole list.</summary>
public sealed record BoardPage<T>(IReadOnlyList<T> Items, int Total);

/// <summary>The order of the queue: most urgent first (the default), or by time received.</summary>
public enum QueueOrder
{
    Priority,
    ReceivedOldestFirst,
    ReceivedNewestFirst,
}

/// <summary>
/// What the board shows: a region and/or a team (null for all) and the period compliance and breaches count from.
/// Leads belong to a region through their team, so a region filter leaves out leads no team took yet.
/// </summary>
public sealed record BoardFilter(string? RegionCode, string? TeamId, DateTimeOffset Since)
{
    /// <summary>The teams the filter keeps, or null when it keeps every lead (no region and no team chosen).</summary>
    public IReadOnlyList<string>? TeamIds(CompiledOrganisation organisation) => (RegionCode, TeamId) switch
    {
        (null, null) => null,
        (null, { } team) => [team],
        ({ } region, var team) =>
        [
            .. organisation.Teams
                .Where(t => string.Equals(t.Team.Region, region, StringComparison.OrdinalIgnoreCase) && (team is null || t.Team.Id.Value == team))
                .Select(t => t.Team.Id.Value),
        ],
    };
}

/// <summary>Everything the manager board shows for one filter apart from the lists it pages on the server (queue, breaches).</summary>
public sealed record BoardSnapshot(
    IReadOnlyList<ComplianceRow> ByRegion,
    IReadOnlyList<ComplianceRow> ByTeam,
    IReadOnlyList<ComplianceRow> ByRep,
    IReadOnlyList<ActivityEntry> Activity,
    IReadOnlyList<RepLoad> Reps);

/// <summary>The board's reads: projections of only the columns it needs, bounded or paged, one short-lived context each.</summary>
public static class BoardQueries
{
    public const int ActivityFeedSize = 15;

    /// <summary>The audit event types the activity feed shows: what people and the sweep did to leads.</summary>
    private static readonly string[] ActivityTypes =
        ["Routed", "Rerouted", "Merged", "Accepted", "Declined", "Touched", "Reassigned", "Escalated", "AssignedByManager"];

    public static async Task<BoardSnapshot> LoadAsync(
        IDbContextFactory<LeadRoutingDbContext> dbFactory, CompiledOrganisation organisation, BoardFilter filter, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var teamIds = filter.TeamIds(organisation);
        var leads = Leads(db, teamIds);

        // Compliance is the analytics' own computation (ReportQueries.SlaGroupsAsync) over the board's filter, so the board,
        // /analytics and the API answer the same (issue 13): regions and teams in the prospect's view, reps on their own
        // clock, and the queues where targets lapsed, listed with the reps.
        var groups = await ReportQueries.SlaGroupsAsync(
            dbFactory, organisation, new ReportFilter { From = filter.Since, To = DateTimeOffset.MaxValue, Regions = filter.RegionCode is { } region ? [region] : [], Teams = filter.TeamId is { } team ? [team] : [] }, now, cancellationToken);
        var byRegion = Named(groups.ByRegion, code => organisation.Teams.FirstOrDefault(t => string.Equals(t.Team.Region, code, StringComparison.OrdinalIgnoreCase))?.Region?.Name ?? code);
        var byTeam = Named(groups.ByTeam, id => TeamName(organisation, id));
        var byRep = Named(groups.ByRep, id => RepName(organisation, id)).Concat(Named(groups.ByQueue, stage => LeadQueues.Describe(Enum.Parse<LeadStage>(stage)))).ToList();

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
            .Where(r => teamIds is null || teamIds.Contains(r.Team.Team.Id.Value))
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

        return new BoardSnapshot(byRegion, byTeam, byRep, activity, reps);
    }

    /// <summary>
    /// One page of the Unassigned and Manual-review queues (whatever their age: the period filter is for compliance), and
    /// how many wait in all. Only the page's rows are read.
    /// </summary>
    public static async Task<BoardPage<QueuedLead>> LoadQueueAsync(
        IDbContextFactory<LeadRoutingDbContext> dbFactory, CompiledOrganisation organisation, BoardFilter filter, int skip, int take, QueueOrder order, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var queued = Leads(db, filter.TeamIds(organisation)).Where(l => l.Stage == LeadStage.Unassigned || l.Stage == LeadStage.ManualReview);
        var total = await queued.CountAsync(cancellationToken);
        var ordered = order switch
        {
            QueueOrder.ReceivedOldestFirst => queued.OrderBy(l => l.ReceivedAt).ThenBy(l => l.Id),
            QueueOrder.ReceivedNewestFirst => queued.OrderByDescending(l => l.ReceivedAt).ThenBy(l => l.Id),
            _ => queued.OrderByDescending(l => l.QueuePriority).ThenBy(l => l.ReceivedAt).ThenBy(l => l.Id),
        };
        var rows = await ordered
            .Skip(skip).Take(take)
            .Select(l => new { l.Id, l.FirstName, l.LastName, l.Email, l.Company, l.Stage, l.TeamId, l.ReceivedAt, l.Referral, l.Reassignments })
            .ToListAsync(cancellationToken);
        var page = rows
            .Select(l => new QueuedLead(
                l.Id,
                Contact(l.FirstName, l.LastName, l.Email),
                l.Company,
                l.Stage == LeadStage.ManualReview ? "Manual review" : "Unassigned",
                l.TeamId is null ? null : TeamName(organisation, l.TeamId),
                l.ReceivedAt,
                l.Stage == LeadStage.ManualReview ? $"referral {l.Referral}" : l.Reassignments > 0 ? $"not accepted after {l.Reassignments} reassignment(s)" : "no rep could take it"))
            .ToList();
        return new BoardPage<QueuedLead>(page, total);
    }

    /// <summary>
    /// One page of the breach feed, newest first: escalations (accepted, not touched by the trigger) and lapsed acceptance
    /// windows (the sweep's reassignments) in the period, merged and paged in the database.
    /// </summary>
    public static async Task<BoardPage<BreachEntry>> LoadBreachesAsync(
        IDbContextFactory<LeadRoutingDbContext> dbFactory, CompiledOrganisation organisation, BoardFilter filter, int skip, int take, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var leads = Leads(db, filter.TeamIds(organisation));
        var since = filter.Since;
        var escalations = leads
            .Where(l => l.EscalatedAt != null && l.EscalatedAt >= since)
            .Select(l => new BreachRow { LeadId = l.Id, FirstName = l.FirstName, LastName = l.LastName, Email = l.Email, OwnerId = l.OwnerId, Detail = null, At = l.EscalatedAt!.Value });
        var lapses = db.AuditEvents.AsNoTracking()
            .Where(e => e.Type == "Reassigned" && e.LeadId != null && e.At >= since)
            .Join(leads, e => e.LeadId, l => l.Id, (e, l) => new BreachRow { LeadId = l.Id, FirstName = l.FirstName, LastName = l.LastName, Email = l.Email, OwnerId = null, Detail = e.Detail, At = e.At });
        var breaches = escalations.Concat(lapses);

        var total = await breaches.CountAsync(cancellationToken);
        var rows = await breaches.OrderByDescending(b => b.At).ThenBy(b => b.LeadId).Skip(skip).Take(take).ToListAsync(cancellationToken);
        var page = rows
            .Select(b => b.Detail is null
                ? new BreachEntry(b.LeadId, Contact(b.FirstName, b.LastName, b.Email), "Accepted, not touched: escalated", RepName(organisation, b.OwnerId), b.At)
                : new BreachEntry(b.LeadId, Contact(b.FirstName, b.LastName, b.Email), $"Acceptance window lapsed → {b.Detail}", null, b.At))
            .ToList();
        return new BoardPage<BreachEntry>(page, total);
    }

    private static IQueryable<LeadEntity> Leads(LeadRoutingDbContext db, IReadOnlyList<string>? teamIds) =>
        teamIds is null ? db.Leads.AsNoTracking() : db.Leads.AsNoTracking().Where(l => l.TeamId != null && teamIds.Contains(l.TeamId));

    private static string TeamName(CompiledOrganisation organisation, string? id) =>
        id is null ? "—" : organisation.FindTeam(new TeamId(id))?.Team.Name ?? id;

    private static string RepName(CompiledOrganisation organisation, string? id) =>
        id is null ? "—" : organisation.FindRep(new RepId(id))?.Rep.Name ?? id;

    /// <summary>Rows keyed by id, shown by name: worst first, then by name.</summary>
    private static IReadOnlyList<ComplianceRow> Named(IReadOnlyList<ComplianceRow> rows, Func<string, string> name) =>
        [.. rows.Select(r => r with { Key = name(r.Key) }).OrderBy(r => r.MetShare ?? 1).ThenBy(r => r.Key, StringComparer.Ordinal)];

    private static string Contact(string? first, string? last, string email) => LeadNames.Contact(first, last, email);

    /// <summary>The common shape of both breach sources, so the database can merge, order and page them.</summary>
    private sealed class BreachRow
    {
        public required string LeadId { get; init; }
        public string? FirstName { get; init; }
        public string? LastName { get; init; }
        public required string Email { get; init; }
        public string? OwnerId { get; init; }
        public string? Detail { get; init; }
        public DateTimeOffset At { get; init; }
    }
}
