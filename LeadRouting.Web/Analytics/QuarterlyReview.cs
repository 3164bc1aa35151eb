using Microsoft.Extensions.Localization;

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

    public static string FileName(ReportFilter filter) => FileName(filter, ReviewCsvDialect.Invariant);

    /// <summary>The file's name with the period's first and last day in the reader's zone.</summary>
    public static string FileName(ReportFilter filter, ReviewCsvDialect dialect) =>
        string.Create(CultureInfo.InvariantCulture, $"leadrouting-review-{TimeZoneInfo.ConvertTime(filter.From, dialect.Zone):yyyy-MM-dd}-to-{TimeZoneInfo.ConvertTime(filter.To, dialect.Zone):yyyy-MM-dd}.csv");

    /// <summary>The header people read, in the order of <see cref="Header"/>.</summary>
    public static IReadOnlyList<string> PeopleHeader(IStringLocalizer<QuarterlyReviewText> text) =>
    [
        text["Level"], text["Team"], text["Rep"], text["Region"], text["Decided first responses"], text["SLA met %"], text["Median response (min)"],
        text["p90 response (min)"], text["Assigned"], text["Closed"], text["Won"], text["Conversion %"], text["Conversion low %"], text["Conversion high %"],
        text["Open leads now"], text["Capacity"], text["Utilisation %"], text["Assigned in period"], text["Expected share %"], text["Actual share %"], text["Load"],
    ];

    public static Task<string> BuildAsync(
        IDbContextFactory<LeadRoutingDbContext> dbFactory, RoutingEngine engine, ReportFilter filter, DateTimeOffset now, CancellationToken cancellationToken) =>
        BuildAsync(dbFactory, engine, filter, now, ReviewCsvDialect.Invariant, cancellationToken);

    public static async Task<string> BuildAsync(
        IDbContextFactory<LeadRoutingDbContext> dbFactory, RoutingEngine engine, ReportFilter filter, DateTimeOffset now, ReviewCsvDialect dialect, CancellationToken cancellationToken)
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
            rows.Add(Row(dialect, "team", team.Team.Name, null, team.Region?.Name ?? team.Team.Region,
                sla.ByTeam.FirstOrDefault(g => g.Key == id), conversion.ByTeam.FirstOrDefault(c => c.Key == id),
                reps.Sum(r => r.OpenLeads), reps.Sum(r => r.Capacity), reps.Sum(r => r.AssignedInPeriod), null));
        }

        foreach (var rep in capacity.Reps.OrderBy(r => r.Team, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal))
        {
            var region = organisation.FindTeam(new Core.TeamId(rep.TeamId)) is { } team ? team.Region?.Name ?? team.Team.Region : null;
            rows.Add(Row(dialect, "rep", rep.Team, rep.Name, region,
                sla.ByRep.FirstOrDefault(g => g.Key == rep.RepId), conversion.ByRep.FirstOrDefault(c => c.Key == rep.RepId),
                rep.OpenLeads, rep.Capacity, rep.AssignedInPeriod, rep));
        }

        return ReviewCsv.Write(dialect.Text is { } text ? PeopleHeader(text) : Header, rows, dialect.Separator);
    }

    private static string?[] Row(ReviewCsvDialect dialect, string level, string team, string? rep, string? region, SlaGroup? sla, ConversionRow? conversion,
        int open, int capacity, int assigned, RepCapacityRow? load)
    {
        var culture = dialect.Culture;
        string Count(int? value) => (value ?? 0).ToString(CultureInfo.InvariantCulture); // no group separator: a count stays one number
        string? Word(string? word) => word is null || dialect.Text is not { } text ? word : text[word];
        return
        [
            dialect.Text is null ? level : Word(level == "team" ? "Team" : "Rep"), team, rep, region,
            Count(sla?.Decided),
            ReviewCsv.Percent(sla?.MetShare, culture), ReviewCsv.Number(sla?.MedianMinutes, culture), ReviewCsv.Number(sla?.P90Minutes, culture),
            Count(conversion?.Assigned), Count(conversion?.Closed), Count(conversion?.Won),
            ReviewCsv.Percent(conversion?.Rate, culture), ReviewCsv.Percent(conversion?.Lower, culture), ReviewCsv.Percent(conversion?.Upper, culture),
            Count(open), Count(capacity), ReviewCsv.Percent(capacity == 0 ? null : (double)open / capacity, culture), Count(assigned),
            ReviewCsv.Percent(load?.ExpectedShare, culture), ReviewCsv.Percent(load?.ActualShare, culture), Word(load?.Flag.ToString()),
        ];
    }
}
