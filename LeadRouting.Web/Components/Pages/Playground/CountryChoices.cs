namespace LeadRouting.Web.Components.Pages.Playground;

/// <summary>The ISO 3166-1 alpha-2 codes the intake accepts, with names for the country select in the reader's language.</summary>
public static class CountryChoices
{
    public static IReadOnlyList<CountryChoice> All { get; } = Build(german: false);

    private static readonly IReadOnlyList<CountryChoice> German = Build(german: true);

    /// <summary>The countries named in <paramref name="culture"/>'s language (German or English), sorted by that name.</summary>
    public static IReadOnlyList<CountryChoice> In(CultureInfo culture) => culture.TwoLetterISOLanguageName == "de" ? German : All;

    private static IReadOnlyList<CountryChoice> Build(bool german)
    {
        var compare = german ? StringComparer.Create(CultureInfo.GetCultureInfo("de-DE"), ignoreCase: false) : StringComparer.Ordinal;
        return [.. CountryCodes.All.Select(code => new CountryChoice(code.ToUpperInvariant(), NameOf(code, german))).OrderBy(c => c.Name, compare)];
    }

    private static string NameOf(string code, bool german)
    {
        try
        {
            // .NET's region data names a region in the UI culture's language (ICU): German names for a German reader.
            var region = new RegionInfo(code);
            return german ? GermanName(region) : region.EnglishName;
        }
        catch (ArgumentException)
        {
            // Codes .NET's region data lacks (XK, some territories) are still valid intake values.
            return code.ToUpperInvariant();
        }
    }

    private static string GermanName(RegionInfo region)
    {
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("de-DE");
            return new RegionInfo(region.Name).DisplayName;
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}

public sealed record CountryChoice(string Code, string Name)
{
    public string Label => $"{Code} · {Name}";
}
