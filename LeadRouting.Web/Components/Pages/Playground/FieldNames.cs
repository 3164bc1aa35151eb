namespace LeadRouting.Web.Components.Pages.Playground;

/// <summary>
/// The error keys the form shows inline: the camelCase JSON paths of the API contract that
/// <see cref="LeadRouting.Core.Leads.LeadValidator"/> reports, plus the playground's own routing time.
/// </summary>
public static class FieldNames
{
    public const string RouteAt = "routeAt";
    public const string ExternalId = "externalId";
    public const string Email = "email";
    public const string FirstName = "firstName";
    public const string LastName = "lastName";
    public const string Title = "title";
    public const string Company = "company";
    public const string CompanyDomain = "companyDomain";
    public const string Employees = "employees";
    public const string Industry = "industry";
    public const string Country = "country";
    public const string TechStack = "techStack";
    public const string Source = "source";
    public const string Signals = "signals";
    public const string EstimatedDealSize = "estimatedDealSize";
    public const string ReceivedAt = "receivedAt";

    public static string SignalAt(int index) => $"signals[{index}].at";
}
