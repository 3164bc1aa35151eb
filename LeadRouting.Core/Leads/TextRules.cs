using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace LeadRouting.Core.Leads;

/// <summary>
/// What a single-line text field of a lead or an account may hold (names, company, title, industry, ids, cells of a
/// CSV file). Refused, with the character and its position named: control characters (NUL, BEL, ESC, tab, CR, LF, DEL
/// and the C1 range), line and paragraph separators, bidirectional overrides, embeddings and isolates (they reorder
/// what a reader sees: "Trojan Source"), invisible zero-width spaces, unpaired surrogates, non-characters, and U+FFFD —
/// the mark a decoder leaves where it could not read a byte, so text that arrives with it was garbled on the way.
/// Joiners (ZWJ, ZWNJ) and the directional marks LRM/RLM stay allowed: some scripts need them in names.
/// </summary>
public static class TextRules
{
    /// <summary>Format characters with a name people recognise; the rest are named by code point only.</summary>
    private static readonly FrozenDictionary<int, string> Names = new Dictionary<int, string>
    {
        [0x0000] = "NUL",
        [0x0007] = "BEL",
        [0x0008] = "backspace",
        [0x0009] = "tab",
        [0x000A] = "line feed",
        [0x000D] = "carriage return",
        [0x001B] = "ESC",
        [0x007F] = "DEL",
        [0x00A0] = "no-break space",
        [0x00AD] = "soft hyphen",
        [0x061C] = "Arabic letter mark",
        [0x180E] = "Mongolian vowel separator",
        [0x200B] = "zero-width space",
        [0x200C] = "zero-width non-joiner",
        [0x200D] = "zero-width joiner",
        [0x200E] = "left-to-right mark",
        [0x200F] = "right-to-left mark",
        [0x2028] = "line separator",
        [0x2029] = "paragraph separator",
        [0x202A] = "left-to-right embedding",
        [0x202B] = "right-to-left embedding",
        [0x202C] = "pop directional formatting",
        [0x202D] = "left-to-right override",
        [0x202E] = "right-to-left override",
        [0x2060] = "word joiner",
        [0x2066] = "left-to-right isolate",
        [0x2067] = "right-to-left isolate",
        [0x2068] = "first strong isolate",
        [0x2069] = "pop directional isolate",
        [0xFEFF] = "zero-width no-break space (byte order mark)",
        [0xFFFD] = "replacement character",
    }.ToFrozenDictionary();

    /// <summary>
    /// Why <paramref name="value"/> cannot be stored as single-line text, naming the first bad character and its
    /// position (1-based, in characters); null when it can.
    /// </summary>
    public static string? SingleLineProblem(string value) => FirstProblem(value, static (rune, position) =>
        rune.Value == 0xFFFD
            ? $"Contains U+FFFD (the replacement character) at position {position}, the mark of text garbled by a wrong " +
              "character set on the way here; send the original text."
            : IsRefusedInText(rune)
                ? $"Contains {Describe(rune)} at position {position}; only printable single-line text is accepted."
                : null);

    /// <summary>
    /// Characters that no address needs and that make two addresses look alike or one look like another: every
    /// control and format character (zero-width, joiners, directional marks and overrides, soft hyphen), any space,
    /// and what <see cref="SingleLineProblem"/> refuses. Null when there is none.
    /// </summary>
    public static string? InvisibleInAddressProblem(string value) => FirstProblem(value, static (rune, position) =>
        IsRefusedInText(rune) || rune.Value == 0xFFFD || Rune.IsWhiteSpace(rune)
            || Rune.GetUnicodeCategory(rune) is UnicodeCategory.Format or UnicodeCategory.Control or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned
            ? $"Contains {Describe(rune)} at position {position}; an address may not hold invisible, control or space characters."
            : null);

    /// <summary>
    /// Walks <paramref name="value"/> character by character (a surrogate pair is one character, positions are 1-based)
    /// and answers the first problem <paramref name="check"/> finds; an unpaired surrogate is always one.
    /// </summary>
    private static string? FirstProblem(string value, Func<Rune, int, string?> check)
    {
        var position = 0;
        for (var i = 0; i < value.Length; i++)
        {
            position++;
            if (!Rune.TryGetRuneAt(value, i, out var rune))
            {
                return $"Contains an unpaired surrogate (U+{(int)value[i]:X4}) at position {position}: the text is not valid Unicode.";
            }

            if (!rune.IsBmp)
            {
                i++;
            }

            if (check(rune, position) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    /// <summary>
    /// The text in Unicode normalisation form C: "u" + combining diaeresis becomes "ü". Both spellings look the same and
    /// mean the same, so storing one of them is safe and lets equal names and addresses compare equal.
    /// </summary>
    public static string Nfc(string value) => value.IsNormalized(NormalizationForm.FormC) ? value : value.Normalize(NormalizationForm.FormC);

    /// <summary>
    /// At most <paramref name="max"/> characters of <paramref name="value"/> for an error message, never cutting a
    /// surrogate pair in half (a lone half cannot be written as JSON, and the message would fail instead of the input).
    /// </summary>
    public static string Shorten(string value, int max = 40)
    {
        if (value.Length <= max)
        {
            return value;
        }

        var cut = char.IsHighSurrogate(value[max - 1]) ? max - 1 : max;
        return string.Concat(value.AsSpan(0, cut), "…");
    }

    /// <summary>"U+200B (zero-width space)", or "'x' (U+0078)" for a visible character.</summary>
    public static string Describe(Rune rune)
    {
        var code = string.Create(CultureInfo.InvariantCulture, $"U+{rune.Value:X4}");
        if (Names.TryGetValue(rune.Value, out var name))
        {
            return $"{code} ({name})";
        }

        var category = Rune.GetUnicodeCategory(rune);
        return category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.OtherNotAssigned
            or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            ? $"{code} ({Describe(category)})"
            : $"'{rune}' ({code})";
    }

    private static bool IsRefusedInText(Rune rune)
    {
        var value = rune.Value;
        return Rune.IsControl(rune)
            || value is 0x2028 or 0x2029 // line and paragraph separators
            || value is >= 0x202A and <= 0x202E // embeddings and overrides
            || value is >= 0x2066 and <= 0x2069 // isolates
            || value is 0x200B or 0x2060 or 0xFEFF or 0x180E // invisible spaces
            || value is >= 0xFDD0 and <= 0xFDEF || (value & 0xFFFE) == 0xFFFE; // non-characters
    }

    private static string Describe(UnicodeCategory category) => category switch
    {
        UnicodeCategory.Control => "a control character",
        UnicodeCategory.Format => "an invisible formatting character",
        UnicodeCategory.SpaceSeparator => "a space",
        UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => "a line break",
        _ => "an unassigned code point",
    };
}
