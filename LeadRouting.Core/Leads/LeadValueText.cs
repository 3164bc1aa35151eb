namespace LeadRouting.Core.Leads;

/// <summary>Lead values written as text (a JSON string, a CSV cell): the parsing and the error sentences every reader shares.</summary>
public static class LeadValueText
{
    /// <summary>The example an instant's error gives.</summary>
    public const string InstantExample = "2026-11-30T09:15:00Z";

    /// <summary>
    /// One of <typeparamref name="TEnum"/>'s declared names, case-insensitively; otherwise the error names the allowed
    /// values. Enum.TryParse alone would also take "3" or "DemoRequest, Webinar"; only declared names are the contract.
    /// </summary>
    public static TEnum? Choice<TEnum>(string path, string text, FieldErrors errors)
        where TEnum : struct, Enum
    {
        var trimmed = text.Trim();
        foreach (var name in Enum.GetNames<TEnum>())
        {
            if (string.Equals(name, trimmed, StringComparison.OrdinalIgnoreCase))
            {
                return Enum.Parse<TEnum>(name);
            }
        }

        errors.Add(path, $"'{TextRules.Shorten(text)}' is not a valid value. Allowed values: {AllowedValues<TEnum>()}.");
        return null;
    }

    public static string AllowedValues<TEnum>()
        where TEnum : struct, Enum => string.Join(", ", Enum.GetNames<TEnum>());

    public static string InstantProblem(string text) => $"'{TextRules.Shorten(text)}' is not an ISO 8601 date and time (e.g. {InstantExample}).";
}
