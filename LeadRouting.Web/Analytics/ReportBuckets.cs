namespace LeadRouting.Web.Analytics;

/// <summary>
/// The days (or ISO weeks, from Monday) of a report's period as calendar days in the filter's zone
/// (<see cref="ReportFilter.Zone"/>), and the SQL that puts a stored instant (UTC ticks) into its day. Within a period
/// the zone's offset may change (summer time): the SQL adds each stretch's own offset before dividing, so a lead at
/// 00:30 Berlin time counts on its Berlin day, and the day the clocks change has 23 or 25 hours.
/// </summary>
public sealed class ReportBuckets
{
    private readonly long _originLocalTicks;
    private readonly long _bucketTicks;
    private readonly IReadOnlyList<(long FromUtcTicks, long OffsetTicks)> _offsets;

    private ReportBuckets(long originLocalTicks, long bucketTicks, IReadOnlyList<(long, long)> offsets, IReadOnlyList<DateTimeOffset> starts)
    {
        _originLocalTicks = originLocalTicks;
        _bucketTicks = bucketTicks;
        _offsets = offsets;
        Starts = starts;
    }

    /// <summary>Each bucket's first instant, at the zone's offset then (local midnight), from the first that holds <see cref="ReportFilter.From"/> to the last before <see cref="ReportFilter.To"/>.</summary>
    public IReadOnlyList<DateTimeOffset> Starts { get; }

    public static ReportBuckets Of(ReportFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var zone = filter.Zone;
        var week = filter.Granularity == ReportGranularity.Week;
        var firstDay = TimeZoneInfo.ConvertTime(filter.From, zone).DateTime.Date;
        var origin = week ? firstDay.AddDays(-(((int)firstDay.DayOfWeek + 6) % 7)) : firstDay;
        var step = week ? 7 : 1;

        var starts = new List<DateTimeOffset>();
        for (var day = origin; ; day = day.AddDays(step))
        {
            var start = LocalMidnight(day, zone);
            if (start >= filter.To)
            {
                break;
            }

            starts.Add(start);
        }

        // The offset in force from each change on, found hour by hour (changes happen on the hour or half hour in every
        // zone that has them; a quarter-hour zone keeps its offset all year). At most 400 days: about 10,000 steps.
        var offsets = new List<(long, long)>();
        var from = starts.Count > 0 ? starts[0].UtcDateTime : filter.From.UtcDateTime;
        for (var at = from; at < filter.To.UtcDateTime.AddHours(1); at = at.AddMinutes(30))
        {
            var offset = zone.GetUtcOffset(at).Ticks;
            if (offsets.Count == 0 || offsets[^1].Item2 != offset)
            {
                offsets.Add((offsets.Count == 0 ? long.MinValue : at.Ticks, offset));
            }
        }

        return new ReportBuckets(origin.Ticks, step * TimeSpan.TicksPerDay, offsets, starts);
    }

    /// <summary>The bucket of <paramref name="column"/> (UTC ticks) as SQL: its local ticks, less the origin's, in whole days or weeks.</summary>
    public string Sql(string column)
    {
        var quoted = $"\"{column}\"";
        var offset = _offsets.Count == 1
            ? _offsets[0].OffsetTicks.ToString(CultureInfo.InvariantCulture)
            : "CASE " + string.Concat(_offsets.Skip(1).Reverse().Select(o => string.Create(CultureInfo.InvariantCulture, $"WHEN {quoted} >= {o.FromUtcTicks} THEN {o.OffsetTicks} ")))
              + string.Create(CultureInfo.InvariantCulture, $"ELSE {_offsets[0].OffsetTicks} END");
        return string.Create(CultureInfo.InvariantCulture, $"({quoted} + {offset} - {_originLocalTicks}) / {_bucketTicks}");
    }

    private static DateTimeOffset LocalMidnight(DateTime day, TimeZoneInfo zone)
    {
        // A midnight the clocks skip (a few zones change at 00:00) starts the day at the first local time that exists.
        var local = DateTime.SpecifyKind(day, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }

        var utc = TimeZoneInfo.ConvertTimeToUtc(local, zone);
        return new DateTimeOffset(utc).ToOffset(zone.GetUtcOffset(utc));
    }
}
