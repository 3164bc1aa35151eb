using Microsoft.Extensions.Localization;

namespace LeadRouting.Web.Components.Pages.Settings;

/// <summary>
/// One segment as the form edits it, including where it sits in the priority order (<see cref="Position"/>, 1 = checked
/// first): with thousands of segments, typing a position beats clicking an arrow a thousand times.
/// </summary>
public sealed class SegmentForm : ISettingsForm
{
    public const int MaxEmployeesBound = 10_000_000;

    public bool IsNew { get; private init; }

    public string Summary(IStringLocalizer<FormText> text) => IsNew ? text["segment {0} added at position {1}", Id ?? "", Position ?? 0] : text["segment {0} changed", Id ?? ""];

    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? Team { get; set; }
    public string? Countries { get; set; }
    public IReadOnlyCollection<string> Regions { get; set; } = [];
    public int? MinEmployees { get; set; }
    public int? MaxEmployees { get; set; }
    public string? Industries { get; set; }
    public IReadOnlyCollection<SignalType> Sources { get; set; } = [];

    /// <summary>1-based place in the evaluation order.</summary>
    public int? Position { get; set; }

    /// <summary>True when the form names no criterion: the segment takes every lead that reaches it.</summary>
    public bool IsCatchAll =>
        SettingsFields.SplitList(Countries).Count == 0 && !Regions.Any() && MinEmployees is null && MaxEmployees is null &&
        SettingsFields.SplitList(Industries).Count == 0 && !Sources.Any();

    /// <summary>A new segment goes just above the catch-all(s) at the end, so it can match at all.</summary>
    public static SegmentForm New(RoutingConfiguration config)
    {
        var ordered = SegmentList.Ordered(config);
        var trailingCatchAlls = ordered.AsEnumerable().Reverse().TakeWhile(s => s.IsCatchAll).Count();
        return new SegmentForm { IsNew = true, Position = ordered.Count - trailingCatchAlls + 1 };
    }

    public static SegmentForm From(Segment segment, int position) => new()
    {
        Id = segment.Id.Value,
        Name = segment.Name,
        Team = segment.Team.Value,
        Countries = SettingsFields.JoinList(segment.Countries),
        Regions = [.. segment.Regions],
        MinEmployees = segment.MinEmployees,
        MaxEmployees = segment.MaxEmployees,
        Industries = SettingsFields.JoinList(segment.Industries),
        Sources = [.. segment.Sources],
        Position = position,
    };

    public FieldErrors Validate(RoutingConfiguration config, IStringLocalizer<FormText> text)
    {
        var org = config.Organisation;
        var errors = SettingsFields.IdAndName(text, IsNew, Id, org.Segments.Select(s => s.Id.Value), Name);
        if (string.IsNullOrEmpty(Team) || org.Teams.All(t => t.Id.Value != Team))
        {
            errors.Add("team", text["Choose the team that owns this segment's leads."]);
        }

        SettingsFields.Countries(text, errors, "countries", Countries);
        SettingsFields.List(text, errors, "countries", Countries);
        var unknownRegions = Regions.Where(r => org.Regions.All(known => known.Code != r)).ToList();
        if (unknownRegions.Count > 0)
        {
            errors.Add("regions", text["Unknown region: {0}.", string.Join(", ", unknownRegions)]);
        }

        SettingsFields.Range(text, errors, "minEmployees", MinEmployees ?? 0, 0, MaxEmployeesBound);
        SettingsFields.Range(text, errors, "maxEmployees", MaxEmployees ?? 0, 0, MaxEmployeesBound);
        if (MinEmployees is { } min && MaxEmployees is { } max && max < min && !errors.Contains("maxEmployees"))
        {
            errors.Add("maxEmployees", text["At least the minimum ({0:N0}).", min]);
        }

        SettingsFields.List(text, errors, "industries", Industries);

        var count = org.Segments.Count + (IsNew ? 1 : 0);
        SettingsFields.Range(text, errors, "position", Position, 1, Math.Max(1, count));

        if (!IsNew && !IsCatchAll && org.Segments.Count(s => s.IsCatchAll) == 1 &&
            org.Segments.Single(s => s.IsCatchAll).Id.Value == Id)
        {
            errors.Add("criteria", text["This is the only catch-all: it must keep no criteria so every lead finds a team. Add another catch-all first."]);
        }

        return errors;
    }

    /// <summary>The configuration with this segment added or replaced at <see cref="Position"/>, priorities renumbered.</summary>
    public RoutingConfiguration ApplyTo(RoutingConfiguration config)
    {
        var segment = new Segment
        {
            Id = new SegmentId(Id!),
            Name = Name!.Trim(),
            Priority = 0,
            Team = new TeamId(Team!),
            Countries = [.. SettingsFields.SplitList(Countries).Select(c => c.ToUpperInvariant())],
            Regions = [.. Regions],
            MinEmployees = MinEmployees,
            MaxEmployees = MaxEmployees,
            Industries = SettingsFields.SplitList(Industries),
            Sources = [.. Sources.Order()],
        };
        var before = SegmentList.Ordered(config).ToList();
        var ordered = before.Where(s => s.Id != segment.Id).ToList();
        var position = Math.Clamp(Position!.Value - 1, 0, ordered.Count);
        ordered.Insert(position, segment);
        var moved = before.FindIndex(s => s.Id == segment.Id) is var was && was >= 0 && was != position ? segment.Id : (SegmentId?)null;
        return SegmentList.WithOrder(config, ordered, moved);
    }
}

/// <summary>The segment list in evaluation order, and the edits that reorder or remove one.</summary>
public static class SegmentList
{
    public const int PriorityStep = 10;

    /// <summary>Segments as the engine checks them: ascending priority, ties in list order.</summary>
    public static IReadOnlyList<Segment> Ordered(RoutingConfiguration config) =>
        [.. config.Organisation.Segments.Select((s, i) => (s, i)).OrderBy(x => x.s.Priority).ThenBy(x => x.i).Select(x => x.s)];

    /// <summary>
    /// The configuration with <paramref name="ordered"/> as its segments in that order, changing as few priorities as
    /// possible: the draft's change list shows what the person did (one segment moved or added), not every segment
    /// renumbered. The longest run of segments whose stored priorities already follow the new order keeps them; each
    /// other segment (a new one, or one moved) gets a priority between its kept neighbours. Equal priorities are fine:
    /// the engine checks ties in list order, which is this order. <paramref name="moved"/>, the segment the person
    /// moved, is the one that takes a new priority when either it or a neighbour could.
    /// </summary>
    public static RoutingConfiguration WithOrder(RoutingConfiguration config, IEnumerable<Segment> ordered, SegmentId? moved = null)
    {
        var stored = config.Organisation.Segments.GroupBy(s => s.Id).ToDictionary(g => g.Key, g => g.First().Priority);
        var segments = ordered.ToList();
        var priorities = segments.Select(s => s.Id != moved && stored.TryGetValue(s.Id, out var p) ? p : (int?)null).ToList();
        var keep = LongestNonDecreasingRun(priorities);
        var result = new Segment[segments.Count];
        for (var i = 0; i < segments.Count; i++)
        {
            int priority;
            if (keep.Contains(i))
            {
                priority = priorities[i]!.Value;
            }
            else
            {
                var before = i > 0 ? result[i - 1].Priority : (int?)null;
                var after = Enumerable.Range(i + 1, segments.Count - i - 1).Where(keep.Contains).Select(j => priorities[j]).FirstOrDefault();
                priority = (before, after) switch
                {
                    ({ } low, { } high) => low + ((high - low) / 2),
                    ({ } low, null) => low + PriorityStep,
                    (null, { } high) => Math.Min(high, Math.Max(0, high - PriorityStep)),
                    _ => (i + 1) * PriorityStep,
                };
            }

            result[i] = segments[i] with { Priority = priority };
        }

        return config with { Organisation = config.Organisation with { Segments = [.. result] } };
    }

    /// <summary>The positions of a longest non-decreasing subsequence of the known priorities (null ones never count).</summary>
    private static HashSet<int> LongestNonDecreasingRun(IReadOnlyList<int?> priorities)
    {
        var length = new int[priorities.Count];
        var previous = new int[priorities.Count];
        var best = -1;
        for (var i = 0; i < priorities.Count; i++)
        {
            previous[i] = -1;
            if (priorities[i] is not { } p)
            {
                continue;
            }

            length[i] = 1;
            for (var j = 0; j < i; j++)
            {
                if (priorities[j] is { } q && q <= p && length[j] + 1 > length[i])
                {
                    length[i] = length[j] + 1;
                    previous[i] = j;
                }
            }

            if (best < 0 || length[i] > length[best])
            {
                best = i;
            }
        }

        var run = new HashSet<int>();
        for (var i = best; i >= 0; i = previous[i])
        {
            run.Add(i);
        }

        return run;
    }

    /// <summary>Swaps the segment with its neighbour (<paramref name="delta"/> −1: up, +1: down); null when it cannot move.</summary>
    public static RoutingConfiguration? Move(RoutingConfiguration config, SegmentId id, int delta)
    {
        var ordered = Ordered(config).ToList();
        var index = ordered.FindIndex(s => s.Id == id);
        var target = index + delta;
        if (index < 0 || target < 0 || target >= ordered.Count)
        {
            return null;
        }

        (ordered[index], ordered[target]) = (ordered[target], ordered[index]);
        return WithOrder(config, ordered, id);
    }

    /// <summary>"segment dach-smb moved up to position 2", for the audit line and the "saved" message.</summary>
    public static string Moved(IStringLocalizer<FormText> text, SegmentId id, int delta, int position) =>
        delta < 0 ? text["segment {0} moved up to position {1}", id.Value, position] : text["segment {0} moved down to position {1}", id.Value, position];

    public static string Deleted(IStringLocalizer<FormText> text, SegmentId id) => text["segment {0} deleted", id.Value];

    /// <summary>The configuration without the segment, or the reason it must stay.</summary>
    public static ItemDeletion Delete(RoutingConfiguration config, SegmentId id, IStringLocalizer<FormText> text)
    {
        var segment = config.Organisation.Segments.FirstOrDefault(s => s.Id == id);
        if (segment is null)
        {
            return new ItemDeletion(null, text["That segment no longer exists."]);
        }

        if (segment.IsCatchAll && config.Organisation.Segments.Count(s => s.IsCatchAll) == 1)
        {
            return new ItemDeletion(null, text["'{0}' is the last catch-all: without it some leads would have no team. Add another catch-all first.", segment.Name]);
        }

        return new ItemDeletion(WithOrder(config, Ordered(config).Where(s => s.Id != id)), null);
    }
}
