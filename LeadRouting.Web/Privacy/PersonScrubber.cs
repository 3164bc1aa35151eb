using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LeadRouting.Web.Privacy;

/// <summary>
/// Takes one person's identifying words — email, first and last name, full name, company, CRM id — out of the text
/// the system wrote about them (trace JSON, audit details, outbox payloads, task titles), replacing each whole-word
/// occurrence by <see cref="Erased"/>. JSON is parsed and only its string values are rewritten, so a short name never
/// breaks a property name and escaped characters (System.Text.Json writes "ü" as <c>\u00FC</c>, "+" as
/// <c>\u002B</c>) are matched as the characters they stand for.
/// </summary>
public sealed class PersonScrubber
{
    /// <summary>What stands where the person's words were.</summary>
    public const string Erased = "[erased]";

    private readonly Regex? _pattern;

    public PersonScrubber(IEnumerable<string?> words)
    {
        // Longest first, so "Jane Doe" goes as one before "Jane" alone; one-letter words would erase too much.
        var needles = words
            .Select(w => w?.Trim())
            .Where(w => w is { Length: > 1 })
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .OrderByDescending(w => w!.Length)
            .Select(w => Regex.Escape(w!))
            .ToList();
        Words = needles.Count;
        _pattern = needles.Count == 0
            ? null
            : new Regex($@"(?<![\p{{L}}\p{{N}}])(?:{string.Join('|', needles)})(?![\p{{L}}\p{{N}}])",
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(5));
    }

    /// <summary>How many distinct words it looks for.</summary>
    public int Words { get; }

    /// <summary>The forms a word takes in stored text: as written, and as System.Text.Json escapes it inside JSON.</summary>
    public static IEnumerable<string> StoredForms(string word)
    {
        yield return word;
        var escaped = JsonEncodedText.Encode(word, JavaScriptEncoder.Default).ToString();
        if (escaped != word)
        {
            yield return escaped;
        }
    }

    /// <summary>Plain text without the person's words (null stays null).</summary>
    public string? Text(string? text) => text is null || _pattern is null ? text : _pattern.Replace(text, Erased);

    /// <summary>
    /// JSON (an object or array) with the person's words taken out of every string value; text that is not JSON is
    /// scrubbed as plain text. Unchanged input comes back as the same string.
    /// </summary>
    public string Json(string json)
    {
        if (_pattern is null)
        {
            return json;
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return Text(json)!;
        }

        // Property names are the program's (a person called "Team" must not rename "team"), so only values change.
        return root is not null && Scrub(root) ? root.ToJsonString() : json;
    }

    private bool Scrub(JsonNode node)
    {
        var changed = false;
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj.ToList())
                {
                    if (child is JsonValue value && value.TryGetValue<string>(out var text))
                    {
                        var scrubbed = Text(text)!;
                        if (scrubbed != text)
                        {
                            obj[name] = scrubbed;
                            changed = true;
                        }
                    }
                    else if (child is not null)
                    {
                        changed |= Scrub(child);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue value && value.TryGetValue<string>(out var text))
                    {
                        var scrubbed = Text(text)!;
                        if (scrubbed != text)
                        {
                            array[i] = scrubbed;
                            changed = true;
                        }
                    }
                    else if (array[i] is { } child)
                    {
                        changed |= Scrub(child);
                    }
                }

                break;
        }

        return changed;
    }
}
