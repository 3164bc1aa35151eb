using LeadRouting.Core.Configuration;
using Microsoft.Extensions.Localization;

namespace LeadRouting.Web.Components.Pages.Settings;

/// <summary>
/// A draft's or version's change in the reader's language: "Clara Fischer: capacity 20 → 25" reads
/// "Clara Fischer: Kapazität 20 → 25" in German. The core says it in English (<see cref="ConfigurationChange.Text"/>);
/// this says the same with the verbs, item kinds and field words from <c>DraftChangeText.de.resx</c>. Names and values
/// are the configuration's own and stay as they are; a field word without a translation shows in English.
/// </summary>
public sealed class DraftChangeText(IStringLocalizer<DraftChangeText> text)
{
    public string Say(ConfigurationChange change) => change.Kind switch
    {
        ChangeKind.Added when change.Subject is not null => change.Subject == change.After
            ? text["Added {0} {1}", KindOf(change.Path), change.After ?? ""]
            : text["Added {0}: {1}", change.Subject, change.After ?? ""],
        ChangeKind.Removed when change.Subject is not null => change.Subject == change.Before
            ? text["Removed {0} {1}", KindOf(change.Path), change.Before ?? ""]
            : text["Removed {0}: {1}", change.Subject, change.Before ?? ""],
        ChangeKind.Added => text["Added {0}: {1}", Where(change), change.After ?? ""],
        ChangeKind.Removed => text["Removed {0}: {1}", Where(change), change.Before ?? ""],
        _ when change.Before is not null && change.After is not null
            && (change.Before.StartsWith("− ", StringComparison.Ordinal) || change.After.StartsWith("+ ", StringComparison.Ordinal)) =>
            $"{Where(change)}{Gap(change)}{change.Before} {change.After}",
        _ when change.Before is null || change.After is null => $"{Where(change)}{Gap(change)}{change.Before ?? change.After}",
        _ => $"{Where(change)}{Gap(change)}{change.Before} → {change.After}",
    };

    private string Where(ConfigurationChange change) => change.Subject is null ? change.Path : $"{change.Subject}: {Field(change.Field)}";

    private static string Gap(ConfigurationChange change) => change.Subject is null ? ": " : " ";

    /// <summary>A field word from the data ("capacity"): its translation when the resource file has one, else as it is.</summary>
    private string Field(string? field) => field is null ? "" : text[field];

    /// <summary>The kind of item an added or removed list entry is, from the list it sits in.</summary>
    private string KindOf(string itemPath)
    {
        var list = itemPath[..itemPath.LastIndexOf('[')];
        return list[(list.LastIndexOf('.') + 1)..] switch
        {
            "reps" => text["rep"],
            "teams" => text["team"],
            "segments" => text["segment"],
            "calendars" => text["calendar"],
            "regions" => text["region"],
            "slaPolicies" => text["SLA policy"],
            "tiers" => text["tier"],
            "matrix" => text["matrix"],
            "intent" => text["intent rule"],
            "holidays" => text["holiday"],
            "accounts" => text["account"],
            var other => other,
        };
    }
}
