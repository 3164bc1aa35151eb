namespace LeadRouting.Web.Leads;

/// <summary>
/// The person and company a lead names (optional text and the head count), declared once for the two mutable shapes
/// that hold them field by field: the stored lead (<see cref="LeadEntity"/>) and the playground's editable lead. The
/// contract itself — names, parsing, validation — is <see cref="LeadFields"/>; this is only the storage of the values.
/// </summary>
public abstract class LeadContactFields
{
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public string? Title { get; set; }
    public string? Company { get; set; }
    public string? CompanyDomain { get; set; }
    public int? Employees { get; set; }
    public string? Industry { get; set; }
}
