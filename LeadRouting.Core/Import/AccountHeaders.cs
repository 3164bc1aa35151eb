using System.Collections.Frozen;

namespace LeadRouting.Core.Import;

/// <summary>What one column of a named-account import holds.</summary>
public enum AccountColumn
{
    Domain,
    Name,
    Owner,
    NamedAccount,
    Customer,
    Industry,
    Employees,
    Country,
    ParentAccount,
    DomainAliases,
}

/// <summary>
/// The column headers of account exports, matched by <see cref="WordingKey"/> like <see cref="ExportHeaders"/> (case,
/// spaces, punctuation and diacritics do not count). Recognised: the import's own names (<c>domain</c>, <c>name</c>,
/// <c>owner</c>, <c>namedAccount</c>, <c>customer</c>, <c>industry</c>, <c>employees</c>, <c>country</c>,
/// <c>parentAccount</c>, <c>aliases</c>); Salesforce account exports (<c>Account Name</c>, <c>Website</c>, <c>Account Owner</c>,
/// <c>Industry</c>, <c>Employees</c>, <c>Billing Country</c>, <c>Parent Account</c>); HubSpot company exports
/// (<c>Company name</c>, <c>Company Domain Name</c>, <c>Website URL</c>, <c>Company owner</c>, <c>Number of Employees</c>,
/// <c>Country/Region</c>, <c>Parent Company</c>); and German labels (<c>Accountname</c>, <c>Firma</c>, <c>Webseite</c>,
/// <c>Account-Inhaber</c>, <c>Branche</c>, <c>Mitarbeiter</c>, <c>Rechnungsland</c>, <c>Übergeordneter Account</c>,
/// <c>Kunde</c>, <c>Weitere Domains</c>). A column none of these name is ignored and reported, as CRM exports carry many (Account ID, Phone, Type…).
/// </summary>
public static class AccountHeaders
{
    private static readonly (AccountColumn Column, string[] Headers)[] Recognised =
    [
        (AccountColumn.Domain, [
            "domain", "Website", "Website URL", "Web Site", "Company Domain", "Company Domain Name", "URL", "Homepage", "Webseite",
            "Internetseite", "Firmenwebsite", "Domäne"]),
        (AccountColumn.Name, [
            "name", "Account Name", "Company", "Company name", "Organization", "Organisation", "Accountname", "Account-Name", "Firma",
            "Firmenname", "Unternehmen", "Unternehmensname"]),
        (AccountColumn.Owner, [
            "owner", "Account Owner", "Company owner", "HubSpot Owner", "Owner Name", "Owner Email", "Account Owner Email",
            "Account-Inhaber", "Accountinhaber", "Besitzer", "Inhaber", "Verantwortlich", "Zuständig"]),
        (AccountColumn.NamedAccount, ["namedAccount", "Named", "Strategic Account", "Key Account", "Schlüsselkunde", "Key-Account"]),
        (AccountColumn.Customer, ["customer", "Is Customer", "Existing Customer", "Kunde", "Bestandskunde"]),
        (AccountColumn.Industry, ["industry", "Sector", "Branche", "Industrie"]),
        (AccountColumn.Employees, [
            "employees", "No. of Employees", "Number of Employees", "Employee Count", "Company Size", "Mitarbeiter", "Mitarbeiteranzahl",
            "Mitarbeiterzahl", "Anzahl Mitarbeiter", "Beschäftigte"]),
        (AccountColumn.Country, [
            "country", "Billing Country", "Country/Region", "Billing Country Code", "Land", "Rechnungsland", "Rechnungsanschrift Land",
            "Land (Rechnungsanschrift)"]),
        (AccountColumn.ParentAccount, [
            "parentAccount", "Parent Account", "Parent Account Name", "Parent Company", "Parent Company Name", "Übergeordneter Account",
            "Übergeordnetes Unternehmen", "Muttergesellschaft", "Mutterunternehmen"]),
        (AccountColumn.DomainAliases, [
            "aliases", "domainAliases", "Domain Aliases", "Alias Domains", "Other Domains", "Additional Domains", "Alternate Domains",
            "Weitere Domains", "Weitere Domänen", "Domain-Aliase", "Alias-Domains", "Andere Domains"]),
    ];

    private static readonly FrozenDictionary<string, AccountColumn> Columns =
        WordingKey.Table(Recognised.SelectMany(r => r.Headers.Select(h => (h, r.Column))));

    /// <summary>The import's own column names, in the order the page lists them.</summary>
    public static IReadOnlyList<string> OwnNames { get; } = [.. Recognised.Select(r => r.Headers[0])];

    /// <summary>The column <paramref name="header"/> names, or null for a column the import ignores.</summary>
    public static AccountColumn? Recognise(string header) =>
        WordingKey.TryFind(Columns, header, out var column) ? column : null;
}
