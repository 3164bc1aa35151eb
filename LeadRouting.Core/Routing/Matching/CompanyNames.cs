using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace LeadRouting.Core.Routing.Matching;

/// <summary>A company name brought to the tokens that identify the company: what <see cref="CompanyNames.Normalize"/> returns.</summary>
/// <param name="Tokens">The distinguishing words, in order ("siemens", "energy").</param>
/// <param name="Key">The tokens joined by one space: equal keys are the same name.</param>
/// <param name="Compact">The tokens joined without space, so "Thyssen Krupp" and "ThyssenKrupp" meet.</param>
/// <param name="Initials">The first letters of the tokens when there are two or more ("bmw" for Bayerische Motoren Werke).</param>
public sealed record NormalizedName(IReadOnlyList<string> Tokens, string Key, string Compact, string? Initials)
{
    public static NormalizedName Empty { get; } = new([], "", "", null);

    public bool IsEmpty => Tokens.Count == 0;
}

/// <summary>
/// Normalises company names so that spellings of one company meet: case, diacritics (ü → u, and the German
/// transcription ue → u, so "Müller", "Mueller" and "Muller" are one name), ß → ss, punctuation, the connectors
/// <c>&amp;</c>/<c>und</c>/<c>and</c>/<c>et</c>, legal forms (GmbH, AG, SE, KG, KGaA, GmbH &amp; Co. KG, Inc, Ltd, LLC,
/// plc, S.A., SAS, B.V., N.V., …) and words that qualify a company without naming another one ("Gruppe", "Holding",
/// "Deutschland"). The result keeps the words that tell companies apart: "Siemens Energy" keeps "energy", so it does not
/// become "Siemens".
/// </summary>
public static class CompanyNames
{
    /// <summary>Legal forms and their parts as they read after punctuation is gone ("S.A." → "sa", "GmbH &amp; Co. KG" → "gmbh", "co", "kg").</summary>
    private static readonly FrozenSet<string> LegalForms = new[]
    {
        // German-speaking countries
        "gmbh", "mbh", "ggmbh", "ag", "se", "kg", "kgaa", "ohg", "gbr", "ug", "haftungsbeschrankt", "ev", "eg", "ek", "co", "cokg",
        "gesmbh", "kommanditgesellschaft", "aktiengesellschaft", "gesellschaft", "beschrankter", "haftung", "mit",
        // English-speaking countries
        "inc", "incorporated", "corp", "corporation", "ltd", "limited", "llc", "llp", "lp", "plc", "pty", "pte", "company", "cie", "compagnie", "compania", "compagnia",
        // Romance languages
        "sa", "sas", "sasu", "sarl", "sca", "scs", "snc", "sl", "slu", "spa", "srl", "sapa", "lda", "ltda", "sociedad", "anonima",
        // Benelux, Nordics, Central and Eastern Europe
        "bv", "nv", "vof", "cv", "bvba", "sprl", "ab", "as", "asa", "aps", "oy", "oyj", "hf", "ehf",
        "sp", "z", "oo", "zoo", "rl", "sro", "spol", "kft", "zrt", "nyrt", "doo", "dd", "ad", "ood", "eood", "ou", "uab", "sia", "akciju", "sabiedriba",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Words that qualify a company (its group, a country organisation) without naming a different one.</summary>
    private static readonly FrozenSet<string> Qualifiers = new[]
    {
        "group", "gruppe", "groupe", "grupo", "gruppo", "grupa", "holding", "holdings", "the", "der", "die", "das", "le", "la", "de",
        "deutschland", "germany", "osterreich", "austria", "schweiz", "suisse", "switzerland", "international", "intl",
        "europe", "european", "emea", "worldwide", "global", "koninklijke",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Connectors: "Müller &amp; Söhne", "Müller und Söhne", "Müller and Söhne" are one name.</summary>
    private static readonly FrozenSet<string> Connectors = new[] { "and", "und", "et", "y", "e", "en", "og", "och", "of", "fur", "for", "von", "van" }
        .ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Abbreviations written out, so "Dt. Telekom" meets "Deutsche Telekom".</summary>
    private static readonly FrozenDictionary<string, string> Abbreviations = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["dt"] = "deutsche",
        ["dtsch"] = "deutsche",
        ["ver"] = "vereinigte",
        ["ges"] = "gesellschaft",
        ["techn"] = "technik",
        ["bros"] = "brothers",
        ["mfg"] = "manufacturing",
        ["svcs"] = "services",
        ["st"] = "sankt",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The normalised form of <paramref name="name"/>; <see cref="NormalizedName.Empty"/> for a blank one.</summary>
    public static NormalizedName Normalize(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return NormalizedName.Empty;
        }

        var words = Words(Fold(name));
        var tokens = new List<string>(words.Count);
        foreach (var word in words)
        {
            if (Connectors.Contains(word))
            {
                continue;
            }

            tokens.Add(Abbreviations.GetValueOrDefault(word, word));
        }

        // Legal forms go wherever they stand ("GmbH & Co. KG" ends a name, "SA" may begin one), unless nothing else is left.
        var core = tokens.Where(t => !LegalForms.Contains(t)).ToList();
        if (core.Count == 0)
        {
            core = tokens;
        }

        var distinguishing = core.Where(t => !Qualifiers.Contains(t)).ToList();
        if (distinguishing.Count > 0)
        {
            core = distinguishing;
        }

        if (core.Count == 0)
        {
            return NormalizedName.Empty;
        }

        var initials = core.Count >= 2 ? string.Concat(core.Select(t => t[0])) : null;
        return new NormalizedName(core, string.Join(' ', core), string.Concat(core), initials);
    }

    /// <summary>
    /// Lower case ASCII letters and digits, everything else a separator; dots and slashes inside abbreviations
    /// ("S.A.", "B.V.", "A/S") are dropped so the abbreviation stays one word, between longer words they separate.
    /// </summary>
    private static string Fold(string name)
    {
        var decomposed = name.Normalize(NormalizationForm.FormKD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            switch (c)
            {
                case 'ß':
                    builder.Append("ss");
                    continue;
                case 'æ' or 'Æ':
                    builder.Append("ae");
                    continue;
                case 'ø' or 'Ø':
                    builder.Append('o');
                    continue;
                case 'œ' or 'Œ':
                    builder.Append("oe");
                    continue;
                case 'ł' or 'Ł':
                    builder.Append('l');
                    continue;
                case 'đ' or 'Đ':
                    builder.Append('d');
                    continue;
                case '&' or '+':
                    builder.Append(" and ");
                    continue;
            }

            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
            {
                continue;
            }

            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (c is '.' or '/' or '\'' or '’')
            {
                builder.Append(c is '.' or '/' ? '.' : '\'');
            }
            else if (char.IsLetterOrDigit(c))
            {
                // A letter outside Latin (Cyrillic, Greek, CJK) is kept as it is: still a word, just not folded.
                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(' ');
            }
        }

        return GermanTranscription(builder.ToString());
    }

    /// <summary>
    /// "ae", "oe", "ue" → "a", "o", "u": the German transcription of umlauts, so "Mueller" and "Müller" (already "muller")
    /// meet. Applied to every name alike, so a word that merely contains the pair ("Samuel") still meets itself.
    /// </summary>
    private static string GermanTranscription(string text) =>
        text.Replace("ae", "a", StringComparison.Ordinal).Replace("oe", "o", StringComparison.Ordinal).Replace("ue", "u", StringComparison.Ordinal);

    private static List<string> Words(string folded)
    {
        var words = new List<string>();
        foreach (var raw in folded.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var word = raw.Replace("'", "", StringComparison.Ordinal);
            if (!word.Contains('.'))
            {
                if (word.Length > 0)
                {
                    words.Add(word);
                }

                continue;
            }

            var parts = word.Split('.', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0)
            {
                continue;
            }

            // "s.a", "b.v", "e.v", "co.kg", "a/s": short parts are one abbreviation; "amazon.com", "dt.telekom" are separate words.
            if (parts.Length > 1 && parts.All(p => p.Length <= 2))
            {
                words.Add(string.Concat(parts));
            }
            else
            {
                words.AddRange(parts);
            }
        }

        return words;
    }
}
