using System.Globalization;
using LeadRouting.Core.Leads;

namespace LeadRouting.Core.Routing;

/// <summary>
/// The firmographics a lead took from the account its company domain matches (the same match ownership uses): a web form
/// often asks only for an email, while the CRM knows the company's industry, size and country — and segments, fit and
/// the tier estimate all read those. Only fields the lead lacks are filled; what the lead says is never overwritten,
/// because a person filling a form may know better (a subsidiary's own country, a newer headcount).
/// </summary>
public sealed record AccountEnrichment(string Domain, string AccountName, string? Industry, int? Employees, string? Country)
{
    /// <summary>What <paramref name="account"/> adds to <paramref name="lead"/>, or null when it has nothing the lead lacks.</summary>
    public static AccountEnrichment? Of(Lead lead, AccountRecord? account)
    {
        if (account is null)
        {
            return null;
        }

        var industry = lead.Industry is null ? account.Industry : null;
        var employees = lead.Employees is null ? account.Employees : null;
        var country = lead.Country is null ? account.Country : null;
        return industry is null && employees is null && country is null
            ? null
            : new AccountEnrichment(account.Domain, account.Name, industry, employees, country);
    }

    /// <summary><paramref name="lead"/> with the fields this enrichment fills.</summary>
    public Lead Apply(Lead lead) => lead with
    {
        Industry = lead.Industry ?? Industry,
        Employees = lead.Employees ?? Employees,
        Country = lead.Country ?? Country,
    };

    /// <summary>The trace's sentence: "Industry from account Siemens AG (Manufacturing); Employees from account Siemens AG (300,000)".</summary>
    public string Describe()
    {
        var parts = new List<string>(3);
        if (Industry is not null)
        {
            parts.Add($"Industry from account {AccountName} ({Industry})");
        }

        if (Employees is { } employees)
        {
            parts.Add($"Employees from account {AccountName} ({employees.ToString("N0", CultureInfo.InvariantCulture)})");
        }

        if (Country is not null)
        {
            parts.Add($"Country from account {AccountName} ({Country})");
        }

        return string.Join("; ", parts);
    }
}
