using System.Collections.Frozen;
using LeadRouting.Core.Leads;

namespace LeadRouting.Core.Import;

/// <summary>
/// Reads a country as CRM exports write it into the ISO 3166-1 alpha-2 code the lead's <c>country</c> holds
/// (<see cref="CountryCodes"/>): the alpha-2 code (<c>DE</c>), the alpha-3 code (<c>DEU</c>, <c>USA</c>, <c>GBR</c>), the
/// English or German name of every country (<c>Germany</c>, <c>Deutschland</c>, <c>Vereinigte Staaten</c>,
/// <c>Österreich</c>, <c>Schweiz</c>), and the usual other spellings: <c>U.S.</c>, <c>United States of America</c>,
/// <c>UK</c>, <c>Great Britain</c>, <c>Großbritannien</c>, <c>England</c>, <c>Czech Republic</c>, <c>Türkiye</c>,
/// <c>Holland</c>, and the ISO list's own "Korea, Republic of" style. Case, punctuation and diacritics do not count,
/// umlauts may be spelled out (<see cref="WordingKey"/>): <c>OESTERREICH</c>, <c>cote d'ivoire</c>.
/// <para>
/// The names are a table checked in as <c>Import/Countries.tsv</c> (generated from ICU's CLDR data), not asked of the
/// platform at run time: .NET's <c>RegionInfo</c> gives English names and each country's own native name but not the
/// German name of every country, and ICU's names change between versions (Czech Republic → Czechia, Turkey → Türkiye),
/// so the same file would read differently on another machine. The other spellings are listed here in code.
/// </para>
/// <c>Korea</c> alone is South Korea (KR), as CRMs use it; <c>Congo</c> alone is refused (CD or CG).
/// </summary>
public static class CountryNames
{
    private static readonly (string Code, string[] Names)[] OtherNames =
    [
        ("US", ["U.S.", "U.S.A.", "United States of America", "Vereinigte Staaten von Amerika"]),
        ("GB", ["UK", "U.K.", "Great Britain", "Britain", "England", "Scotland", "Wales", "Northern Ireland", "Großbritannien", "Schottland",
            "Nordirland", "United Kingdom of Great Britain and Northern Ireland"]),
        ("CZ", ["Czech Republic", "Tschechische Republik"]),
        ("TR", ["Türkiye", "Turkey", "Republic of Türkiye"]),
        ("NL", ["Holland", "The Netherlands", "Netherlands, The", "Netherlands, Kingdom of the"]),
        ("KR", ["Korea", "Korea, Republic of", "Republic of Korea", "Korea (South)", "Republik Korea"]),
        ("KP", ["Korea, Democratic People's Republic of", "Democratic People's Republic of Korea", "Korea (North)"]),
        ("RU", ["Russian Federation", "Russische Föderation"]),
        ("IR", ["Iran, Islamic Republic of", "Islamic Republic of Iran"]),
        ("VN", ["Viet Nam"]),
        ("LA", ["Lao People's Democratic Republic"]),
        ("SY", ["Syrian Arab Republic"]),
        ("BO", ["Bolivia, Plurinational State of"]),
        ("VE", ["Venezuela, Bolivarian Republic of"]),
        ("TZ", ["Tanzania, United Republic of", "United Republic of Tanzania"]),
        ("MD", ["Moldova, Republic of", "Republic of Moldova"]),
        ("MK", ["Macedonia", "Macedonia, the former Yugoslav Republic of", "Republic of North Macedonia", "Mazedonien"]),
        ("TW", ["Taiwan, Province of China", "Republic of China"]),
        ("HK", ["Hong Kong", "Hongkong"]),
        ("MO", ["Macao", "Macau"]),
        ("CD", ["Congo, the Democratic Republic of the", "Congo, Democratic Republic of the", "Democratic Republic of the Congo", "DR Congo"]),
        ("CG", ["Republic of the Congo", "Congo, Republic of the"]),
        ("CI", ["Ivory Coast", "Elfenbeinküste"]),
        ("CV", ["Cape Verde", "Kap Verde"]),
        ("SZ", ["Swaziland", "Swasiland"]),
        ("MM", ["Burma", "Birma"]),
        ("TL", ["East Timor", "Osttimor"]),
        ("FM", ["Micronesia, Federated States of", "Federated States of Micronesia"]),
        ("PS", ["Palestine", "Palestine, State of", "State of Palestine", "Palästina"]),
        ("VA", ["Holy See", "Holy See (Vatican City State)", "Vatican", "Vatikan"]),
        ("BA", ["Bosnia", "Bosnia-Herzegovina", "Bosnien-Herzegowina"]),
        ("BY", ["Weißrussland"]),
        ("AE", ["UAE", "U.A.E.", "VAE", "Emirates"]),
        ("BN", ["Brunei Darussalam"]),
        ("FK", ["Falkland Islands (Malvinas)"]),
        ("SH", ["Saint Helena, Ascension and Tristan da Cunha"]),
        ("SX", ["Sint Maarten (Dutch part)"]),
        ("MF", ["Saint Martin (French part)"]),
        ("VG", ["Virgin Islands, British"]),
        ("VI", ["Virgin Islands, U.S."]),
        ("KN", ["Saint Kitts and Nevis", "St. Kitts and Nevis"]),
        ("LC", ["Saint Lucia", "St. Lucia"]),
        ("VC", ["Saint Vincent and the Grenadines", "St. Vincent and the Grenadines"]),
        ("PM", ["Saint Pierre and Miquelon"]),
        ("BL", ["Saint Barthélemy"]),
        ("BQ", ["Bonaire, Sint Eustatius and Saba"]),
        ("XK", ["Republic of Kosovo"]),
    ];

    private static readonly IReadOnlyList<(string Alpha2, string Alpha3, string English, string German)> Rows = ReadTable();

    private static readonly FrozenDictionary<string, string> Codes = WordingKey.Table(
        Rows.SelectMany(r => new[] { (r.Alpha2, r.Alpha2), (r.Alpha3, r.Alpha2), (r.English, r.Alpha2), (r.German, r.Alpha2) })
            .Concat(OtherNames.SelectMany(o => o.Names.Select(n => (n, o.Code)))));

    /// <summary>Every country of the table: alpha-2, alpha-3, English and German name.</summary>
    public static IReadOnlyList<(string Alpha2, string Alpha3, string English, string German)> All => Rows;

    /// <summary>The other spellings listed in code, with the code each means.</summary>
    public static IEnumerable<(string Name, string Code)> OtherSpellings => OtherNames.SelectMany(o => o.Names.Select(n => (n, o.Code)));

    /// <summary>The alpha-2 code <paramref name="text"/> names, or null with the reason in <paramref name="problem"/>.</summary>
    public static string? Read(string text, out string? problem)
    {
        problem = null;
        if (!string.IsNullOrWhiteSpace(text) && WordingKey.TryFind(Codes, text, out var code))
        {
            return code;
        }

        problem = $"'{TextRules.Shorten(text)}' is not a country this import knows: give an ISO 3166-1 code (DE, DEU) or the country's " +
            "English or German name (Germany, Deutschland).";
        return null;
    }

    private static IReadOnlyList<(string, string, string, string)> ReadTable()
    {
        const string name = "LeadRouting.Core.Import.Countries.tsv";
        using var stream = typeof(CountryNames).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded resource {name} is missing.");
        using var reader = new StreamReader(stream);
        var rows = new List<(string, string, string, string)>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var cells = line.Split('\t');
            rows.Add((cells[0], cells[1], cells[2], cells[3]));
        }

        return rows;
    }
}
