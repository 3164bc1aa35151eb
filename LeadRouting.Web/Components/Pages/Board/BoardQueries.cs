using LeadRouting.Web.Analytics;
using LeadRouting.Web.Leads;

namespace LeadRouting.Web.Components.Pages.Board;

/// <summary>
/// A lead waiting in a queue (Unassigned or Manual review), with what the page words itself: why it waits
/// (<paramref name="Referral"/> for manual review, else the reassignments it went through).
/// </summary>
public sealed record QueuedLead(
    string Id, string Contact, string? Company, LeadStage Stage, string? TeamId, string? Team, string? Region, DateTimeOffset ReceivedAt, Referral Referral, int Reassignments);

/// <summary>A breach: an escalation (accepted, not touched; <paramref name="LapsedTo"/> null) or a lapsed acceptance window.</summary>
public sealed record BreachEntry(string LeadId, string Contact, string? Owner, string? LapsedTo, DateTimeOffset At);

/// <summary>
/// The board's headline against the SLA target: % met today and this week (the prospect's view, from the person's local
/// midnight and Monday), first responses overdue now, those due within <see cref="BoardQueries.SoonWindow"/>, and the queues.
/// </summary>
public sealed record SlaHeadline(
    int DecidedToday, int MetToday, int DecidedThisWeek, int MetThisWeek, int BreachedNow, int BreachingSoon, int Queued, DateTimeOffset? OldestWaitingSince)
{
    public double? MetShareToday => DecidedToday == 0 ? null : (double)MetToday / DecidedToday;

    public double? MetShareThisWeek => DecidedThisWeek == 0 ? null : (double)MetThisWeek / DecidedThisWeek;
}

/// <summary>Something that just happened to a lead (from the audit trail).</summary>
public sealed record ActivityEntry(string LeadId, string Contact, string Type, string Actor, string Detail, DateTimeOffset At);

/// <summary>A rep's load and availability at a glance; <paramref name="Availability"/> is "Available", "Away", "OutOfOffice" or "Inactive".</summary>
public sealed record RepLoad(string RepId, string Name, string TeamId, string Team, string Region, string Level, int OpenLeads, int Capacity, string Availability)
{
    public bool AtCapacity => OpenLeads >= Capacity;

    public bool Available => Availability == "Available";

    private double LoadRatio => Capacity == 0 ? double.MaxValue : (double)OpenLeads / Capacity;

    /// <summary>
    /// The reps to offer for assigning <paramref name="lead"/>, most fitting first: the lead's own team, then its region,
    /// then the rest; within each, available before away, room before no room, then by load and name. Inactive reps are left out.
    /// </summary>
    public static IReadOnlyList<RepLoad> ForAssigning(QueuedLead lead, IEnumerable<RepLoad> reps) =>
    [
        .. reps.Where(r => r.Availability != "Inactive")
            .OrderBy(r => r.TeamId == lead.TeamId ? 0 : lead.Region is not null && string.Equals(r.Region, lead.Region, StringComparison.OrdinalIgnoreCase) ? 1 : 2)
            .ThenBy(r => r.Available ? 0 : 1)
            .ThenBy(r => r.AtCapacity ? 1 : 0)
            .ThenBy(r => r.LoadRatio)
            .ThenBy(r => r.Name, StringComparer.Ordinal),
    ];

    /// <summary>What to warn about when this rep is chosen for <paramref name="lead"/>.</summary>
    public IReadOnlyList<AssignWarning> WarningsFor(QueuedLead lead) =>
    [
        .. AtCapacity ? [AssignWarning.OverCapacity] : Array.Empty<AssignWarning>(),
        .. lead.Region is not null && !string.Equals(Region, lead.Region, StringComparison.OrdinalIgnoreCase) ? [AssignWarning.OtherRegion] : Array.Empty<AssignWarning>(),
        .. !Available ? [AssignWarning.NotAvailable] : Array.Empty<AssignWarning>(),
    ];
}

/// <summary>Why a manager may think twice before assigning a lead to a rep.</summary>
public enum AssignWarning
{
    OverCapacity,
    OtherRegion,
    NotAvailable,
}

/// <summary>One page of a list the board pages on the server, with the count of the whole list.</summary>
public sealed record BoardPage<T>(IReadOnlyList<T> Items, int Total);

/// <summary>The order of the queue: longest waiting first (the default), newest first, or by the routing's queue priority.</summary>
public enum QueueOrder
{
    ReceivedOldestFirst,
    ReceivedNewestFirst,
    Priority,
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
    IReadOnlyList<RepLoad> Reps,
    IReadOnlyList<RepLoad> AllReps,
    SlaHeadline Headline);

/// <summary>The board's reads: projections of only the columns it needs, bounded or paged, one short-lived context each.</summary>
public static class BoardQueries
{
    public const int ActivityFeedSize = 15;

    /// <summary>A first response due within this is "about to breach" on the headline.</summary>
    public static readonly TimeSpan SoonWindow = TimeSpan.FromMinutes(15);

    /// <summary>The stages in which a first response is still owed: a lead waiting for a rep or for its first touch.</summary>
    private static readonly LeadStage[] Owing = [LeadStage.New, LeadStage.Assigned, LeadStage.Accepted, LeadStage.Unassigned, LeadStage.ManualReview];

    /// <summary>The audit event types the activity feed shows: what people and the sweep did to leads.</summary>
    private static readonly string[] ActivityTypes =
        ["Routed", "Rerouted", "Merged", "Accepted", "Declined", "Touched", "Reassigned", "Escalated", "AssignedByManager"];

    /// <summary>The snapshot with "today" and "this week" of the headline in UTC (for readers without a person: benchmarks, checks).</summary>
    public static Task<BoardSnapshot> LoadAsync(
        IDbContextFactory<LeadRoutingDbContext> dbFactory, CompiledOrganisation organisation, BoardFilter filter, DateTimeOffset now, CancellationToken cancellationToken) =>
        LoadAsync(dbFactory, organisation, filter, now, TimeZoneInfo.Utc, cancellationToken);

    /// <summary>The snapshot for <paramref name="filter"/>; "today" and "this week" of the headline start at midnight in <paramref name="zone"/> (the week on Monday).</summary>
    public static async Task<BoardSnapshot> LoadAsync(
        IDbContextFactory<LeadRoutingDbContext> dbFactory, CompiledOrganisation organisation, BoardFilter filter, DateTimeOffset now, TimeZoneInfo zone, CancellationToken cancellationToken)
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
        var allReps = organisation.Reps
            .Select(r =>
            {
                var state = states.GetValueOrDefault(r.Id.Value);
                return new RepLoad(r.Id.Value, r.Rep.Name, r.Team.Team.Id.Value, r.Team.Team.Name, r.Team.Team.Region, RepLevels.Describe(r.Rep.Level), state?.OpenLeads ?? 0, r.Rep.Capacity,
                    !r.Rep.Active ? "Inactive" : state?.Availability switch
                    {
                        Availability.OutOfOffice => "OutOfOffice",
                        Availability.Away => "Away",
                        _ => "Available",
                    });
            })
            .OrderByDescending(r => r.Capacity == 0 ? 1 : (double)r.OpenLeads / r.Capacity)
            .ToList();
        var reps = allReps.Where(r => teamIds is null || teamIds.Contains(r.TeamId)).ToList();

        var headline = await HeadlineAsync(dbFactory, db, organisation, filter, teamIds, now, zone, cancellationToken);
        return new BoardSnapshot(byRegion, byTeam, byRep, activity, reps, allReps, headline);
    }

    /// <summary>The headline figures for the filter's teams (see <see cref="SlaHeadline"/>).</summary>
    private static async Task<SlaHeadline> HeadlineAsync(
        IDbContextFactory<LeadRoutingDbContext> dbFactory, LeadRoutingDbContext db, CompiledOrganisation organisation, BoardFilter filter,
        IReadOnlyList<string>? teamIds, DateTimeOffset now, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var (today, week) = DayAndWeekStart(now, zone);
        var reportFilter = new ReportFilter
        {
            From = week, To = DateTimeOffset.MaxValue, Regions = filter.RegionCode is { } region ? [region] : [], Teams = filter.TeamId is { } team ? [team] : [],
        };
        var thisWeek = await ReportQueries.SlaGroupsAsync(dbFactory, organisation, reportFilter, now, cancellationToken);
        var todayGroups = today == week ? thisWeek : await ReportQueries.SlaGroupsAsync(dbFactory, organisation, reportFilter with { From = today }, now, cancellationToken);

        var leads = Leads(db, teamIds);
        var soon = now + SoonWindow;
        var owing = leads.Where(l => Owing.Contains(l.Stage) && l.FirstTouchAt == null && l.RespondBy != null);
        var breached = await owing.CountAsync(l => l.RespondBy <= now, cancellationToken);
        var breaching = await owing.CountAsync(l => l.RespondBy > now && l.RespondBy <= soon, cancellationToken);
        var queued = leads.Where(l => l.Stage == LeadStage.Unassigned || l.Stage == LeadStage.ManualReview);
        var queueSize = await queued.CountAsync(cancellationToken);
        var oldest = queueSize == 0 ? null : await queued.OrderBy(l => l.ReceivedAt).Select(l => (DateTimeOffset?)l.ReceivedAt).FirstOrDefaultAsync(cancellationToken);
        return new SlaHeadline(
            todayGroups.ByTeam.Sum(r => r.Decided), todayGroups.ByTeam.Sum(r => r.Met), thisWeek.ByTeam.Sum(r => r.Decided), thisWeek.ByTeam.Sum(r => r.Met),
            breached, breaching, queueSize, oldest);
    }

    /// <summary>The instants the person's day and week (from Monday) began, on their wall clock.</summary>
    public static (DateTimeOffset Today, DateTimeOffset Week) DayAndWeekStart(DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone).DateTime.Date;
        var monday = local.AddDays(-(((int)local.DayOfWeek + 6) % 7));
        return (Midnight(local, zone), Midnight(monday, zone));
    }

    private static DateTimeOffset Midnight(DateTime day, TimeZoneInfo zone) =>
        new(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(day, DateTimeKind.Unspecified), zone), TimeSpan.Zero);

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
            QueueOrder.Priority => queued.OrderByDescending(l => l.QueuePriority).ThenBy(l => l.ReceivedAt).ThenBy(l => l.Id),
            QueueOrder.ReceivedNewestFirst => queued.OrderByDescending(l => l.ReceivedAt).ThenBy(l => l.Id),
            _ => queued.OrderBy(l => l.ReceivedAt).ThenBy(l => l.Id),
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
                l.Stage,
                l.TeamId,
                l.TeamId is null ? null : TeamName(organisation, l.TeamId),
                l.TeamId is null ? null : organisation.FindTeam(new TeamId(l.TeamId))?.Team.Region,
                l.ReceivedAt,
                l.Referral,
                l.Reassignments))
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
                ? new BreachEntry(b.LeadId, Contact(b.FirstName, b.LastName, b.Email), RepName(organisation, b.OwnerId), null, b.At)
                : new BreachEntry(b.LeadId, Contact(b.FirstName, b.LastName, b.Email), null, b.Detail, b.At))
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
