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
        Compare("", null, Normalized(beforeJson), Normalized(afterJson), changes);
        return changes;
    }

    /// <summary>
    /// A version stored before a field existed reads with that field's default, so the diff compares documents as they
    /// read: each side is read and written out again by the current code, and the first draft after an upgrade lists what
    /// Ops changed, not the fields the new code writes out (the fallback chain, account matching, booking, and whatever
    /// comes next). A document the current code cannot read at all is compared as stored, with the fallback chain filled in.
    /// </summary>
    private static JsonNode? Normalized(string json)
    {
        try
        {
            return JsonNode.Parse(ConfigurationLoader.Serialize(ConfigurationLoader.Deserialize(json)));
        }
        catch (ConfigurationException)
        {
            return WithDefaults(JsonNode.Parse(json));
        }
    }

    private static JsonNode? WithDefaults(JsonNode? document)
    {
        if (document?["policy"] is JsonObject policy && !policy.ContainsKey("fallback"))
        {
            policy["fallback"] = JsonSerializer.SerializeToNode(FallbackChain.Default, ConfigurationJson.Options);
        }

        return document;
    }

    /// <summary>
    /// Adds to <paramref name="changes"/> what differs between <paramref name="before"/> and <paramref name="after"/>
    /// at <paramref name="path"/> (e.g. <c>organisation.reps[dach-mid-1].capacity</c>); <paramref name="subject"/> is
    /// the innermost list item the path is in, as people name it, and where its own path starts.
    /// </summary>
    private static void Compare(string path, Subject? subject, JsonNode? before, JsonNode? after, List<ConfigurationChange> changes)
    {
        switch (before, after)
        {
            case (JsonObject b, JsonObject a):
                foreach (var name in b.Select(p => p.Key).Union(a.Select(p => p.Key), StringComparer.Ordinal))
                {
                    Compare(Join(path, name), subject, b[name], a[name], changes);
                }

                break;
            case (JsonArray b, JsonArray a) when IsKeyed(b) && IsKeyed(a):
                CompareKeyed(path, b, a, changes);
                break;
            case (JsonArray b, JsonArray a) when OrderedLists.Contains(path) && IsScalars(b) && IsScalars(a):
                if (!JsonNode.DeepEquals(b, a))
                {
                    changes.Add(Change(ChangeKind.Changed, path, subject, ShowList(b), ShowList(a)));
                }

                break;
            case (JsonArray b, JsonArray a) when IsScalars(b) && IsScalars(a):
                CompareScalars(path, subject, b, a, changes);
                break;
            default:
                if (!JsonNode.DeepEquals(before, after))
                {
                    changes.Add(Change(
                        before is null ? ChangeKind.Added : after is null ? ChangeKind.Removed : ChangeKind.Changed,
                        path,
                        subject,
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
            changes.Add(new ConfigurationChange(ChangeKind.Removed, $"{path}[{key}]", Summary(item), null) { Subject = ItemName(path, key, item) });
        }

        foreach (var (key, item) in current)
        {
            var itemPath = $"{path}[{key}]";
            if (old.TryGetValue(key, out var previous))
            {
                // Named by what it is called now; a renamed item's name change is one of its own lines.
                Compare(itemPath, new Subject(ItemName(path, key, item), itemPath), previous, item, changes);
            }
            else
            {
                changes.Add(new ConfigurationChange(ChangeKind.Added, itemPath, null, Summary(item)) { Subject = ItemName(path, key, item) });
            }
        }
    }

    private static void CompareScalars(string path, Subject? subject, JsonArray before, JsonArray after, List<ConfigurationChange> changes)
    {
        var old = before.Select(Show).ToList();
        var current = after.Select(Show).ToList();
        var removed = old.Except(current, StringComparer.Ordinal).ToList();
        var added = current.Except(old, StringComparer.Ordinal).ToList();
        if (removed.Count > 0 || added.Count > 0)
        {
            changes.Add(Change(ChangeKind.Changed, path, subject,
                removed.Count > 0 ? "− " + string.Join(", ", removed) : null,
                added.Count > 0 ? "+ " + string.Join(", ", added) : null));
        }
        else if (!old.SequenceEqual(current, StringComparer.Ordinal))
        {
            changes.Add(Change(ChangeKind.Changed, path, subject, string.Join(", ", old), string.Join(", ", current)));
        }
    }

    /// <summary>A list item as people name it, and the path where its own fields start.</summary>
    private sealed record Subject(string Name, string Path);

    private static ConfigurationChange Change(ChangeKind kind, string path, Subject? subject, string? before, string? after) =>
        new(kind, path, before, after)
        {
            Subject = subject?.Name,
            Field = subject is null ? null : Words(path[(subject.Path.Length + 1)..]),
        };

    /// <summary>What people call a list's items, by the list's name; other lists name theirs by the list's own name.</summary>
    private static readonly Dictionary<string, string> ItemKinds = new(StringComparer.Ordinal)
    {
        ["reps"] = "rep", ["teams"] = "team", ["segments"] = "segment", ["calendars"] = "calendar", ["regions"] = "region",
        ["slaPolicies"] = "SLA policy", ["tiers"] = "tier", ["matrix"] = "matrix", ["intent"] = "intent rule",
        ["holidays"] = "holiday", ["accounts"] = "account",
    };

    /// <summary>"Clara Fischer" for an item with a name; else its kind and key: "matrix High × Weak".</summary>
    private static string ItemName(string listPath, string key, JsonObject item)
    {
        if (item["name"] is JsonValue name && name.GetValueKind() == JsonValueKind.String && !string.IsNullOrWhiteSpace(name.GetValue<string>()))
        {
            return name.GetValue<string>();
        }

        var list = listPath[(listPath.LastIndexOf('.') + 1)..];
        return $"{ItemKind(list)} {key}";
    }

    /// <summary>What one item of the list named <paramref name="list"/> is called: <c>reps</c> → "rep".</summary>
    internal static string ItemKind(string list) => ItemKinds.GetValueOrDefault(list, Words(list));

    /// <summary>A path inside an item as words: <c>minEmployees</c> → "min employees", <c>window.hours</c> → "window hours".</summary>
    private static string Words(string path)
    {
        var words = new System.Text.StringBuilder(path.Length + 8);
        foreach (var c in path)
        {
            if (c == '.')
            {
                words.Append(' ');
            }
            else if (char.IsUpper(c) && words.Length > 0 && words[^1] != ' ')
            {
                words.Append(' ').Append(char.ToLowerInvariant(c));
            }
            else
            {
                words.Append(c);
            }
        }

        return words.ToString();
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

/// <summary>
/// One difference: where (a path like <c>organisation.reps[dach-mid-1].capacity</c>) and the values before and after.
/// <see cref="Text"/> says it in the words of the screens: a change inside a list item names the item the way people
/// know it ("Clara Fischer: capacity 20 → 25", "Added rep Neue Kollegin"); the path stays for tools and tooltips.
/// </summary>
public sealed record ConfigurationChange(ChangeKind Kind, string Path, string? Before, string? After)
{
    /// <summary>The list item the change is in or is: "Clara Fischer", "matrix High × Weak"; null outside any list.</summary>
    public string? Subject { get; init; }

    /// <summary>Within <see cref="Subject"/>, the field that changed in words ("capacity", "min employees"); null for a whole item.</summary>
    public string? Field { get; init; }

    public string Text => Kind switch
    {
        ChangeKind.Added when Subject is not null => Subject == After ? $"Added {KindOf(Path)} {After}" : $"Added {Subject}: {After}",
        ChangeKind.Removed when Subject is not null => Subject == Before ? $"Removed {KindOf(Path)} {Before}" : $"Removed {Subject}: {Before}",
        ChangeKind.Added => $"Added {Where}: {After}",
        ChangeKind.Removed => $"Removed {Where}: {Before}",
        _ when Before is not null && After is not null && (Before.StartsWith("− ", StringComparison.Ordinal) || After.StartsWith("+ ", StringComparison.Ordinal)) =>
            $"{Where}{Gap}{Before} {After}",
        _ when Before is null || After is null => $"{Where}{Gap}{Before ?? After}",
        _ => $"{Where}{Gap}{Before} → {After}",
    };

    private string Where => Subject is null ? Path : $"{Subject}: {Field}";

    /// <summary>"path: value" for a path; "Subject: field value" once the field is a word.</summary>
    private string Gap => Subject is null ? ": " : " ";

    /// <summary>The kind of item an added or removed list entry is, from the list it sits in: "rep", "segment".</summary>
    private static string KindOf(string itemPath)
    {
        var list = itemPath[..itemPath.LastIndexOf('[')];
        return ConfigurationDiff.ItemKind(list[(list.LastIndexOf('.') + 1)..]);
    }
}
