using System.Globalization;
using LeadRouting.Core;
using LeadRouting.Core.Leads;
using LeadRouting.Core.Routing;

namespace LeadRouting.Web.Analytics;

/// <summary>How the SLA report groups time: by UTC day or by ISO week (Monday to Sunday, UTC).</summary>
public enum ReportGranularity
{
    Day,
    Week,
}

/// <summary>
/// What every report counts: leads <b>received</b> in [<see cref="From"/>, <see cref="To"/>), optionally of one region
/// (through the lead's team), team, rep (the current owner), source and segment. A region or team filter leaves out
/// leads no team took.
/// </summary>
public sealed record ReportFilter
{
    public static readonly TimeSpan DefaultPeriod = TimeSpan.FromDays(30);
    public static readonly TimeSpan LongestPeriod = TimeSpan.FromDays(400);

    public required DateTimeOffset From { get; init; }
    public required DateTimeOffset To { get; init; }
    public string? Region { get; init; }
    public string? TeamId { get; init; }
    public string? RepId { get; init; }
    public SignalType? Source { get; init; }
    public string? SegmentId { get; init; }
    public ReportGranularity Granularity { get; init; } = ReportGranularity.Day;

    /// <summary>The last <paramref name="days"/> days up to <paramref name="now"/>, nothing else chosen.</summary>
    public static ReportFilter LastDays(DateTimeOffset now, int days) => new() { From = now.AddDays(-days), To = now };

    /// <summary>The teams the filter keeps, or null when it keeps every lead (no region and no team chosen).</summary>
    public IReadOnlyList<string>? TeamIds(CompiledOrganisation organisation) => (Region, TeamId) switch
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

    /// <summary>Query-string names, as the API and the CSV export link take them.</summary>
    public IReadOnlyDictionary<string, string> ToQuery()
    {
        var query = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["from"] = From.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["to"] = To.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        };
        Add("region", Region);
        Add("team", TeamId);
        Add("rep", RepId);
        Add("source", Source?.ToString());
        Add("segment", SegmentId);
        if (Granularity != ReportGranularity.Day)
        {
            query["granularity"] = Granularity.ToString().ToLowerInvariant();
        }

        return query;

        void Add(string name, string? value)
        {
            if (value is not null)
            {
                query[name] = value;
            }
        }
    }

    /// <summary>
    /// Reads a filter from query values (<c>from</c>, <c>to</c>, <c>region</c>, <c>team</c>, <c>rep</c>, <c>source</c>,
    /// <c>segment</c>, <c>granularity</c>), checking each against the organisation; every problem is reported, by field.
    /// <c>from</c>/<c>to</c> take an ISO 8601 instant or a date (UTC midnight; a date as <c>to</c> includes that day).
    /// Without them: the last 30 days up to <paramref name="now"/>.
    /// </summary>
    public static ReportFilter? Read(Func<string, string?> query, RoutingEngine engine, DateTimeOffset now, FieldErrors errors)
    {
        var organisation = engine.Organisation;
        var to = ReadInstant(query("to"), "to", endOfDay: true, errors) ?? now;
        var from = ReadInstant(query("from"), "from", endOfDay: false, errors) ?? to - DefaultPeriod;
        if (errors.IsEmpty && from >= to)
        {
            errors.Add("from", "'from' must be before 'to'.");
        }
        else if (errors.IsEmpty && to - from > LongestPeriod)
        {
            errors.Add("to", $"The period may be at most {LongestPeriod.TotalDays:0} days.");
        }

        var region = Blank(query("region"));
        if (region is not null && !engine.Configuration.Organisation.Regions.Any(r => string.Equals(r.Code, region, StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add("region", $"Unknown region '{region}'.");
        }

        var team = Blank(query("team"));
        if (team is not null)
        {
            if (organisation.FindTeam(new TeamId(team)) is not { } teamInfo)
            {
                errors.Add("team", $"Unknown team '{team}'.");
            }
            else if (region is not null && !string.Equals(teamInfo.Team.Region, region, StringComparison.OrdinalIgnoreCase))
            {
                errors.Add("team", $"Team '{team}' is not in region '{region}'.");
            }
        }

        var rep = Blank(query("rep"));
        if (rep is not null)
        {
            if (organisation.FindRep(new RepId(rep)) is not { } repInfo)
            {
                errors.Add("rep", $"Unknown rep '{rep}'.");
            }
            else if (team is not null && repInfo.Team.Team.Id.Value != team)
            {
                errors.Add("rep", $"Rep '{rep}' is not in team '{team}'.");
            }
        }

        SignalType? source = null;
        if (Blank(query("source")) is { } sourceText)
        {
            if (Enum.TryParse<SignalType>(sourceText, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(sourceText, out _))
            {
                source = parsed;
            }
            else
            {
                errors.Add("source", $"Unknown source '{sourceText}'; one of {string.Join(", ", Enum.GetNames<SignalType>())}.");
            }
        }

        var segment = Blank(query("segment"));
        if (segment is not null && !engine.Configuration.Organisation.Segments.Any(s => s.Id.Value == segment))
        {
            errors.Add("segment", $"Unknown segment '{segment}'.");
        }

        var granularity = ReportGranularity.Day;
        if (Blank(query("granularity")) is { } granularityText)
        {
            if (!Enum.TryParse(granularityText, ignoreCase: true, out granularity) || int.TryParse(granularityText, out _))
            {
                errors.Add("granularity", "Granularity is 'day' or 'week'.");
            }
        }

        return errors.IsEmpty
            ? new ReportFilter { From = from, To = to, Region = region, TeamId = team, RepId = rep, Source = source, SegmentId = segment, Granularity = granularity }
            : null;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static DateTimeOffset? ReadInstant(string? text, string field, bool endOfDay, FieldErrors errors)
    {
        if (Blank(text) is not { } value)
        {
            return null;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            var midnight = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return endOfDay ? midnight.AddDays(1) : midnight;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant))
        {
            return instant;
        }

        errors.Add(field, $"'{field}' is not a date (yyyy-MM-dd) or an ISO 8601 instant.");
        return null;
    }
}
