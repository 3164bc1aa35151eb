using System.Text.RegularExpressions;

namespace LeadRouting.Web.Components.Pages.Settings;

/// <summary>
/// The field rules every settings form shares: ids, names, comma lists and number ranges, each reported under its
/// field so the form shows the message where the mistake is.
/// </summary>
public static partial class SettingsFields
{
    public const int MaxIdLength = 64;
    public const int MaxNameLength = 128;
    public const int MaxListItems = 200;
    public const int MaxListItemLength = 64;

    /// <summary>"Software, Fintech" → ["Software", "Fintech"]; blanks dropped, duplicates (ignoring case) once.</summary>
    public static IReadOnlyList<string> SplitList(string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? []
            : [.. text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.OrdinalIgnoreCase)];

    public static string JoinList(IEnumerable<string> items) => string.Join(", ", items);

    /// <summary>
    /// The errors of the fields every item form starts with: the id of a new item (<see cref="Id"/>; an existing item's
    /// id cannot change) and the name.
    /// </summary>
    public static FieldErrors IdAndName(bool isNew, string? id, IEnumerable<string> taken, string? name)
    {
        var errors = new FieldErrors();
        if (isNew)
        {
            Id(errors, "id", id, taken);
        }

        Name(errors, "name", name);
        return errors;
    }

    /// <summary>A new id: lowercase letters, digits and dashes, not used by another item of its kind.</summary>
    public static void Id(FieldErrors errors, string field, string? id, IEnumerable<string> taken)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            errors.Add(field, "Give it an id (it cannot change later).");
        }
        else if (id.Length > MaxIdLength || !IdPattern().IsMatch(id))
        {
            errors.Add(field, $"Use lowercase letters, digits and dashes, at most {MaxIdLength} characters (e.g. dach-mid-3).");
        }
        else if (taken.Contains(id, StringComparer.Ordinal))
        {
            errors.Add(field, $"'{id}' is already used.");
        }
    }

    public static void Name(FieldErrors errors, string field, string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add(field, "Required.");
        }
        else if (name.Length > MaxNameLength)
        {
            errors.Add(field, $"At most {MaxNameLength} characters.");
        }
    }

    public static void Email(FieldErrors errors, string field, string? email)
    {
        if (!string.IsNullOrWhiteSpace(email) && (email.Length > 256 || !EmailPattern().IsMatch(email)))
        {
            errors.Add(field, "Enter an email address like name@company.com.");
        }
    }

    public static void Range(FieldErrors errors, string field, int? value, int min, int max)
    {
        if (value is null)
        {
            errors.Add(field, "Required.");
        }
        else if (value < min || value > max)
        {
            errors.Add(field, $"Between {min} and {max}.");
        }
    }

    public static void List(FieldErrors errors, string field, string? text)
    {
        var items = SplitList(text);
        if (items.Count > MaxListItems)
        {
            errors.Add(field, $"At most {MaxListItems} entries.");
        }
        else if (items.FirstOrDefault(i => i.Length > MaxListItemLength) is { } tooLong)
        {
            errors.Add(field, $"'{tooLong[..20]}…' is longer than {MaxListItemLength} characters.");
        }
    }

    /// <summary>Comma-separated ISO country codes, normalised to upper case.</summary>
    public static void Countries(FieldErrors errors, string field, string? text)
    {
        var bad = SplitList(text).Where(c => !CountryCodes.IsValid(c)).ToList();
        if (bad.Count > 0)
        {
            errors.Add(field, $"Not an ISO country code: {string.Join(", ", bad)}.");
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();
}
