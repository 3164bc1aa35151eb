using System.Collections.Frozen;
using System.Text;

namespace LeadRouting.Core.Import;

/// <summary>
/// The key two spellings of one wording share, so a table of headers, country names, statuses or sources matches what
/// people and CRMs actually write: case, spaces and punctuation (<c>_ - . / ( ) &amp;</c> …) do not count, and neither
/// do diacritics. German umlauts and ß may be written out or not: "Größe", "Groesse" and "Grosse" all find an entry
/// written "Größe". So each wording has two keys — umlauts spelled out (ä → ae, ß → ss) and diacritics dropped
/// (ä → a) — and a table registers both of every entry (see <see cref="Of"/>).
/// </summary>
public static class WordingKey
{
    /// <summary>The key with umlauts spelled out: "E-Mail-Adresse" → "emailadresse", "Größe" → "groesse".</summary>
    public static string SpelledOut(string text) => Fold(text, spellOutUmlauts: true);

    /// <summary>The key with every diacritic dropped: "Größe" → "grosse", "Côte d’Ivoire" → "cotedivoire".</summary>
    public static string Stripped(string text) => Fold(text, spellOutUmlauts: false);

    /// <summary>Both keys of <paramref name="text"/>, the spelled-out one first (the same string twice when there is nothing to spell out).</summary>
    public static (string SpelledOut, string Stripped) Of(string text) => (SpelledOut(text), Stripped(text));

    /// <summary>
    /// Looks <paramref name="text"/> up in a table whose entries were registered under both keys of their wording:
    /// the spelled-out key first, so "Groesse" finds "Größe", then the stripped key, so "Grosse" does too.
    /// </summary>
    public static bool TryFind<TValue>(IReadOnlyDictionary<string, TValue> table, string text, out TValue value)
    {
        if (table.TryGetValue(SpelledOut(text), out value!))
        {
            return true;
        }

        return table.TryGetValue(Stripped(text), out value!);
    }

    /// <summary>A table under both keys of every wording; two wordings of different meaning under one key is a bug in the table.</summary>
    internal static FrozenDictionary<string, T> Table<T>(IEnumerable<(string Wording, T Value)> entries)
        where T : notnull
    {
        var table = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var (wording, value) in entries)
        {
            var (spelledOut, stripped) = WordingKey.Of(wording);
            foreach (var key in new[] { spelledOut, stripped })
            {
                if (table.TryGetValue(key, out var existing) && !EqualityComparer<T>.Default.Equals(existing, value))
                {
                    throw new InvalidOperationException($"'{wording}' has the key '{key}' of another wording with another meaning.");
                }

                table[key] = value;
            }
        }

        return table.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string Fold(string text, bool spellOutUmlauts)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormC))
        {
            var lower = char.ToLowerInvariant(c);
            if (spellOutUmlauts)
            {
                var spelled = lower switch
                {
                    'ä' => "ae",
                    'ö' => "oe",
                    'ü' => "ue",
                    _ => null,
                };
                if (spelled is not null)
                {
                    builder.Append(spelled);
                    continue;
                }
            }

            if (lower == 'ß')
            {
                builder.Append("ss");
                continue;
            }

            // Decomposed, "é" is "e" plus a combining accent, which is not a letter and so is dropped like punctuation.
            foreach (var part in lower.ToString().Normalize(NormalizationForm.FormD))
            {
                if (char.IsLetterOrDigit(part))
                {
                    builder.Append(part);
                }
            }
        }

        return builder.ToString();
    }
}
