namespace LeadRouting.Web.Components.Pages.Settings;

/// <summary>How an item form's save lands in its list of the document (reps, teams, regions, calendars).</summary>
internal static class ItemList
{
    /// <summary>The list with <paramref name="item"/> added at the end when new, else in the place of the item it edits.</summary>
    public static List<T> WithSaved<T>(IEnumerable<T> items, T item, bool isNew, Func<T, bool> isEdited) =>
        isNew ? [.. items, item] : [.. items.Select(i => isEdited(i) ? item : i)];
}

/// <summary>
/// Deleting an item from the document: the document without it, or the reason it must stay (something still uses it).
/// <see cref="SettingsDraftShell.DeleteAsync"/> saves the one and shows the other.
/// </summary>
public sealed record ItemDeletion(RoutingConfiguration? Config, string? Refusal)
{
    /// <summary>Refused when <paramref name="refusal"/> is set; otherwise the document <paramref name="without"/> builds.</summary>
    public static ItemDeletion Unless(string? refusal, Func<RoutingConfiguration> without) =>
        refusal is null ? new ItemDeletion(without(), null) : new ItemDeletion(null, refusal);
}
