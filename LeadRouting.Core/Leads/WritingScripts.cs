using System.Text;

namespace LeadRouting.Core.Leads;

/// <summary>
/// The writing system of a letter, coarse enough to tell look-alikes apart: Latin "a" (U+0061), Cyrillic "а" (U+0430)
/// and Greek "α" look the same or nearly, so a word mixing those scripts is how an address is spoofed (UTS 39,
/// "mixed-script confusables"). .NET exposes no Unicode Script property, so the scripts that matter here are known by
/// their blocks; any other letter counts as its own 128-code-point block.
/// </summary>
public static class WritingScripts
{
    public const string Latin = "Latin";
    public const string Greek = "Greek";
    public const string Cyrillic = "Cyrillic";

    /// <summary>Han, Hiragana, Katakana, Bopomofo and Hangul: UTS 39 "highly restrictive" lets them stand beside Latin.</summary>
    public const string EastAsian = "Han/Kana/Hangul";

    private static readonly (int First, int Last, string Script)[] Ranges =
    [
        (0x0041, 0x005A, Latin), (0x0061, 0x007A, Latin), (0x00AA, 0x00AA, Latin), (0x00BA, 0x00BA, Latin),
        (0x00C0, 0x024F, Latin), (0x0250, 0x02AF, Latin), (0x1D00, 0x1D7F, Latin), (0x1E00, 0x1EFF, Latin),
        (0x2C60, 0x2C7F, Latin), (0xA720, 0xA7FF, Latin), (0xAB30, 0xAB6F, Latin), (0xFB00, 0xFB06, Latin),
        (0xFF21, 0xFF3A, Latin), (0xFF41, 0xFF5A, Latin),
        (0x0370, 0x03FF, Greek), (0x1F00, 0x1FFF, Greek),
        (0x0400, 0x052F, Cyrillic), (0x1C80, 0x1C8F, Cyrillic), (0x2DE0, 0x2DFF, Cyrillic), (0xA640, 0xA69F, Cyrillic),
        (0x0530, 0x058F, "Armenian"), (0xFB13, 0xFB17, "Armenian"),
        (0x0590, 0x05FF, "Hebrew"), (0xFB1D, 0xFB4F, "Hebrew"),
        (0x0600, 0x06FF, "Arabic"), (0x0750, 0x077F, "Arabic"), (0x08A0, 0x08FF, "Arabic"), (0xFB50, 0xFDFF, "Arabic"), (0xFE70, 0xFEFF, "Arabic"),
        (0x13A0, 0x13FF, "Cherokee"), (0xAB70, 0xABBF, "Cherokee"),
        (0x1100, 0x11FF, EastAsian), (0x2E80, 0x2FDF, EastAsian), (0x3005, 0x3007, EastAsian), (0x3021, 0x3029, EastAsian),
        (0x3038, 0x303B, EastAsian), (0x3040, 0x30FF, EastAsian), (0x3100, 0x312F, EastAsian), (0x3130, 0x318F, EastAsian),
        (0x31A0, 0x31FF, EastAsian), (0x3400, 0x4DBF, EastAsian), (0x4E00, 0x9FFF, EastAsian), (0xAC00, 0xD7AF, EastAsian),
        (0xF900, 0xFAFF, EastAsian), (0xFF66, 0xFF9F, EastAsian), (0xFFA0, 0xFFDC, EastAsian), (0x20000, 0x3134F, EastAsian),
    ];

    /// <summary>The script of <paramref name="rune"/>, or null for what belongs to every script (digits, punctuation, marks).</summary>
    public static string? Of(Rune rune)
    {
        if (!Rune.IsLetter(rune))
        {
            return null;
        }

        var value = rune.Value;
        foreach (var (first, last, script) in Ranges)
        {
            if (value >= first && value <= last)
            {
                return script;
            }
        }

        return $"U+{value & ~0x7F:X4} block";
    }

    /// <summary>
    /// The first letter of <paramref name="text"/> whose script cannot stand beside the scripts before it, with both
    /// scripts; null when the text is written in one script (Latin may stand beside Han, Kana and Hangul).
    /// </summary>
    public static (Rune Letter, string Script, string Other)? FirstMix(string text)
    {
        string? first = null;
        foreach (var rune in text.EnumerateRunes())
        {
            if (Of(rune) is not { } script || script == first)
            {
                continue;
            }

            if (first is null)
            {
                first = script;
            }
            else if (IsEastAsianWithLatin(first, script))
            {
                // Keep the non-Latin one: a later Cyrillic letter is then still caught against it.
                first = first == Latin ? script : first;
            }
            else
            {
                return (rune, script, first);
            }
        }

        return null;
    }

    private static bool IsEastAsianWithLatin(string a, string b) =>
        (a == Latin && b == EastAsian) || (a == EastAsian && b == Latin);
}
