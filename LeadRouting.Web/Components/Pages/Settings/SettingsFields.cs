using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;

namespace LeadRouting.Web.Components.Pages.Settings;

/// <summary>
/// The field rules every settings form shares: ids, names, comma lists and number ranges, each reported under its
/// field so the form shows the message where the mistake is, in the reader's language (<see cref="FormText"/>).
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
    public static FieldErrors IdAndName(IStringLocalizer<FormText> text, bool isNew, string? id, IEnumerable<string> taken, string? name)
    {
        var errors = new FieldErrors();
        if (isNew)
        {
            Id(text, errors, "id", id, taken);
        }

        Name(text, errors, "name", name);
        return errors;
    }

    /// <summary>A new id: lowercase letters, digits and dashes, not used by another item of its kind.</summary>
    public static void Id(IStringLocalizer<FormText> text, FieldErrors errors, string field, string? id, IEnumerable<string> taken)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            errors.Add(field, text["Give it an id (it cannot change later)."]);
        }
        else if (id.Length > MaxIdLength || !IdPattern().IsMatch(id))
        {
            errors.Add(field, text["Use lowercase letters, digits and dashes, at most {0} characters (e.g. dach-mid-3).", MaxIdLength]);
        }
        else if (taken.Contains(id, StringComparer.Ordinal))
        {
            errors.Add(field, text["'{0}' is already used.", id]);
        }
    }

    public static void Name(IStringLocalizer<FormText> text, FieldErrors errors, string field, string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add(field, text["Required."]);
        }
        else if (name.Length > MaxNameLength)
        {
            errors.Add(field, text["At most {0} characters.", MaxNameLength]);
        }
    }

    public static void Email(IStringLocalizer<FormText> text, FieldErrors errors, string field, string? email)
    {
        if (!string.IsNullOrWhiteSpace(email) && (email.Length > 256 || !EmailPattern().IsMatch(email)))
        {
            errors.Add(field, text["Enter an email address like name@company.com."]);
        }
    }

    public static void Range(IStringLocalizer<FormText> text, FieldErrors errors, string field, int? value, int min, int max)
    {
        if (value is null)
        {
            errors.Add(field, text["Required."]);
        }
        else if (value < min || value > max)
        {
            errors.Add(field, text["Between {0:N0} and {1:N0}.", min, max]);
        }
    }

    public static void List(IStringLocalizer<FormText> text, FieldErrors errors, string field, string? list)
    {
        var items = SplitList(list);
        if (items.Count > MaxListItems)
        {
            errors.Add(field, text["At most {0} entries.", MaxListItems]);
        }
        else if (items.FirstOrDefault(i => i.Length > MaxListItemLength) is { } tooLong)
        {
            errors.Add(field, text["'{0}…' is longer than {1} characters.", tooLong[..20], MaxListItemLength]);
        }
    }

    /// <summary>Comma-separated ISO country codes, normalised to upper case.</summary>
    public static void Countries(IStringLocalizer<FormText> text, FieldErrors errors, string field, string? list)
    {
        var bad = SplitList(list).Where(c => !CountryCodes.IsValid(c)).ToList();
        if (bad.Count > 0)
        {
            errors.Add(field, text["Not an ISO country code: {0}.", string.Join(", ", bad)]);
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();
}
