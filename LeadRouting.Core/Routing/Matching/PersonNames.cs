using System.Globalization;
using System.Text;

namespace LeadRouting.Core.Routing.Matching;

/// <summary>
/// The key by which two leads name the same person (issue 19, "the same person under another address"): first and last
/// name, both required, compared after case, spacing, diacritics and the German transliteration are folded away
/// (ä = ae, ö = oe, ü = ue, ß = ss, so "Jörg Müller" and "joerg mueller" meet; "é" = "e").
/// </summary>
/// <remarks>
/// Deliberately not fuzzy, and stricter than <see cref="CompanyNames"/>: a match reassigns a lead to another lead's owner,
/// so a false positive costs a rep a lead, while a miss only costs what the product did before. "Muller" (the umlaut
/// dropped, not transliterated) is not "Müller", "Schmid" is not "Schmidt", a nickname ("Hans" for "Johannes") or a
/// first initial ("A. Schmidt") is not the full name, and titles ("Dr.") are part of the name as given. Hyphens and
/// other punctuation separate words ("Hans-Peter" = "Hans Peter"); apostrophes join them ("O'Brien" = "OBrien").
/// </remarks>
public static class PersonNames
{
    /// <summary>"first|last" folded, or null when either name is missing or folds to nothing.</summary>
    public static string? Key(string? firstName, string? lastName)
    {
        var first = Fold(firstName);
        if (first.Length == 0)
        {
            return null;
        }

        var last = Fold(lastName);
        return last.Length == 0 ? null : first + "|" + last;
    }

    /// <summary>Lower case letters and digits, words separated by one space; German umlauts written out before other diacritics go.</summary>
    internal static string Fold(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "";
        }

        // Composed first, so "u" + combining diaeresis is "ü" and transliterates like it.
        var composed = name.Normalize(NormalizationForm.FormC);
        var transliterated = new StringBuilder(composed.Length + 4);
        foreach (var c in composed)
        {
            transliterated.Append(c switch
            {
                'ä' or 'Ä' => "ae",
                'ö' or 'Ö' => "oe",
                'ü' or 'Ü' => "ue",
                'ß' or 'ẞ' => "ss",
                'æ' or 'Æ' => "ae",
                'œ' or 'Œ' => "oe",
                'ø' or 'Ø' => "oe",
                'ł' or 'Ł' => "l",
                'đ' or 'Đ' => "d",
                _ => c.ToString(),
            });
        }

        var decomposed = transliterated.ToString().Normalize(NormalizationForm.FormKD);
        var folded = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
                || c is '\'' or '’' or 'ʼ')
            {
                continue;
            }

            if (char.IsLetterOrDigit(c))
            {
                if (pendingSpace && folded.Length > 0)
                {
                    folded.Append(' ');
                }

                pendingSpace = false;
                folded.Append(char.ToLowerInvariant(c));
            }
            else
            {
                pendingSpace = true;
            }
        }

        return folded.ToString();
    }
}
