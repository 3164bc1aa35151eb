using LeadRouting.Core.Leads;

namespace LeadRouting.Core.Import;

/// <summary>
/// Reads a yes/no cell as exports write it, case-insensitively: <c>Y</c>/<c>N</c>, <c>yes</c>/<c>no</c>,
/// <c>ja</c>/<c>nein</c> (and <c>J</c>), <c>true</c>/<c>false</c>, <c>wahr</c>/<c>falsch</c>, <c>1</c>/<c>0</c>, and
/// the checkbox style of spreadsheets: <c>x</c> (or <c>✓</c>) is yes and an empty cell is no. Anything else is refused
/// with the value named, never read as no.
/// </summary>
public static class ExportFlags
{
    private static readonly string[] Yes = ["y", "yes", "j", "ja", "true", "wahr", "1", "x", "✓", "✔"];
    private static readonly string[] No = ["n", "no", "nein", "false", "falsch", "0"];

    /// <summary>The flag <paramref name="text"/> says, or null with the reason in <paramref name="problem"/>.</summary>
    public static bool? Read(string text, out string? problem)
    {
        problem = null;
        var value = text.Trim();
        if (value.Length == 0 || No.Contains(value, StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }

        if (Yes.Contains(value, StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }

        problem = $"'{TextRules.Shorten(text)}' is not a yes/no value: write Y/N, yes/no, ja/nein, true/false, 1/0, or x for yes and nothing for no.";
        return null;
    }
}
