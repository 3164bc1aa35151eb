using System.Data.Common;
using System.Text;
using LeadRouting.Core.Analytics;
using LeadRouting.Web.Leads;

namespace LeadRouting.Web.Analytics;

/// <summary>
/// The analytics reports, each one aggregating query (GROUP BY in the database) over the filtered leads and a little C# over
/// the groups it returns — never a list of leads. Instants are stored as UTC ticks, so time arithmetic is integer arithmetic
/// in SQL. Compliance and percentiles are <see cref="SlaCompliance"/>'s, as on the board.
/// </summary>
public static partial class ReportQueries
{
    public const string ConversionDefinition =
        "Leads assigned to a rep: converted / reached an outcome (converted or disqualified); open leads are not counted as lost.";

    public const string HeatmapTimeBasis =
        "Weekday and hour a lead was received, in its team's local time (the team calendar's time zone); leads without a team in UTC.";

    private const long TicksPerMinute = TimeSpan.TicksPerMinute;

    /// <summary>The prospect's wait: whole minutes from receipt to first touch (null: never touched). Exact, never rounded.</summary>
    private const string LeadMinutesSql = $"(\"FirstTouchAt\" - \"ReceivedAt\") / {MinuteTicks}";

    /// <summary>The owner's time: whole minutes from the start of their clock (a manager's assignment, else receipt) to first touch.</summary>
    private const string OwnerMinutesSql = $"(\"FirstTouchAt\" - COALESCE(\"ResponseClockFrom\", \"ReceivedAt\")) / {MinuteTicks}";

    /// <summary><see cref="TimeSpan.TicksPerMinute"/> as text, for the constant SQL above.</summary>
    private const string MinuteTicks = "600000000";

    public static async Task<SlaReport> SlaAsync(
        IDbContextFactory<LeadRoutingDbContext> dbFactory, RoutingEngine engine, ReportFilter filter, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var organisation = engine.Organisation;
        var where = LeadWhere.For(filter, organisation);
        var buckets = ReportBuckets.Of(filter);
        var lapse = QueueLapseSql(where.Parameter(now.UtcTicks));

        // The two scans run side by side, each on its own connection (SQLite in WAL mode reads concurrently).
        var overTimeQuery = where.QueryAsync<BucketTally>(dbFactory, $"""
            SELECT {buckets.Sql("ReceivedAt")} AS "Bucket", {LeadStatusSql(lapse)} AS "LeadStatus", {LeadMinutesSql} AS "Minutes", COUNT(*) AS "Count"
            FROM "Leads"
            WHERE {where.Sql} AND {DecidedSql(lapse)}
            GROUP BY 1, 2, 3
            """, cancellationToken);
        var groupsQuery = SlaGroupsAsync(dbFactory, organisation, filter, now, cancellationToken);
        var overTime = await overTimeQuery;
        var groups = await groupsQuery;
        var byBucket = SlaCompliance.Summarise(overTime.Select(t => new ResponseTally(t.Bucket.ToString(CultureInfo.InvariantCulture), Status(t.LeadStatus), Minutes(t.Minutes), (int)t.Count)))
            .ToDictionary(r => long.Parse(r.Key, CultureInfo.InvariantCulture));
        var points = new List<SlaPoint>();
        foreach (var (bucket, start) in buckets.Starts.Index())
        {
            var row = byBucket.GetValueOrDefault(bucket);
            points.Add(new SlaPoint(start, row?.Decided ?? 0, row?.Met ?? 0, row?.MetShare, TotalMinutes(row?.Median), TotalMinutes(row?.P90)));
        }

        static IReadOnlyList<SlaGroup> Named(IReadOnlyList<ComplianceRow> rows, Func<string, string> name) =>
            [.. rows.Select(r => new SlaGroup(r.Key, name(r.Key), r.Decided, r.Met, r.MetShare, TotalMinutes(r.Median), TotalMinutes(r.P90)))];

        return new SlaReport(
            Period(filter),
            filter.Granularity,
            points,
            Named(groups.ByRegion, code => RegionName(organisation, code)),
            Named(groups.ByTeam, id => TeamName(organisation, id)),
            Named(groups.ByRep, id => RepName(organisation, id)),
            Named(groups.ByQueue, stage => LeadQueues.Describe(Enum.Parse<LeadStage>(stage))));
    }

    /// <summary>
    /// SLA compliance by region, team, rep and queue for the filter: the one computation behind the board, <c>/analytics</c>
    /// and <c>GET /api/reports/sla</c> (issue 13). One aggregating scan counts, per team, owner and whole minute, two views
    /// of each lead's first response:
    /// <list type="bullet">
    /// <item><b>The prospect's</b> (regions and teams): answered within the lead's target or not, in minutes from receipt. A
    /// lead whose target passed while it waited in a queue, or with an owner a manager took it from, is <c>Missed</c>.</item>
    /// <item><b>The owner's</b> (reps): their own clock — from a manager's assignment when one restarted it, else from
    /// receipt — so a rep is not charged for time the lead spent before they had it. A lapse with a previous owner counts
    /// <c>Missed</c> for that owner.</item>
    /// </list>
    /// Queue rows (keys <c>Unassigned</c>, <c>ManualReview</c>) count the leads whose target passed while they waited there:
    /// recorded when a manager assigned them, or still waiting at <paramref name="now"/>. Percentiles are nearest-rank over
    /// exact whole minutes (<see cref="SlaCompliance"/>); keys are region codes, team and rep ids.
    /// </summary>
    public static async Task<SlaGroups> SlaGroupsAsync(
        IDbContextFactory<LeadRoutingDbContext> dbFactory, CompiledOrganisation organisation, ReportFilter filter, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var where = LeadWhere.For(filter, organisation);
        var lapse = QueueLapseSql(where.Parameter(now.UtcTicks));
        var tallies = await where.QueryAsync<GroupTally>(dbFactory, $"""
            SELECT "TeamId", "OwnerId", {LeadStatusSql(lapse)} AS "LeadStatus", {LeadMinutesSql} AS "LeadMinutes",
                   "ResponseStatus" AS "OwnerStatus", {OwnerMinutesSql} AS "OwnerMinutes",
                   (CASE WHEN "LapsedStage" IS NULL THEN {lapse} WHEN "LapsedOwnerId" IS NULL THEN "LapsedStage" END) AS "Queue",
                   "LapsedOwnerId", COUNT(*) AS "Count"
            FROM "Leads"
            WHERE {where.Sql} AND {DecidedSql(lapse)}
            GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
            """, cancellationToken);

        var byLead = tallies
            .Where(t => t.TeamId is not null)
            .Select(t => (Team: t.TeamId!, Tally: new ResponseTally(t.TeamId!, Status(t.LeadStatus), Minutes(t.LeadMinutes), (int)t.Count)))
            .ToList();
        var byOwner = tallies
            .Where(t => t.OwnerId is not null)
            .Select(t => new ResponseTally(t.OwnerId!, Status(t.OwnerStatus), Minutes(t.OwnerMinutes), (int)t.Count))
            .Concat(tallies.Where(t => t.LapsedOwnerId is not null).Select(t => new ResponseTally(t.LapsedOwnerId!, ResponseStatus.Missed, null, (int)t.Count)))
            .Where(t => filter.Reps.Count == 0 || filter.Reps.Contains(t.Key, StringComparer.Ordinal));
        var byQueue = tallies
            .Where(t => t.Queue is not null)
            .Select(t => new ResponseTally(t.Queue!, ResponseStatus.Missed, null, (int)t.Count));
        return new SlaGroups(
            SlaCompliance.Summarise(byLead.Select(t => t.Tally with { Key = RegionOf(organisation, t.Team)! })),
            SlaCompliance.Summarise(byLead.Select(t => t.Tally)),
            SlaCompliance.Summarise(byOwner),
            SlaCompliance.Summarise(byQueue));
    }

    /// <summary>The queue a lead still waits in with its response target passed unanswered by <paramref name="now"/>; else null.</summary>
    private static string QueueLapseSql(string now) =>
        $"(CASE WHEN \"Stage\" IN ('Unassigned', 'ManualReview') AND \"FirstTouchAt\" IS NULL AND \"RespondBy\" <= {now} THEN \"Stage\" END)";

    /// <summary>The prospect's view of the first response: missed wherever the target lapsed before an owner answered.</summary>
    private static string LeadStatusSql(string queueLapse) =>
        $"(CASE WHEN \"LapsedStage\" IS NOT NULL OR {queueLapse} IS NOT NULL THEN 'Missed' ELSE \"ResponseStatus\" END)";

    /// <summary>Leads with a decided first response in either view.</summary>
    private static string DecidedSql(string queueLapse) =>
        $"(\"ResponseStatus\" <> 'Pending' OR \"LapsedStage\" IS NOT NULL OR {queueLapse} IS NOT NULL)";

    public static async Task<ConversionReport> ConversionAsync(IDbContextFactory<LeadRoutingDbContext> dbFactory, RoutingEngine engine, ReportFilter filter, CancellationToken cancellationToken)
    {
        var organisation = engine.Organisation;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var where = LeadWhere.For(filter, organisation);
        // One pass over the leads, grouped by every dimension at once; the few hundred groups are rolled up here.
        var groups = await where.QueryAsync<OutcomeTally>(db, $"""
            SELECT "Source", "SegmentId", "TeamId", "OwnerId", COUNT(*) AS "Assigned",
                   SUM(CASE WHEN "Stage" IN ({StageSql.Closed}) THEN 1 ELSE 0 END) AS "Closed",
                   SUM(CASE WHEN "Stage" = 'Converted' THEN 1 ELSE 0 END) AS "Won"
            FROM "Leads"
            WHERE {where.Sql} AND "AssignedAt" IS NOT NULL
            GROUP BY "Source", "SegmentId", "TeamId", "OwnerId"
            """, cancellationToken);

        IReadOnlyList<ConversionRow> By(Func<OutcomeTally, string?> key, Func<string, string> name) =>
        [
            .. groups.Where(g => key(g) is not null)
                .GroupBy(g => key(g)!, StringComparer.Ordinal)
                .Select(g => ConversionRow.Of(g.Key, name(g.Key), (int)g.Sum(x => x.Assigned), (int)g.Sum(x => x.Closed), (int)g.Sum(x => x.Won)))
                .OrderByDescending(r => r.Closed)
                .ThenBy(r => r.Name, StringComparer.Ordinal),
        ];

        return new ConversionReport(
            Period(filter),
            ConversionDefinition,
            ConversionRow.Of("all", "All leads", (int)groups.Sum(g => g.Assigned), (int)groups.Sum(g => g.Closed), (int)groups.Sum(g => g.Won)),
            By(g => g.Source, s => s),
            By(g => g.SegmentId, id => SegmentName(engine, id)),
            By(g => g.TeamId, id => TeamName(organisation, id)),
            By(g => g.OwnerId, id => RepName(organisation, id)));
    }

    public static async Task<SpeedToLeadReport> SpeedToLeadAsync(IDbContextFactory<LeadRoutingDbContext> dbFactory, RoutingEngine engine, ReportFilter filter, CancellationToken cancellationToken)
    {
        var organisation = engine.Organisation;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var where = LeadWhere.For(filter, organisation);
        var bucketSql = new StringBuilder($"CASE WHEN \"FirstTouchAt\" IS NULL THEN {(int)ResponseBucket.Never}");
        foreach (var (bucket, below) in SpeedToLead.Bounds)
        {
            bucketSql.Append(CultureInfo.InvariantCulture, $" WHEN \"FirstTouchAt\" - \"ReceivedAt\" < {below.Ticks} THEN {(int)bucket}");
        }

        bucketSql.Append(CultureInfo.InvariantCulture, $" ELSE {(int)ResponseBucket.Over24Hours} END");
        var rows = await where.QueryAsync<BucketOutcome>(db, $"""
            SELECT {bucketSql} AS "Bucket", COUNT(*) AS "Assigned",
                   SUM(CASE WHEN "Stage" IN ({StageSql.Closed}) THEN 1 ELSE 0 END) AS "Closed",
                   SUM(CASE WHEN "Stage" = 'Converted' THEN 1 ELSE 0 END) AS "Won"
            FROM "Leads"
            WHERE {where.Sql} AND "AssignedAt" IS NOT NULL
            GROUP BY "Bucket"
            """, cancellationToken);
        var byBucket = rows.ToDictionary(r => (ResponseBucket)r.Bucket);
        return new SpeedToLeadReport(
            Period(filter),
            [
                .. SpeedToLead.All.Select(b => byBucket.GetValueOrDefault(b) is { } r
                    ? ConversionRow.Of(b.ToString(), SpeedToLead.Label(b), (int)r.Assigned, (int)r.Closed, (int)r.Won)
                    : ConversionRow.Of(b.ToString(), SpeedToLead.Label(b), 0, 0, 0)),
            ]);
    }

    public static async Task<HeatmapReport> HeatmapAsync(IDbContextFactory<LeadRoutingDbContext> dbFactory, RoutingEngine engine, ReportFilter filter, CancellationToken cancellationToken)
    {
        var organisation = engine.Organisation;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var where = LeadWhere.For(filter, organisation);
        // Grouped by team and UTC hour, so each hour is placed in its team's local weekday and hour with that day's offset (DST).
        var rows = await where.QueryAsync<HourTally>(db, $"""
            SELECT "TeamId", "ReceivedAt" / {TimeSpan.TicksPerHour} AS "Hour", COUNT(*) AS "Leads",
                   SUM(CASE WHEN "ResponseStatus" <> 'Pending' THEN 1 ELSE 0 END) AS "Decided",
                   SUM(CASE WHEN "ResponseStatus" = 'Met' THEN 1 ELSE 0 END) AS "Met",
                   SUM(CASE WHEN "FirstTouchAt" IS NOT NULL THEN 1 ELSE 0 END) AS "Touched",
                   SUM(("FirstTouchAt" - "ReceivedAt") / {TicksPerMinute}) AS "TouchMinutes"
            FROM "Leads"
            WHERE {where.Sql}
            GROUP BY "TeamId", "Hour"
            """, cancellationToken);
        var cells = new (long Leads, long Decided, long Met, long Touched, long Minutes)[7, 24];
        foreach (var row in rows)
        {
            var utc = new DateTimeOffset(row.Hour * TimeSpan.TicksPerHour, TimeSpan.Zero);
            var zone = row.TeamId is null ? null : organisation.FindTeam(new TeamId(row.TeamId))?.Calendar.TimeZone;
            var local = zone is null ? utc : TimeZoneInfo.ConvertTime(utc, zone);
            ref var cell = ref cells[(int)local.DayOfWeek, local.Hour];
            cell = (cell.Leads + row.Leads, cell.Decided + row.Decided, cell.Met + row.Met, cell.Touched + row.Touched, cell.Minutes + (row.TouchMinutes ?? 0));
        }

        var result = new List<HeatCell>(7 * 24);
        foreach (var day in Weekdays)
        {
            for (var hour = 0; hour < 24; hour++)
            {
                var c = cells[(int)day, hour];
                result.Add(new HeatCell(day, hour, (int)c.Leads, (int)c.Decided, (int)c.Met, (int)c.Touched,
                    c.Decided == 0 ? null : (double)c.Met / c.Decided,
                    c.Touched == 0 ? null : (double)c.Minutes / c.Touched));
            }
        }

        return new HeatmapReport(Period(filter), HeatmapTimeBasis, result);
    }

    /// <summary>Monday first, as the heat map's rows read.</summary>
    public static IReadOnlyList<DayOfWeek> Weekdays { get; } =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    public static async Task<CapacityReport> CapacityAsync(IDbContextFactory<LeadRoutingDbContext> dbFactory, RoutingEngine engine, ReportFilter filter, CancellationToken cancellationToken)
    {
        var organisation = engine.Organisation;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // Shares compare a rep with their pool peers, so the rep filter narrows the rows shown, not the counting.
        var where = LeadWhere.For(filter with { Reps = [] }, organisation);
        var assigned = (await where.QueryAsync<OwnerCount>(db, $"""
                SELECT "OwnerId", COUNT(*) AS "Count"
                FROM "Leads"
                WHERE {where.Sql} AND "AssignedAt" IS NOT NULL AND "OwnerId" IS NOT NULL
                GROUP BY "OwnerId"
                """, cancellationToken))
            .ToDictionary(r => r.OwnerId, r => (int)r.Count, StringComparer.Ordinal);
        var open = await db.RepStates.AsNoTracking().ToDictionaryAsync(r => r.RepId, r => r.OpenLeads, cancellationToken);

        var teamIds = filter.TeamIds(organisation);
        var reps = organisation.Reps.Where(r => teamIds is null || teamIds.Contains(r.Team.Team.Id.Value)).ToList();
        var days = Math.Max(1, (filter.To - filter.From).TotalDays);
        var rows = new List<RepCapacityRow>();
        foreach (var rep in reps.Where(r => filter.Reps.Count == 0 || filter.Reps.Contains(r.Id.Value)))
        {
            var peers = organisation.Reps.Where(p => p.Team == rep.Team && p.Rep.Level == rep.Rep.Level && p.Rep.Active).ToList();
            var peersAssigned = peers.Sum(p => assigned.GetValueOrDefault(p.Id.Value));
            var peersWeight = peers.Sum(p => p.Rep.Weight);
            var mine = assigned.GetValueOrDefault(rep.Id.Value);
            var openLeads = open.GetValueOrDefault(rep.Id.Value);
            var utilisation = RepLoadBalance.Utilisation(openLeads, rep.Rep.Capacity);
            var ratio = rep.Rep.Active ? RepLoadBalance.ShareRatio(mine, peersAssigned, rep.Rep.Weight, peersWeight) : null;
            rows.Add(new RepCapacityRow(
                rep.Id.Value, rep.Rep.Name, rep.Team.Team.Id.Value, rep.Team.Team.Name, RepLevels.Describe(rep.Rep.Level), rep.Rep.Weight, rep.Rep.Capacity,
                openLeads, utilisation, mine, mine / days,
                rep.Rep.Active && peersWeight > 0 ? (double)rep.Rep.Weight / peersWeight : null,
                peersAssigned > 0 ? (double)mine / peersAssigned : null,
                ratio,
                RepLoadBalance.Classify(utilisation, ratio)));
        }

        return new CapacityReport(Period(filter), [.. rows.OrderByDescending(r => r.Utilisation ?? 0).ThenBy(r => r.Name, StringComparer.Ordinal)]);
    }

    public static async Task<FlowReport> FlowAsync(IDbContextFactory<LeadRoutingDbContext> dbFactory, RoutingEngine engine, ReportFilter filter, CancellationToken cancellationToken)
    {
        var organisation = engine.Organisation;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var where = LeadWhere.For(filter, organisation);
        var rows = await where.QueryAsync<FlowTally>(db, $"""
            SELECT "Source", "Action", "TeamId", COUNT(*) AS "Count"
            FROM "Leads"
            WHERE {where.Sql}
            GROUP BY "Source", "Action", "TeamId"
            """, cancellationToken);

        static string SourceNode(string source) => $"source:{source}";
        static string ActionNode(string action) => $"action:{action}";
        static string TeamNode(string? team) => $"team:{team ?? "none"}";
        var nodes = new List<FlowNode>();
        nodes.AddRange(rows.GroupBy(r => r.Source).Select(g => new FlowNode(SourceNode(g.Key), g.Key, 0, (int)g.Sum(r => r.Count))));
        nodes.AddRange(rows.GroupBy(r => r.Action).Select(g => new FlowNode(ActionNode(g.Key), ActionName(g.Key), 1, (int)g.Sum(r => r.Count))));
        nodes.AddRange(rows.GroupBy(r => r.TeamId).Select(g => new FlowNode(TeamNode(g.Key), g.Key is null ? "No team" : TeamName(organisation, g.Key), 2, (int)g.Sum(r => r.Count))));
        var links = rows.GroupBy(r => (r.Source, r.Action)).Select(g => new FlowLink(SourceNode(g.Key.Source), ActionNode(g.Key.Action), (int)g.Sum(r => r.Count)))
            .Concat(rows.GroupBy(r => (r.Action, r.TeamId)).Select(g => new FlowLink(ActionNode(g.Key.Action), TeamNode(g.Key.TeamId), (int)g.Sum(r => r.Count))));
        return new FlowReport(
            Period(filter),
            [.. nodes.OrderBy(n => n.Column).ThenByDescending(n => n.Leads).ThenBy(n => n.Label, StringComparer.Ordinal)],
            [.. links.OrderByDescending(l => l.Leads).ThenBy(l => l.Source, StringComparer.Ordinal).ThenBy(l => l.Target, StringComparer.Ordinal)]);
    }

    private static string ActionName(string action) =>
        Enum.TryParse<TreatmentAction>(action, out var parsed) ? TreatmentActions.Describe(parsed) : action;

    private static ReportPeriod Period(ReportFilter filter) => new(filter.From, filter.To);

    private static ResponseStatus Status(string status) => Enum.Parse<ResponseStatus>(status);

    private static TimeSpan? Minutes(long? minutes) => minutes is { } m ? TimeSpan.FromMinutes(m) : null;

    private static double? TotalMinutes(TimeSpan? span) => span?.TotalMinutes;

    private static string? RegionOf(CompiledOrganisation organisation, string? teamId) =>
        teamId is null ? null : organisation.FindTeam(new TeamId(teamId))?.Team.Region ?? teamId;

    private static string RegionName(CompiledOrganisation organisation, string code) =>
        organisation.Teams.FirstOrDefault(t => string.Equals(t.Team.Region, code, StringComparison.OrdinalIgnoreCase))?.Region?.Name ?? code;

    internal static string TeamName(CompiledOrganisation organisation, string id) => organisation.FindTeam(new TeamId(id))?.Team.Name ?? id;

    internal static string RepName(CompiledOrganisation organisation, string id) => organisation.FindRep(new RepId(id))?.Rep.Name ?? id;

    private static string SegmentName(RoutingEngine engine, string id) =>
        engine.Configuration.Organisation.Segments.FirstOrDefault(s => s.Id.Value == id)?.Name ?? id;

    /// <summary>The filter as a parameterised SQL condition on "Leads".</summary>
    private sealed class LeadWhere
    {
        private readonly List<(string Name, object Value)> _parameters = [];

        public string Sql { get; private set; } = "";

        public static LeadWhere For(ReportFilter filter, CompiledOrganisation organisation)
        {
            var where = new LeadWhere();
            var sql = new StringBuilder($"\"ReceivedAt\" >= {where.Add(filter.From.UtcTicks)} AND \"ReceivedAt\" < {where.Add(filter.To.UtcTicks)}");
            if (filter.TeamIds(organisation) is { } teams)
            {
                sql.Append(teams.Count == 0
                    ? " AND 1 = 0"
                    : $" AND \"TeamId\" IN ({string.Join(", ", teams.Select(t => where.Add(t)))})");
            }

            where.AddIn(sql, "OwnerId", filter.Reps);
            where.AddIn(sql, "Source", [.. filter.Sources.Select(source => source.ToString())]);
            where.AddIn(sql, "SegmentId", filter.Segments);

            where.Sql = sql.ToString();
            return where;
        }

        /// <summary>A further parameter for the query's own conditions; answers its name.</summary>
        public string Parameter(object value) => Add(value);

        /// <summary>" AND column IN (…)" for a filter list; nothing for an empty one (it keeps every lead).</summary>
        private void AddIn(StringBuilder sql, string column, IReadOnlyList<string> values)
        {
            if (values.Count > 0)
            {
                sql.Append($" AND \"{column}\" IN ({string.Join(", ", values.Select(v => Add(v)))})");
            }
        }

        private string Add(object value)
        {
            var name = $"@p{_parameters.Count}";
            _parameters.Add((name, value));
            return name;
        }

        public async Task<List<T>> QueryAsync<T>(IDbContextFactory<LeadRoutingDbContext> dbFactory, string sql, CancellationToken cancellationToken)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            return await QueryAsync<T>(db, sql, cancellationToken);
        }

        public async Task<List<T>> QueryAsync<T>(LeadRoutingDbContext db, string sql, CancellationToken cancellationToken)
        {
            using var command = db.Database.GetDbConnection().CreateCommand();
            var parameters = _parameters.Select(p =>
            {
                DbParameter parameter = command.CreateParameter();
                parameter.ParameterName = p.Name;
                parameter.Value = p.Value;
                return parameter;
            }).ToArray<object>();
            return await db.Database.SqlQueryRaw<T>(sql, parameters).ToListAsync(cancellationToken);
        }
    }

    private sealed class BucketTally
    {
        public long Bucket { get; init; }
        public required string LeadStatus { get; init; }
        public long? Minutes { get; init; }
        public long Count { get; init; }
    }

    private sealed class GroupTally
    {
        public string? TeamId { get; init; }
        public string? OwnerId { get; init; }
        public required string LeadStatus { get; init; }
        public long? LeadMinutes { get; init; }
        public required string OwnerStatus { get; init; }
        public long? OwnerMinutes { get; init; }
        public string? Queue { get; init; }
        public string? LapsedOwnerId { get; init; }
        public long Count { get; init; }
    }

    private sealed class OutcomeTally
    {
        public required string Source { get; init; }
        public string? SegmentId { get; init; }
        public string? TeamId { get; init; }
        public string? OwnerId { get; init; }
        public long Assigned { get; init; }
        public long Closed { get; init; }
        public long Won { get; init; }
    }

    private sealed class BucketOutcome
    {
        public long Bucket { get; init; }
        public long Assigned { get; init; }
        public long Closed { get; init; }
        public long Won { get; init; }
    }

    private sealed class HourTally
    {
        public string? TeamId { get; init; }
        public long Hour { get; init; }
        public long Leads { get; init; }
        public long Decided { get; init; }
        public long Met { get; init; }
        public long Touched { get; init; }
        public long? TouchMinutes { get; init; }
    }

    private sealed class OwnerCount
    {
        public required string OwnerId { get; init; }
        public long Count { get; init; }
    }

    private sealed class FlowTally
    {
        public required string Source { get; init; }
        public required string Action { get; init; }
        public string? TeamId { get; init; }
        public long Count { get; init; }
    }
}
