namespace LeadRouting.Web.Analytics;

/// <summary>
/// The quarterly review export: one row per team, then one per rep, with SLA compliance, conversion (with its interval)
/// and load for the filter's period — the same figures the reports show.
/// </summary>
public static class QuarterlyReview
{
    public static readonly IReadOnlyList<string> Header =
    [
        "level", "team", "rep", "region", "decided_first_responses", "sla_met_pct", "median_response_min", "p90_response_min",
        "assigned", "closed", "won", "conversion_pct", "conversion_low_pct", "conversion_high_pct",
        "open_leads_now", "capacity", "utilisation_pct", "assigned_in_period", "expected_share_pct", "actual_share_pct", "load",
    ];

    public static string FileName(ReportFilter filter) => $"leadrouting-review-{filter.From.UtcDateTime:yyyy-MM-dd}-to-{filter.To.UtcDateTime:yyyy-MM-dd}.csv";

    public static async Task<string> BuildAsync(
        IDbContextFactory<LeadRoutingDbContext> dbFactory, RoutingEngine engine, ReportFilter filter, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Independent reports, each on its own connections: read side by side.
        var slaQuery = ReportQueries.SlaAsync(dbFactory, engine, filter, now, cancellationToken);
        var conversionQuery = ReportQueries.ConversionAsync(dbFactory, engine, filter, cancellationToken);
        var capacityQuery = ReportQueries.CapacityAsync(dbFactory, engine, filter, cancellationToken);
        var sla = await slaQuery;
        var conversion = await conversionQuery;
        var capacity = await capacityQuery;
        var organisation = engine.Organisation;
        var teamIds = filter.TeamIds(organisation);
        var teams = organisation.Teams.Where(t => teamIds is null || teamIds.Contains(t.Team.Id.Value)).OrderBy(t => t.Team.Name, StringComparer.Ordinal).ToList();

        var rows = new List<IReadOnlyList<string?>>();
        foreach (var team in filter.Reps.Count == 0 ? teams : [])
        {
            var id = team.Team.Id.Value;
            var reps = capacity.Reps.Where(r => r.TeamId == id).ToList();
            rows.Add(Row("team", team.Team.Name, null, team.Region?.Name ?? team.Team.Region,
                sla.ByTeam.FirstOrDefault(g => g.Key == id), conversion.ByTeam.FirstOrDefault(c => c.Key == id),
                reps.Sum(r => r.OpenLeads), reps.Sum(r => r.Capacity), reps.Sum(r => r.AssignedInPeriod), null));
        }

        foreach (var rep in capacity.Reps.OrderBy(r => r.Team, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal))
        {
            var region = organisation.FindTeam(new Core.TeamId(rep.TeamId)) is { } team ? team.Region?.Name ?? team.Team.Region : null;
            rows.Add(Row("rep", rep.Team, rep.Name, region,
                sla.ByRep.FirstOrDefault(g => g.Key == rep.RepId), conversion.ByRep.FirstOrDefault(c => c.Key == rep.RepId),
                rep.OpenLeads, rep.Capacity, rep.AssignedInPeriod, rep));
        }

        return ReviewCsv.Write(Header, rows);
    }

    private static string?[] Row(string level, string team, string? rep, string? region, SlaGroup? sla, ConversionRow? conversion,
        int open, int capacity, int assigned, RepCapacityRow? load) =>
    [
        level, team, rep, region,
        (sla?.Decided ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ReviewCsv.Percent(sla?.MetShare), ReviewCsv.Number(sla?.MedianMinutes), ReviewCsv.Number(sla?.P90Minutes),
        Count(conversion?.Assigned), Count(conversion?.Closed), Count(conversion?.Won),
        ReviewCsv.Percent(conversion?.Rate), ReviewCsv.Percent(conversion?.Lower), ReviewCsv.Percent(conversion?.Upper),
        Count(open), Count(capacity), ReviewCsv.Percent(capacity == 0 ? null : (double)open / capacity), Count(assigned),
        ReviewCsv.Percent(load?.ExpectedShare), ReviewCsv.Percent(load?.ActualShare), load?.Flag.ToString(),
    ];

    private static string Count(int? value) => (value ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
