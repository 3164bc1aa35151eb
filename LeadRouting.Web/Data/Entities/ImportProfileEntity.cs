namespace LeadRouting.Web.Data.Entities;

/// <summary>A named column mapping for lead imports, saved for the next export of the same CRM.</summary>
public sealed class ImportProfileEntity
{
    public int Id { get; set; }

    /// <summary>Unique, as typed (compared case-insensitively by the service).</summary>
    public required string Name { get; set; }

    /// <summary>Also unique: the name in lower case, so two profiles cannot differ only in case on any provider.</summary>
    public required string NormalizedName { get; set; }

    /// <summary>The mapping as the API writes it: <c>{"&lt;header&gt;": "&lt;target or null&gt;"}</c>.</summary>
    public required string MappingJson { get; set; }

    /// <summary>The numbers' and dates' locale (de-DE), or null for the invariant reading.</summary>
    public string? Locale { get; set; }

    /// <summary>The ISO 4217 currency the export's deal values are in, when not the organisation's; null otherwise.</summary>
    public string? Currency { get; set; }

    /// <summary>How many units of the organisation's currency one unit of <see cref="Currency"/> is worth; null without one.</summary>
    public decimal? Rate { get; set; }

    /// <summary><c>route</c> or <c>history</c>.</summary>
    public required string Mode { get; set; }

    public required string UpdatedBy { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
