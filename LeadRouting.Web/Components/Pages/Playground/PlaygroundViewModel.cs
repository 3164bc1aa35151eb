using LeadRouting.Core.Leads;
using LeadRouting.Web.Routing;

namespace LeadRouting.Web.Components.Pages.Playground;

/// <summary>
/// The state and behaviour of the routing playground, free of rendering so it can be tested directly: the lead being
/// edited, the routing time and zone, and the latest preview with its field errors.
/// </summary>
public sealed class PlaygroundViewModel
{
    /// <summary>The zones of the demo teams' calendars, plus UTC.</summary>
    public static IReadOnlyList<TimeZoneChoice> TimeZones { get; } =
    [
        new("Europe/Berlin", "Berlin (DACH)"),
        new("Europe/London", "London (UK & Ireland)"),
        new("America/New_York", "New York (North America)"),
        new("Etc/UTC", "UTC"),
    ];

    private readonly PreviewService _preview;
    private IReadOnlyDictionary<string, string[]> _errors = new Dictionary<string, string[]>();

    public PlaygroundViewModel(PreviewService preview)
    {
        _preview = preview;
        ApplyPreset(LeadPresets.DachMidMarketDemo);
    }

    public LeadFormModel Lead { get; private set; } = new();

    public LeadPreset? Preset { get; private set; }

    public string ZoneId { get; set; } = TimeZones[0].Id;

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(ZoneId);

    public string ZoneLabel => TimeZones.FirstOrDefault(z => z.Id == ZoneId)?.Label ?? ZoneId;

    /// <summary>When the lead is routed: wall-clock text of a <c>datetime-local</c> input in <see cref="Zone"/>.</summary>
    public string? RouteAt { get; set; }

    public PreviewResult? Result { get; private set; }

    /// <summary>The decision of the latest valid preview; null while the lead has errors.</summary>
    public DecisionView? Decision { get; private set; }

    /// <summary>Every field error, in form order, for the summary above the decision.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Errors =>
        [.. _errors.SelectMany(e => e.Value.Select(m => KeyValuePair.Create(e.Key, m)))];

    public bool HasErrors => _errors.Count > 0;

    public bool HasError(string field) => _errors.ContainsKey(field);

    public string? ErrorFor(string field) => _errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    /// <summary>The comma list stands for the whole array, so it shows the errors of its items too.</summary>
    public bool HasTechStackError => _errors.Keys.Any(IsTechStackField);

    public string? TechStackErrors =>
        HasTechStackError
            ? string.Join(" ", _errors.Where(e => IsTechStackField(e.Key)).SelectMany(e => e.Value.Select(m => e.Key == FieldNames.TechStack ? m : $"{e.Key}: {m}")))
            : null;

    public void ApplyPreset(LeadPreset preset)
    {
        var now = _preview.Now;
        if (preset.TimeZoneId is { } zoneId)
        {
            ZoneId = zoneId;
        }

        var routeAt = preset.RouteAt?.Invoke(now) ?? now;
        RouteAt = LocalTime.ToInput(routeAt, Zone);
        Lead = preset.Create(routeAt, Zone);
        Preset = preset;
        Recompute();
    }

    /// <summary>Sets the routing time to the current time.</summary>
    public void RouteNow()
    {
        RouteAt = LocalTime.ToInput(_preview.Now, Zone);
        Recompute();
    }

    public void AddSignal()
    {
        var at = LocalTime.TryParse(RouteAt, Zone, out var routeAt) ? routeAt : _preview.Now;
        Lead.Signals.Add(new SignalRow { At = LocalTime.ToInput(at.AddDays(-1), Zone) });
        Recompute();
    }

    public void RemoveSignal(SignalRow signal)
    {
        Lead.Signals.Remove(signal);
        Recompute();
    }

    /// <summary>Routes the lead as the form describes it now. Cheap enough (microseconds) to run on every change.</summary>
    public void Recompute()
    {
        var errors = new FieldErrors();
        if (!LocalTime.TryParse(RouteAt, Zone, out var at))
        {
            errors.Add(FieldNames.RouteAt, "Enter a date and time.");
            at = _preview.Now;
        }

        var submission = Lead.ToSubmission(Zone, errors);
        Result = _preview.Preview(submission, errors, at);
        _errors = Result.Errors;
        Decision = Result.IsValid ? DecisionView.From(Result, Zone) : null;
    }

    private static bool IsTechStackField(string field) =>
        field == FieldNames.TechStack || field.StartsWith(FieldNames.TechStack + "[", StringComparison.Ordinal);
}

public sealed record TimeZoneChoice(string Id, string Label);
