using LeadRouting.Web.Routing;

namespace LeadRouting.Web.Components.Pages.Playground;

/// <summary>
/// The state and behaviour of the routing playground, free of rendering so it can be tested directly: the lead being
/// edited, the routing time and zone, and the latest preview (published version, live state) with its field errors.
/// </summary>
public sealed class PlaygroundViewModel
{
    /// <summary>Always offered: the zone the presets' "Friday 17:55 Berlin" is told in, and UTC.</summary>
    private static readonly TimeZoneChoice[] FixedZones =
    [
        new("Europe/Berlin", "Berlin"),
        new("Etc/UTC", "UTC"),
    ];

    private readonly PreviewService _preview;
    private readonly DecisionText _words;
    private IReadOnlyDictionary<string, string[]> _errors = new Dictionary<string, string[]>();
    private int _generation;

    public PlaygroundViewModel(PreviewService preview, DecisionText? words = null)
    {
        _preview = preview;
        _words = words ?? DecisionText.Default;
    }

    /// <summary>
    /// The zones the routing time can be read in: those of the published version's calendars (named after them), then
    /// Berlin and UTC. Filled by <see cref="InitializeAsync"/>.
    /// </summary>
    public IReadOnlyList<TimeZoneChoice> TimeZones { get; private set; } = FixedZones;

    public LeadFormModel Lead { get; private set; } = new();

    public LeadPreset? Preset { get; private set; }

    public string ZoneId { get; set; } = FixedZones[0].Id;

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(ZoneId);

    public string ZoneLabel => TimeZones.FirstOrDefault(z => z.Id == ZoneId)?.Label ?? ZoneId;

    /// <summary>True when no configuration has been published yet: nothing can be routed, so nothing is shown.</summary>
    public bool NothingPublished { get; private set; }

    /// <summary>When the lead is routed: wall-clock text of a <c>datetime-local</c> input in <see cref="Zone"/>.</summary>
    public string? RouteAt { get; set; }

    public PreviewResult? Result { get; private set; }

    /// <summary>The decision of the latest valid preview; null while the lead has errors.</summary>
    public DecisionView? Decision { get; private set; }

    /// <summary>Every field error, in form order, for the summary above the decision.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Errors =>
        [.. _errors.SelectMany(e => e.Value.Select(m => KeyValuePair.Create(e.Key, _words.Message(m))))];

    public bool HasErrors => _errors.Count > 0;

    public bool HasError(string field) => _errors.ContainsKey(field);

    public string? ErrorFor(string field) => _errors.TryGetValue(field, out var messages) ? string.Join(" ", messages.Select(_words.Message)) : null;

    /// <summary>The comma list stands for the whole array, so it shows the errors of its items too.</summary>
    public bool HasTechStackError => _errors.Keys.Any(IsTechStackField);

    public string? TechStackErrors =>
        HasTechStackError
            ? string.Join(" ", _errors.Where(e => IsTechStackField(e.Key)).SelectMany(e => e.Value.Select(_words.Message).Select(m => e.Key == LeadFields.TechStack.Name ? m : $"{e.Key}: {m}")))
            : null;

    /// <summary>
    /// Reads the zones of the published calendars and routes the first preset, in <paramref name="personZone"/> (the
    /// signed-in person's, offered too when no calendar has it) or else the first calendar's.
    /// </summary>
    public async Task InitializeAsync(CancellationToken cancellationToken, TimeZoneInfo? personZone = null)
    {
        try
        {
            TimeZones = ZonesOf(await _preview.PublishedAsync(cancellationToken));
        }
        catch (NoPublishedConfigurationException)
        {
            NothingPublished = true;
        }

        if (personZone is not null && TimeZones.All(z => z.Id != personZone.Id))
        {
            TimeZones = [new TimeZoneChoice(personZone.Id, personZone.Id), .. TimeZones];
        }

        ZoneId = personZone?.Id ?? TimeZones[0].Id;
        await ApplyPresetAsync(LeadPresets.Default);
    }

    public async Task ApplyPresetAsync(LeadPreset preset)
    {
        var now = _preview.Now;
        if (preset.TimeZoneId is { } zoneId)
        {
            ZoneId = zoneId;
        }

        var routeAt = preset.RoutingTime(now);
        RouteAt = LocalTime.ToInput(routeAt, Zone);
        Lead = preset.Create(routeAt, Zone);
        Preset = preset;
        await RecomputeAsync();
    }

    /// <summary>Sets the routing time to the current time.</summary>
    public Task RouteNowAsync()
    {
        RouteAt = LocalTime.ToInput(_preview.Now, Zone);
        return RecomputeAsync();
    }

    public Task AddSignalAsync()
    {
        var at = LocalTime.TryParse(RouteAt, Zone, out var routeAt) ? routeAt : _preview.Now;
        Lead.Signals.Add(new SignalRow { At = LocalTime.ToInput(at.AddDays(-1), Zone) });
        return RecomputeAsync();
    }

    public Task RemoveSignalAsync(SignalRow signal)
    {
        Lead.Signals.Remove(signal);
        return RecomputeAsync();
    }

    /// <summary>
    /// Routes the lead as the form describes it now, over the live state (a few indexed reads on a read-only
    /// connection, cheap enough to run on every change). When edits overtake each other, only the newest answer is shown.
    /// </summary>
    public async Task RecomputeAsync()
    {
        var generation = ++_generation;
        var errors = new FieldErrors();
        var routeAt = LocalTime.Read(RouteAt, Zone, FieldNames.RouteAt, errors);
        var at = routeAt is { } time && _preview.CheckAsOf(time, FieldNames.RouteAt, errors) ? routeAt : null;

        var submission = Lead.ToSubmission(Zone, errors);
        PreviewResult result;
        try
        {
            result = await _preview.PreviewAsync(submission, errors, at, CancellationToken.None);
        }
        catch (NoPublishedConfigurationException)
        {
            if (generation == _generation)
            {
                NothingPublished = true;
                Result = null;
                Decision = null;
                _errors = new Dictionary<string, string[]>();
            }

            return;
        }

        if (generation != _generation)
        {
            return;
        }

        NothingPublished = false;
        Result = result;
        _errors = result.Errors;
        Decision = result.IsValid ? DecisionView.From(result, Zone, _words) : null;
    }

    /// <summary>
    /// The zones of the published calendars, each named after its calendars (the page shows the zone id beside it),
    /// then the fixed ones.
    /// </summary>
    public static IReadOnlyList<TimeZoneChoice> ZonesOf(PublishedConfiguration published)
    {
        var calendars = published.Engine.Configuration.Organisation.Calendars
            .GroupBy(c => c.TimeZone, StringComparer.Ordinal)
            .Select(g => new TimeZoneChoice(g.Key, string.Join(", ", g.Select(c => c.Name))))
            .ToList();
        return [.. calendars, .. FixedZones.Where(z => calendars.All(c => c.Id != z.Id))];
    }

    private static bool IsTechStackField(string field) =>
        field == LeadFields.TechStack.Name || field.StartsWith(LeadFields.TechStack.Name + "[", StringComparison.Ordinal);
}

public sealed record TimeZoneChoice(string Id, string Label);
