using System.Collections.Frozen;
using LeadRouting.Core.Leads;

namespace LeadRouting.Core.Import;

/// <summary>
/// What one column of an import can be: a lead field of the contract (<see cref="Field"/> set), the currency of the
/// row's deal value (<see cref="ImportTargets.Currency"/>), or one of the history columns an export of a CRM carries
/// about what became of the lead (<see cref="ImportTargets.History"/>).
/// </summary>
public sealed record ImportTarget
{
    private ImportTarget(string name, LeadField? field, string description)
    {
        Name = name;
        Field = field;
        Description = description;
    }

    /// <summary>The camelCase name a mapping uses (<c>{"Lead Owner": "owner"}</c>), the field's own name for a lead field.</summary>
    public string Name { get; }

    /// <summary>The lead field this target fills; null for a history column.</summary>
    public LeadField? Field { get; }

    public string Description { get; }

    public override string ToString() => Name;

    internal static ImportTarget ForField(LeadField field) =>
        new(field.Name, field, field.Description ?? $"The lead's {field.Name}.");

    internal static ImportTarget ForColumn(string name, string description) => new(name, null, description);
}

/// <summary>
/// Every target a column can map to: the lead fields (<see cref="LeadFields.All"/>, in the contract's order), then
/// <c>currency</c>, then the history columns <c>owner</c>, <c>status</c>, <c>closedAt</c>, <c>firstTouchAt</c> and
/// <c>lossReason</c>.
/// Names are matched case-insensitively, like the lead fields everywhere else.
/// </summary>
public static class ImportTargets
{
    /// <summary>
    /// The currency the row's deal value is in (an ISO 4217 code), read by every import mode: it is not stored but
    /// decides how <c>estimatedDealSize</c> is read (<see cref="ImportCurrency"/>).
    /// </summary>
    public static readonly ImportTarget Currency = ImportTarget.ForColumn(
        "currency", "The ISO 4217 currency of the row's deal value (EUR, USD, …); a value in another currency than the organisation's is converted at the import's stated rate, or refused.");

    /// <summary>Who owned the lead in the CRM: a rep's id, email address or exact name.</summary>
    public static readonly ImportTarget Owner = ImportTarget.ForColumn("owner", "Who owned the lead: a rep's id, email address or exact name.");

    /// <summary>The CRM's lead status or lifecycle stage, read by <see cref="CrmStatuses"/>.</summary>
    public static readonly ImportTarget Status = ImportTarget.ForColumn("status", "The CRM's lead status or lifecycle stage (Open - Not Contacted, Customer, Verloren, …).");

    /// <summary>When the lead was won or lost.</summary>
    public static readonly ImportTarget ClosedAt = ImportTarget.ForColumn("closedAt", "When the lead was converted or closed as lost.");

    /// <summary>When a rep first reached out: the start of speed-to-lead.</summary>
    public static readonly ImportTarget FirstTouchAt = ImportTarget.ForColumn("firstTouchAt", "When a rep first reached out to the lead.");

    /// <summary>Why a lost lead was lost or disqualified.</summary>
    public static readonly ImportTarget LossReason = ImportTarget.ForColumn("lossReason", "Why the lead was lost or disqualified.");

    /// <summary>The history columns, in this order after the lead fields.</summary>
    public static IReadOnlyList<ImportTarget> History { get; } = [Owner, Status, ClosedAt, FirstTouchAt, LossReason];

    /// <summary>Every target: the lead fields in the contract's order, then <see cref="Currency"/>, then <see cref="History"/>.</summary>
    public static IReadOnlyList<ImportTarget> All { get; } = [.. LeadFields.All.Select(ImportTarget.ForField), Currency, .. History];

    /// <summary>Whether <paramref name="target"/> is one of the <see cref="History"/> columns, which only a history import reads.</summary>
    public static bool IsHistory(ImportTarget target) => History.Contains(target);

    public static IReadOnlyList<string> Names { get; } = [.. All.Select(t => t.Name)];

    private static readonly FrozenDictionary<string, ImportTarget> ByName = All.ToFrozenDictionary(t => t.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>The target a name means, case-insensitively; null when there is none.</summary>
    public static ImportTarget? Find(string name) => ByName.GetValueOrDefault(name.Trim());

    /// <summary>The target of a lead field.</summary>
    public static ImportTarget Of(LeadField field) => ByName[field.Name];
}
