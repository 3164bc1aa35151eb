namespace LeadRouting.Web.Localization;

/// <summary>
/// The languages and formats the UI speaks. German is the home market's language (DACH: Germany, Austria,
/// Switzerland), English the other; the regional variants only change formats (de-CH writes 30'000, en-US writes
/// 12/6/2026). The top bar's menu offers one culture per language: German as in Germany, English as in the UK —
/// day-month dates and a 24-hour clock, which an English-speaking team in Europe expects.
/// </summary>
public static class SupportedCultures
{
    public const string German = "de-DE";
    public const string English = "en-GB";

    /// <summary>When neither the person nor the browser names a supported culture (a French browser, an API client).</summary>
    public const string Default = English;

    /// <summary>Every culture the request may select; the browser's <c>Accept-Language</c> picks among these.</summary>
    public static readonly IReadOnlyList<string> All = [German, "de-AT", "de-CH", English, "en-US"];

    /// <summary>The choices of the top bar's language menu: the language's own name and its culture.</summary>
    public static readonly IReadOnlyList<(string Culture, string Label, string Short)> Menu =
    [
        (German, "Deutsch", "DE"),
        (English, "English", "EN"),
    ];

    /// <summary>A supported culture name exactly as listed, or null: a preference is never stored as something unknown.</summary>
    public static string? Find(string? name) =>
        name is null ? null : All.FirstOrDefault(c => string.Equals(c, name.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether the page speaks German (the culture's language, whatever its region).</summary>
    public static bool IsGerman(CultureInfo culture) => culture.TwoLetterISOLanguageName == "de";
}
