namespace LeadRouting.Core.Import;

/// <summary>
/// An account's domain aliases as one text (issue 19): a CSV cell or the settings form's field. Aliases are separated by
/// <c>;</c>, <c>|</c>, <c>,</c> or white space — what CRMs and spreadsheets write in a multi-value cell — and each is a
/// domain or a website (<see cref="WebsiteDomains"/> reduces it to its domain when the account is validated).
/// </summary>
public static class DomainAliasList
{
    /// <summary>How many aliases an account may have: a company's country sites and former names, not a domain list.</summary>
    public const int MaxAliases = 50;

    private static readonly char[] Separators = [';', '|', ',', ' ', '\t', '\r', '\n'];

    /// <summary>The entries of <paramref name="text"/>, trimmed, in their order; none for null or blank text.</summary>
    public static IReadOnlyList<string> Split(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] : text.Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The aliases as the page shows them and an export would write them: <c>a.com; b.de</c>.</summary>
    public static string Join(IEnumerable<string> aliases) => string.Join("; ", aliases);
}
