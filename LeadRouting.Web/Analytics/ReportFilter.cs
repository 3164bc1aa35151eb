using LeadRouting.Web.Localization;
namespace LeadRouting.Web.Analytics;

/// <summary>How the SLA report groups time: by UTC day or by ISO week (Monday to Sunday, UTC).</summary>
public enum ReportGranularity
{
    Day,
    Week,
}

/// <summary>
/// What every report counts: leads <b>received</b> in [<see cref="From"/>, <see cref="To"/>), optionally of some regions
/// (through the lead's team), teams, reps (the current owner), sources and segments. Each list keeps the leads that match
/// any of its values; the lists together keep the leads that match all of them; an empty list keeps everything. A region
/// or team filter leaves out leads no team took.
/// </summary>
public sealed record ReportFilter
{
    public static readonly TimeSpan DefaultPeriod = TimeSpan.FromDays(30);
    public static readonly TimeSpan LongestPeriod = TimeSpan.FromDays(400);

    /// <summary>
    /// The range a period bound may lie in. Leads are not older than 2000 (intake refuses earlier instants), and the
    /// bound keeps date arithmetic far from the calendar's edges: <c>to=9999-12-31</c> is a 400, not an overflow.
    /// </summary>
    public static readonly DateTimeOffset EarliestBound = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset LatestBound = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public required DateTimeOffset From { get; init; }
    public required DateTimeOffset To { get; init; }
    public IReadOnlyList<string> Regions { get; init; } = [];
    public IReadOnlyList<string> Teams { get; init; } = [];
    public IReadOnlyList<string> Reps { get; init; } = [];
    public IReadOnlyList<SignalType> Sources { get; init; } = [];
    public IReadOnlyList<string> Segments { get; init; } = [];
    public ReportGranularity Granularity { get; init; } = ReportGranularity.Day;

    /// <summary>
    /// Whose midnights bound the SLA report's days and weeks: the reader's zone on <c>/analytics</c>, UTC for the API
    /// unless it asks with <c>timeZone</c> (an IANA name). A day is then a calendar day there, 23 or 25 hours when the
    /// clocks change.
    /// </summary>
    public TimeZoneInfo Zone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>The last <paramref name="days"/> days up to <paramref name="now"/>, nothing else chosen.</summary>
    public static ReportFilter LastDays(DateTimeOffset now, int days) => new() { From = now.AddDays(-days), To = now };

    /// <summary>The teams the filter keeps, or null when it keeps every lead (no region and no team chosen).</summary>
    public IReadOnlyList<string>? TeamIds(CompiledOrganisation organisation) =>
        Regions.Count == 0 && Teams.Count == 0
            ? null
            :
            [
                .. organisation.Teams
                    .Where(t => Regions.Count == 0 || Regions.Contains(t.Team.Region, StringComparer.OrdinalIgnoreCase))
                    .Where(t => Teams.Count == 0 || Teams.Contains(t.Team.Id.Value, StringComparer.Ordinal))
                    .Select(t => t.Team.Id.Value),
            ];

    /// <summary>Query-string names, as the API and the CSV export link take them; lists are comma-separated.</summary>
    public IReadOnlyDictionary<string, string> ToQuery()
    {
        var query = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["from"] = From.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["to"] = To.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        };
        Add("region", Regions);
        Add("team", Teams);
        Add("rep", Reps);
        Add("source", [.. Sources.Select(s => s.ToString())]);
        Add("segment", Segments);
        if (Granularity != ReportGranularity.Day)
        {
            query["granularity"] = Granularity.ToString().ToLowerInvariant();
        }

        if (Zone != TimeZoneInfo.Utc)
        {
            query["timeZone"] = Zone.Id;
        }

        return query;

        void Add(string name, IReadOnlyList<string> values)
        {
            if (values.Count > 0)
            {
                query[name] = string.Join(',', values);
            }
        }
    }

    /// <summary>
    /// Reads a filter from query values (<c>from</c>, <c>to</c>, <c>region</c>, <c>team</c>, <c>rep</c>, <c>source</c>,
    /// <c>segment</c>, <c>granularity</c>, <c>timeZone</c>), checking each against the organisation; every problem is reported, by field.
    /// <c>from</c>/<c>to</c> take an ISO 8601 instant or a date (UTC midnight; a date as <c>to</c> includes that day),
    /// between 2000 and 2100. Region, team, rep, source and segment take one value or several, comma-separated or the
    /// parameter repeated (<c>source=DemoRequest,Webinar</c>). Without a period: the last 30 days up to <paramref name="now"/>.
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

        var regionCodes = engine.Configuration.Organisation.Regions.Select(r => r.Code).ToList();
        var regions = List(query("region"), regionCodes, StringComparer.OrdinalIgnoreCase);
        foreach (var region in regions.Where(r => !regionCodes.Contains(r, StringComparer.OrdinalIgnoreCase)))
        {
            errors.Add("region", $"Unknown region '{Shorten(region)}'.");
        }

        var teams = List(query("team"), organisation.Teams.Select(t => t.Team.Id.Value), StringComparer.Ordinal);
        foreach (var team in teams)
        {
            if (organisation.FindTeam(new TeamId(team)) is not { } teamInfo)
            {
                errors.Add("team", $"Unknown team '{Shorten(team)}'.");
            }
            else if (regions.Count > 0 && !regions.Contains(teamInfo.Team.Region, StringComparer.OrdinalIgnoreCase))
            {
                errors.Add("team", $"Team '{team}' is not in region {Either(regions)}.");
            }
        }

        var reps = List(query("rep"), organisation.Reps.Select(r => r.Id.Value), StringComparer.Ordinal);
        foreach (var rep in reps)
        {
            if (organisation.FindRep(new RepId(rep)) is not { } repInfo)
            {
                errors.Add("rep", $"Unknown rep '{Shorten(rep)}'.");
            }
            else if (teams.Count > 0 && !teams.Contains(repInfo.Team.Team.Id.Value, StringComparer.Ordinal))
            {
                errors.Add("rep", $"Rep '{rep}' is not in team {Either(teams)}.");
            }
        }

        var sources = new List<SignalType>();
        foreach (var sourceText in List(query("source"), Enum.GetNames<SignalType>(), StringComparer.OrdinalIgnoreCase))
        {
            // Enum.TryParse would also take "3" or "DemoRequest, Webinar" (as flags); only declared names are sources.
            if (Enum.GetNames<SignalType>().FirstOrDefault(n => string.Equals(n, sourceText, StringComparison.OrdinalIgnoreCase)) is { } name)
            {
                sources.Add(Enum.Parse<SignalType>(name));
            }
            else
            {
                errors.Add("source", $"Unknown source '{Shorten(sourceText)}'; one of {string.Join(", ", Enum.GetNames<SignalType>())}.");
            }
        }

        var segmentIds = engine.Configuration.Organisation.Segments.Select(s => s.Id.Value).ToList();
        var segments = List(query("segment"), segmentIds, StringComparer.Ordinal);
        foreach (var segment in segments.Where(s => !segmentIds.Contains(s, StringComparer.Ordinal)))
        {
            errors.Add("segment", $"Unknown segment '{Shorten(segment)}'.");
        }

        var granularity = ReportGranularity.Day;
        if (Blank(query("granularity")) is { } granularityText)
        {
            if (!Enum.TryParse(granularityText, ignoreCase: true, out granularity) || !Enum.IsDefined(granularity) || int.TryParse(granularityText, out _))
            {
                errors.Add("granularity", "Granularity is 'day' or 'week'.");
            }
        }

        var zone = TimeZoneInfo.Utc;
        if (Blank(query("timeZone")) is { } zoneText)
        {
            if (PersonZone.Find(zoneText) is { } found)
            {
                zone = found;
            }
            else
            {
                errors.Add("timeZone", $"'{Shorten(zoneText)}' is not a known time zone (an IANA name such as Europe/Berlin).");
            }
        }

        return errors.IsEmpty
            ? new ReportFilter
            {
                From = from, To = to, Regions = regions, Teams = teams, Reps = reps, Sources = sources.Distinct().ToList(), Segments = segments,
                Granularity = granularity, Zone = zone,
            }
            : null;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>
    /// The values of a list parameter: comma-separated (a repeated parameter arrives joined by commas), trimmed, each
    /// once. A whole value that is itself a known id is one value, even with a comma in it.
    /// </summary>
    private static List<string> List(string? text, IEnumerable<string> known, StringComparer comparer)
    {
        if (Blank(text) is not { } value)
        {
            return [];
        }

        if (value.Contains(',', StringComparison.Ordinal) && known.Contains(value, comparer))
        {
            return [value];
        }

        return [.. value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(comparer)];
    }

    private static string Either(IReadOnlyList<string> values) =>
        values.Count == 1 ? $"'{values[0]}'" : "any of " + string.Join(", ", values.Select(v => $"'{v}'"));

    private static string Shorten(string value) => TextRules.Shorten(value);

    private static DateTimeOffset? ReadInstant(string? text, string field, bool endOfDay, FieldErrors errors)
    {
        if (Blank(text) is not { } value)
        {
            return null;
        }

        DateTimeOffset? instant = null;
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            instant = date >= DateOnly.FromDateTime(LatestBound.UtcDateTime) || date < DateOnly.FromDateTime(EarliestBound.UtcDateTime)
                ? new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)
                : new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(endOfDay ? 1 : 0);
        }
        else if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            instant = parsed;
        }

        if (instant is null)
        {
            errors.Add(field, $"'{field}' is not a date (yyyy-MM-dd) or an ISO 8601 instant.");
            return null;
        }

        if (instant < EarliestBound || instant > LatestBound)
        {
            errors.Add(field, string.Create(CultureInfo.InvariantCulture,
                $"'{field}' must lie between {EarliestBound:yyyy-MM-dd} and {LatestBound:yyyy-MM-dd} (got '{Shorten(value)}')."));
            return null;
        }

        return instant;
    }
}
