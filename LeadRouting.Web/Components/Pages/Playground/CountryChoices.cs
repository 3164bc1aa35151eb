namespace LeadRouting.Web.Components.Pages.Playground;

/// <summary>The ISO 3166-1 alpha-2 codes the intake accepts, with English names for the country select.</summary>
public static class CountryChoices
{
    public static IReadOnlyList<CountryChoice> All { get; } =
        [.. CountryCodes.All.Select(code => new CountryChoice(code.ToUpperInvariant(), NameOf(code))).OrderBy(c => c.Name, StringComparer.Ordinal)];

    private static string NameOf(string code)
    {
        try
        {
            return new RegionInfo(code).EnglishName;
        }
        catch (ArgumentException)
        {
            // Codes .NET's region data lacks (XK, some territories) are still valid intake values.
            return code.ToUpperInvariant();
        }
    }
}

public sealed record CountryChoice(string Code, string Name)
{
    public string Label => $"{Code} · {Name}";
}
