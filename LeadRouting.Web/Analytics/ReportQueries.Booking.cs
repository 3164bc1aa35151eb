using System.Text.Json.Serialization;
using LeadRouting.Core.Analytics;
using LeadRouting.Web.Leads;

namespace LeadRouting.Web.Analytics;

/// <summary>
/// Booking rate, time to a booked meeting, held and no-show, conversion booked vs not (issue 20). As JSON
/// (<c>GET /api/reports/booking</c>) times are minutes like the neighbouring reports' (<c>medianMinutesToBooked</c>,
/// <c>p90MinutesToBooked</c>), not TimeSpan strings.
/// </summary>
public sealed record BookingReport(
    ReportPeriod Period,
    string Definition,
    BookingRow Overall,
    IReadOnlyList<BookingRow> BySource,
    IReadOnlyList<BookingRow> BySegment,
    [property: JsonIgnore] TimeSpan? MedianTimeToBooked,
    [property: JsonIgnore] TimeSpan? P90TimeToBooked,
    MeetingOutcomeCounts Outcomes,
    ConversionRow ConversionBooked,
    ConversionRow ConversionNotBooked)
{
    /// <summary>Median minutes from receipt to the first booking; null with no booking.</summary>
    public double? MedianMinutesToBooked => MedianTimeToBooked?.TotalMinutes;

    /// <summary>90th percentile minutes from receipt to the first booking; null with no booking.</summary>
    public double? P90MinutesToBooked => P90TimeToBooked?.TotalMinutes;
}

/// <summary>Of the leads offered a meeting, how many booked one: the share with its 95 % Wilson interval.</summary>
public sealed record BookingRow(string Key, string Name, int Offered, int Booked, double? Rate, double? Lower, double? Upper, string Text)
{
    public static BookingRow Of(string key, string name, int offered, int booked)
    {
        var proportion = new Proportion(booked, offered);
        var interval = proportion.Wilson95;
        return new BookingRow(key, name, offered, booked, proportion.Rate, interval?.Lower, interval?.Upper, proportion.Describe());
    }
}

/// <summary>
/// The meetings of the period's leads by outcome: held and no-show as the rep marked them, past meetings not yet marked,
/// meetings still to come, cancelled. The show rate is held / (held + no-show), with its 95 % interval.
/// </summary>
public sealed record MeetingOutcomeCounts(int Held, int NoShow, int PastUnmarked, int Upcoming, int Cancelled)
{
    [JsonIgnore]
    public Proportion ShowRate => new(Held, Held + NoShow);

    /// <summary>As JSON the show rate is flat like a report row's: <c>showRate</c>, <c>showLower</c>, <c>showUpper</c>, <c>showText</c>.</summary>
    [JsonPropertyName("showRate")]
    public double? ShowShare => ShowRate.Rate;

    public double? ShowLower => ShowRate.Wilson95?.Lower;

    public double? ShowUpper => ShowRate.Wilson95?.Upper;

    public string ShowText => ShowRate.Describe();
}

public static partial class ReportQueries
{
    public const string BookingDefinition =
        "Leads offered a meeting: assigned to a rep with a bookable treatment (policy.booking). Booked: a meeting was booked and not cancelled. " +
        "Time to booked: from receipt to the first booking. Conversion: converted / reached an outcome, for booked and not booked leads.";

    /// <summary>The meetings that count as booked: any but the cancelled ones (a held or no-show meeting was booked).</summary>
    private const string BookedMeetingsSql =
        """(SELECT "LeadId" AS "BookedLeadId", MIN("CreatedAt") AS "FirstBookedAt" FROM "Meetings" WHERE "Status" <> 'Cancelled' GROUP BY "LeadId")""";

    public static async Task<BookingReport> BookingAsync(
        IDbContextFactory<LeadRoutingDbContext> dbFactory, RoutingEngine engine, ReportFilter filter, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var where = LeadWhere.For(filter, engine.Organisation);
        var bookable = engine.Configuration.Policy.Booking.BookableTreatments;
        var offered = bookable.Count == 0
            ? "1 = 0"
            : $"\"AssignedAt\" IS NOT NULL AND \"Action\" IN ({string.Join(", ", bookable.Select(a => where.Parameter(a.ToString())))})";
        var groups = await where.QueryAsync<BookingTally>(db, $"""
            SELECT "Source", "SegmentId", CASE WHEN b."FirstBookedAt" IS NULL THEN 0 ELSE 1 END AS "IsBooked", COUNT(*) AS "Leads",
                   SUM(CASE WHEN "Stage" IN ({StageSql.Closed}) THEN 1 ELSE 0 END) AS "Closed",
                   SUM(CASE WHEN "Stage" = 'Converted' THEN 1 ELSE 0 END) AS "Won"
            FROM "Leads" LEFT JOIN {BookedMeetingsSql} b ON b."BookedLeadId" = "Leads"."Id"
            WHERE {where.Sql} AND {offered}
            GROUP BY "Source", "SegmentId", 3
            """, cancellationToken);
        var waits = await where.QueryAsync<MinuteTally>(db, $"""
            SELECT (b."FirstBookedAt" - "ReceivedAt") / {MinuteTicks} AS "Minutes", COUNT(*) AS "Count"
            FROM "Leads" JOIN {BookedMeetingsSql} b ON b."BookedLeadId" = "Leads"."Id"
            WHERE {where.Sql} AND {offered}
            GROUP BY 1
            """, cancellationToken);
        var nowTicks = where.Parameter(now.UtcTicks);
        var outcomes = await where.QueryAsync<OutcomeCount>(db, $"""
            SELECT CASE WHEN m."MeetingStatus" = 'Booked' AND m."MeetingStart" < {nowTicks} THEN 'PastUnmarked' ELSE m."MeetingStatus" END AS "Outcome", COUNT(*) AS "Count"
            FROM "Leads" JOIN (SELECT "LeadId" AS "MeetingLeadId", "Status" AS "MeetingStatus", "StartUtc" AS "MeetingStart" FROM "Meetings") m
                 ON m."MeetingLeadId" = "Leads"."Id"
            WHERE {where.Sql}
            GROUP BY 1
            """, cancellationToken);

        IReadOnlyList<BookingRow> By(Func<BookingTally, string?> key, Func<string, string> name) =>
        [
            .. groups.Where(g => key(g) is not null)
                .GroupBy(g => key(g)!, StringComparer.Ordinal)
                .Select(g => BookingRow.Of(g.Key, name(g.Key), (int)g.Sum(x => x.Leads), (int)g.Where(x => x.IsBooked == 1).Sum(x => x.Leads)))
                .OrderByDescending(r => r.Offered)
                .ThenBy(r => r.Name, StringComparer.Ordinal),
        ];

        ConversionRow Conversion(string key, string name, bool booked)
        {
            var part = groups.Where(g => (g.IsBooked == 1) == booked).ToList();
            return ConversionRow.Of(key, name, (int)part.Sum(g => g.Leads), (int)part.Sum(g => g.Closed), (int)part.Sum(g => g.Won));
        }

        var times = waits.Where(w => w.Minutes >= 0).Select(w => (Time: TimeSpan.FromMinutes(w.Minutes), Count: (int)w.Count)).OrderBy(w => w.Time).ToList();
        int Count(string outcome) => (int)outcomes.Where(o => o.Outcome == outcome).Sum(o => o.Count);
        return new BookingReport(
            Period(filter),
            BookingDefinition,
            BookingRow.Of("all", "All offered leads", (int)groups.Sum(g => g.Leads), (int)groups.Where(g => g.IsBooked == 1).Sum(g => g.Leads)),
            By(g => g.Source, s => s),
            By(g => g.SegmentId, id => SegmentName(engine, id)),
            SlaCompliance.Percentile(times, 0.5),
            SlaCompliance.Percentile(times, 0.9),
            new MeetingOutcomeCounts(Count("Held"), Count("NoShow"), Count("PastUnmarked"), Count("Booked"), Count("Cancelled")),
            Conversion("booked", "Booked a meeting", booked: true),
            Conversion("not-booked", "Did not book", booked: false));
    }

    private sealed class BookingTally
    {
        public required string Source { get; init; }
        public string? SegmentId { get; init; }
        public long IsBooked { get; init; }
        public long Leads { get; init; }
        public long Closed { get; init; }
        public long Won { get; init; }
    }

    private sealed class MinuteTally
    {
        public long Minutes { get; init; }
        public long Count { get; init; }
    }

    private sealed class OutcomeCount
    {
        public required string Outcome { get; init; }
        public long Count { get; init; }
    }
}
