using System.Text.Json;
using System.Text.Json.Serialization;

namespace LeadRouting.Web.Components.Pages.Playground;

/// <summary>
/// A ready-made sample lead that shows one path through the routing policy. It routes by the published rules over the
/// live state like any other lead, so the descriptions say what the default policy does, not who gets it.
/// </summary>
public sealed record LeadPreset
{
    public required string Name { get; init; }
    public required string Description { get; init; }

    /// <summary>The lead's fields as the form holds them, in the API's field names (e.g. <c>"source": "DemoRequest"</c>).</summary>
    public JsonElement Lead { get; init; }

    /// <summary>Another preset's lead (and its signals), for a preset that only changes when the lead is routed.</summary>
    public string? SameLeadAs { get; init; }

    public IReadOnlyList<PresetSignal> Signals { get; init; } = [];

    /// <summary>When set, the preset also picks the routing time (and its zone), e.g. to show business hours at work.</summary>
    public PresetRoutingTime? RouteAt { get; init; }

    public string? TimeZoneId => RouteAt?.TimeZone;

    /// <summary>When a lead of this preset is routed, given the current time.</summary>
    public DateTimeOffset RoutingTime(DateTimeOffset now) => RouteAt?.LastBefore(now) ?? now;

    /// <summary>A new form (the playground edits it in place) with the signals dated back from <paramref name="routeAt"/>.</summary>
    public LeadFormModel Create(DateTimeOffset routeAt, TimeZoneInfo zone)
    {
        var source = SameLeadAs is { } name ? LeadPresets.Named(name) : this;
        var lead = source.Lead.Deserialize<LeadFormModel>(LeadPresets.Json) ?? throw new InvalidOperationException($"Preset {Name} has no lead.");
        foreach (var signal in source.Signals)
        {
            lead.Signals.Add(new SignalRow { Type = signal.Type, At = LocalTime.ToInput(routeAt.AddDays(-signal.DaysBefore), zone) });
        }

        return lead;
    }
}

/// <summary>An activity signal of a preset lead, some days before it is routed.</summary>
public sealed record PresetSignal(SignalType Type, int DaysBefore);

/// <summary>The latest <see cref="Weekday"/> at <see cref="Time"/> in <see cref="TimeZone"/>, e.g. last Friday 17:55 in Berlin.</summary>
public sealed record PresetRoutingTime(string TimeZone, DayOfWeek Weekday, TimeOnly Time)
{
    /// <summary>The latest such time that is not after <paramref name="now"/>.</summary>
    public DateTimeOffset LastBefore(DateTimeOffset now)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
        var date = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        while (true)
        {
            if (date.DayOfWeek == Weekday && LocalTime.FromWallClock(date.ToDateTime(Time), zone) is var candidate && candidate <= now)
            {
                return candidate;
            }

            date = date.AddDays(-1);
        }
    }
}

/// <summary>The playground's presets, read from <c>LeadPresets.json</c> next to this file: sample content, kept as data.</summary>
public static class LeadPresets
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(allowIntegerValues: false) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static IReadOnlyList<LeadPreset> All { get; } = Load();

    /// <summary>The preset the playground starts with.</summary>
    public static LeadPreset Default => All[0];

    public static LeadPreset Named(string name) =>
        All.FirstOrDefault(p => p.Name == name) ?? throw new ArgumentException($"No preset is named {name}.", nameof(name));

    private static LeadPreset[] Load()
    {
        using var stream = typeof(LeadPresets).Assembly.GetManifestResourceStream($"{typeof(LeadPresets).Namespace}.LeadPresets.json")
            ?? throw new InvalidOperationException("LeadPresets.json is not embedded in the assembly.");
        return JsonSerializer.Deserialize<LeadPreset[]>(stream, Json) ?? [];
    }
}
