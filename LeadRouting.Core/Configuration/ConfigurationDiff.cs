using System.Text.Json;
using System.Text.Json.Nodes;

namespace LeadRouting.Core.Configuration;

/// <summary>
/// What changed between two configuration documents, as lines people read ("reps[dach-mid-1].capacity: 20 → 33"):
/// shown before a publish and kept with every version. Lists of items are matched by their key (id, code, name,
/// tier, intent × fit …), not by position, so moving or inserting one item does not report every later item as
/// changed; lists of plain values (countries, industries) report what was added and removed.
/// </summary>
public static class ConfigurationDiff
{
    private const int MaxValueLength = 80;

    /// <summary>Lists whose order is their meaning (the fallback chain): a change shows the whole list before and after.</summary>
    private static readonly HashSet<string> OrderedLists = new(StringComparer.Ordinal) { "policy.fallback" };

    public static IReadOnlyList<ConfigurationChange> Between(RoutingConfiguration before, RoutingConfiguration after) =>
        Between(ConfigurationLoader.Serialize(before), ConfigurationLoader.Serialize(after));

    public static IReadOnlyList<ConfigurationChange> Between(string beforeJson, string afterJson)
    {
        var changes = new List<ConfigurationChange>();
        Compare("", WithDefaults(JsonNode.Parse(beforeJson)), WithDefaults(JsonNode.Parse(afterJson)), changes);
        return changes;
    }

    /// <summary>
    /// A version stored before a field existed reads with that field's default, so the diff fills it in the same way:
    /// the first draft after an upgrade lists what Ops changed, not the fields the new code writes out.
    /// </summary>
    private static JsonNode? WithDefaults(JsonNode? document)
    {
        if (document?["policy"] is JsonObject policy && !policy.ContainsKey("fallback"))
        {
            policy["fallback"] = JsonSerializer.SerializeToNode(FallbackChain.Default, ConfigurationJson.Options);
        }

        return document;
    }

    private static void Compare(string path, JsonNode? before, JsonNode? after, List<ConfigurationChange> changes)
    {
        switch (before, after)
        {
            case (JsonObject b, JsonObject a):
                foreach (var name in b.Select(p => p.Key).Union(a.Select(p => p.Key), StringComparer.Ordinal))
                {
                    Compare(Join(path, name), b[name], a[name], changes);
                }

                break;
            case (JsonArray b, JsonArray a) when IsKeyed(b) && IsKeyed(a):
                CompareKeyed(path, b, a, changes);
                break;
            case (JsonArray b, JsonArray a) when OrderedLists.Contains(path) && IsScalars(b) && IsScalars(a):
                if (!JsonNode.DeepEquals(b, a))
                {
                    changes.Add(new ConfigurationChange(ChangeKind.Changed, path, ShowList(b), ShowList(a)));
                }

                break;
            case (JsonArray b, JsonArray a) when IsScalars(b) && IsScalars(a):
                CompareScalars(path, b, a, changes);
                break;
            default:
                if (!JsonNode.DeepEquals(before, after))
                {
                    changes.Add(new ConfigurationChange(
                        before is null ? ChangeKind.Added : after is null ? ChangeKind.Removed : ChangeKind.Changed,
                        path,
                        Show(before),
                        Show(after)));
                }

                break;
        }
    }

    private static void CompareKeyed(string path, JsonArray before, JsonArray after, List<ConfigurationChange> changes)
    {
        var old = before.OfType<JsonObject>().GroupBy(o => KeyOf(o)!).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var current = after.OfType<JsonObject>().GroupBy(o => KeyOf(o)!).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var (key, item) in old.Where(o => !current.ContainsKey(o.Key)))
        {
            changes.Add(new ConfigurationChange(ChangeKind.Removed, $"{path}[{key}]", Summary(item), null));
        }

        foreach (var (key, item) in current)
        {
            if (old.TryGetValue(key, out var previous))
            {
                Compare($"{path}[{key}]", previous, item, changes);
            }
            else
            {
                changes.Add(new ConfigurationChange(ChangeKind.Added, $"{path}[{key}]", null, Summary(item)));
            }
        }
    }

    private static void CompareScalars(string path, JsonArray before, JsonArray after, List<ConfigurationChange> changes)
    {
        var old = before.Select(Show).ToList();
        var current = after.Select(Show).ToList();
        var removed = old.Except(current, StringComparer.Ordinal).ToList();
        var added = current.Except(old, StringComparer.Ordinal).ToList();
        if (removed.Count > 0 || added.Count > 0)
        {
            changes.Add(new ConfigurationChange(ChangeKind.Changed, path,
                removed.Count > 0 ? "− " + string.Join(", ", removed) : null,
                added.Count > 0 ? "+ " + string.Join(", ", added) : null));
        }
        else if (!old.SequenceEqual(current, StringComparer.Ordinal))
        {
            changes.Add(new ConfigurationChange(ChangeKind.Changed, path, string.Join(", ", old), string.Join(", ", current)));
        }
    }

    /// <summary>Items are keyed by what identifies them in the document; a list where some item has no key is compared by position.</summary>
    private static bool IsKeyed(JsonArray array) =>
        array.Count > 0 && array.All(n => n is JsonObject o && KeyOf(o) is not null)
        && array.OfType<JsonObject>().Select(KeyOf).Distinct(StringComparer.Ordinal).Count() == array.Count;

    private static bool IsScalars(JsonArray array) => array.All(n => n is JsonValue);

    private static string? KeyOf(JsonObject item)
    {
        foreach (var name in (string[])["id", "code", "name", "tier"])
        {
            if (item[name] is JsonValue value)
            {
                return value.ToString();
            }
        }

        return (item["intent"], item["fit"], item["signal"], item["minEmployees"], item["days"]) switch
        {
            (JsonValue intent, JsonValue fit, _, _, _) => $"{intent} × {fit}",
            (JsonValue intent, _, JsonValue signal, _, _) => $"{intent} ← {signal}",
            (_, _, _, JsonValue min, _) => $"≥ {min}",
            (_, _, _, _, JsonArray days) => string.Join(" ", days.Select(d => d!.ToString()[..3])),
            _ => null,
        };
    }

    private static string Summary(JsonObject item) =>
        item["name"] is JsonValue name ? Show(name) : Show(item);

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static string ShowList(JsonArray list) => list.Count == 0 ? "(none)" : string.Join(", ", list.Select(Show));

    private static string Show(JsonNode? node)
    {
        var text = node switch
        {
            null => "none",
            JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
            _ => node.ToJsonString(),
        };
        return text.Length <= MaxValueLength ? text : text[..(MaxValueLength - 1)] + "…";
    }
}

public enum ChangeKind
{
    Added,
    Removed,
    Changed,
}

/// <summary>One difference: where (a path like <c>organisation.reps[dach-mid-1].capacity</c>) and the values before and after.</summary>
public sealed record ConfigurationChange(ChangeKind Kind, string Path, string? Before, string? After)
{
    public string Text => Kind switch
    {
        ChangeKind.Added => $"Added {Path}: {After}",
        ChangeKind.Removed => $"Removed {Path}: {Before}",
        _ when Before is not null && After is not null && (Before.StartsWith("− ", StringComparison.Ordinal) || After.StartsWith("+ ", StringComparison.Ordinal)) =>
            $"{Path}: {Before} {After}",
        _ when Before is null || After is null => $"{Path}: {Before ?? After}",
        _ => $"{Path}: {Before} → {After}",
    };
}
