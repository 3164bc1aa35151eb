using System.Collections.Frozen;
using LeadRouting.Core.Leads;

namespace LeadRouting.Core.Import;

/// <summary>
/// The column headers CRM exports use, and the import target each one means. Matched by <see cref="WordingKey"/>: case,
/// spaces, punctuation (<c>_ - . /</c>) and diacritics do not count, umlauts and ß may be spelled out or not — so
/// <c>No. of Employees</c>, <c>no_of_employees</c> and <c>NoOfEmployees</c> are one header, as are
/// <c>Lead-Inhaber</c> and <c>lead inhaber</c>, <c>Größe</c> and <c>Groesse</c>. Recognised:
/// <list type="bullet">
/// <item>each target's own name (<c>firstName</c>, <c>companyDomain</c>, <c>receivedAt</c>, <c>owner</c>, …);</item>
/// <item>Salesforce lead exports: <c>Lead ID</c>, <c>First Name</c>, <c>Last Name</c>, <c>Title</c>,
/// <c>Email</c>/<c>Email Address</c>, <c>Company</c>/<c>Company Name</c>/<c>Company / Account</c>,
/// <c>No. of Employees</c>, <c>Industry</c>, <c>Country</c>, <c>Lead Source</c>, <c>Created Date</c>,
/// <c>Lead Owner</c>, <c>Lead Status</c>, <c>Converted Date</c>, <c>Website</c>;</item>
/// <item>HubSpot contact exports: <c>Record ID</c>, <c>Company name</c>, <c>Number of Employees</c>,
/// <c>Country/Region</c>, <c>Original Source</c>, <c>Create Date</c>, <c>Contact owner</c>, <c>Lead Status</c>,
/// <c>Lifecycle Stage</c>, <c>Job Title</c>, <c>Website URL</c>, <c>Became a Customer Date</c>;</item>
/// <item>German exports: <c>Firma</c>, <c>Unternehmen</c>, <c>Mitarbeiter</c>, <c>Mitarbeiteranzahl</c>, <c>Land</c>,
/// <c>Quelle</c>, <c>Vorname</c>, <c>Nachname</c>, <c>E-Mail</c>, <c>Position</c>, <c>Titel</c> (Salesforce's German
/// label of Title), <c>Branche</c>, <c>Erstellt am</c>, <c>Besitzer</c>/<c>Lead-Inhaber</c>, <c>Status</c>,
/// <c>Konvertiert am</c>, <c>Verlustgrund</c>, …</item>
/// </list>
/// A currency column (<c>Currency</c>, <c>Lead Currency</c>, <c>Currency ISO Code</c> of a Salesforce multi-currency
/// export, <c>Währung</c>) maps to <c>currency</c>, the currency of the row's deal value (<see cref="ImportCurrency"/>).
/// A website column (<c>Website</c>, <c>Website URL</c>, <c>Webseite</c>, <c>Domain</c>) maps to
/// <c>companyDomain</c>; its value is reduced to the domain when read (<see cref="WebsiteDomains"/>).
/// Some headers look like a target but mean something else, and are ignored with that reason rather than guessed:
/// <c>Annual Revenue</c>/<c>Jahresumsatz</c> is the company's revenue, not the deal's size; <c>Name</c>/<c>Full Name</c>
/// is not split into first and last name; <c>Latest Source</c> is not what created the lead (the lead's source is its
/// original source). The user can still map any of them by hand.
/// </summary>
public static class ExportHeaders
{
    /// <summary>The reason a header none of the tables knows is ignored.</summary>
    public const string UnknownColumn = "unknown column";

    private static readonly (ImportTarget Target, string[] Headers)[] Recognised =
    [
        (ImportTargets.Of(LeadFields.ExternalId), ["Lead ID", "Record ID", "Contact ID", "ID", "External ID", "Externe ID", "Lead-ID", "Datensatz-ID"]),
        (ImportTargets.Of(LeadFields.Email), ["Email", "Email Address", "E-Mail", "E-Mail-Adresse", "Mail", "Work Email", "Geschäftliche E-Mail"]),
        (ImportTargets.Of(LeadFields.FirstName), ["First Name", "Given Name", "Vorname"]),
        (ImportTargets.Of(LeadFields.LastName), ["Last Name", "Surname", "Family Name", "Nachname", "Familienname"]),
        (ImportTargets.Of(LeadFields.Title), ["Title", "Job Title", "Position", "Job Position", "Titel", "Jobtitel", "Berufsbezeichnung", "Funktion"]),
        (ImportTargets.Of(LeadFields.Company), [
            "Company", "Company Name", "Company / Account", "Account Name", "Organization", "Organisation", "Firma", "Firmenname",
            "Unternehmen", "Unternehmensname"]),
        (ImportTargets.Of(LeadFields.CompanyDomain), [
            "Website", "Website URL", "Web Site", "Company Domain", "Company Domain Name", "Domain", "Homepage", "URL", "Webseite",
            "Internetseite", "Firmenwebsite"]),
        (ImportTargets.Of(LeadFields.Employees), [
            "Employees", "No. of Employees", "Number of Employees", "Employee Count", "Company Size", "Mitarbeiter", "Mitarbeiteranzahl",
            "Mitarbeiterzahl", "Anzahl Mitarbeiter", "Anzahl der Mitarbeiter", "Beschäftigte", "Unternehmensgröße"]),
        (ImportTargets.Of(LeadFields.Industry), ["Industry", "Sector", "Branche", "Industrie"]),
        (ImportTargets.Of(LeadFields.Country), ["Country", "Country/Region", "Country Code", "Land", "Ländercode"]),
        (ImportTargets.Of(LeadFields.TechStack), ["Tech Stack", "Technologies", "Technology", "Technologien"]),
        (ImportTargets.Of(LeadFields.Source), [
            "Source", "Lead Source", "Original Source", "Original Source Type", "Quelle", "Lead-Quelle", "Leadquelle", "Herkunft"]),
        (ImportTargets.Of(LeadFields.Signals), ["Signals", "Signale"]),
        (ImportTargets.Of(LeadFields.EstimatedDealSize), [
            "Estimated Deal Size", "Deal Size", "Deal Amount", "Amount", "Betrag", "Auftragswert", "Geschätzter Auftragswert"]),
        (ImportTargets.Of(LeadFields.Referral), ["Referral"]),
        (ImportTargets.Of(LeadFields.ReceivedAt), [
            "Received At", "Created Date", "Create Date", "Created", "Created On", "Date Created", "Erstellt am", "Erstellt",
            "Erstelldatum", "Erstellungsdatum", "Angelegt am", "Eingangsdatum"]),
        (ImportTargets.Currency, [
            "Currency", "Currency Code", "Currency ISO Code", "Lead Currency", "Deal Currency", "Amount Currency", "Währung",
            "Währungscode", "Währungs-ISO-Code"]),
        (ImportTargets.Owner, [
            "Owner", "Lead Owner", "Contact owner", "HubSpot Owner", "Owner Name", "Owner Email", "Besitzer", "Lead-Inhaber",
            "Inhaber", "Verantwortlich", "Zuständig"]),
        (ImportTargets.Status, ["Status", "Lead Status", "Lifecycle Stage", "Stage", "Lead-Status", "Lebenszyklusphase", "Phase"]),
        (ImportTargets.ClosedAt, [
            "Closed At", "Converted Date", "Closed Date", "Close Date", "Became a Customer Date", "Konvertiert am", "Abgeschlossen am",
            "Abschlussdatum"]),
        (ImportTargets.FirstTouchAt, [
            "First Touch", "First Touch Date", "First Contacted", "First Contact Date", "First Activity Date",
            "Date of First Engagement", "Erster Kontakt", "Erstkontakt", "Erstkontakt am"]),
        (ImportTargets.LossReason, [
            "Loss Reason", "Lost Reason", "Closed Lost Reason", "Disqualification Reason", "Unqualified Reason", "Verlustgrund",
            "Absagegrund", "Disqualifizierungsgrund"]),
    ];

    private static readonly (string[] Headers, string Reason)[] Misleading =
    [
        (["Annual Revenue", "Revenue", "Jahresumsatz", "Umsatz"],
            "the company's revenue, not the deal's size (estimatedDealSize); map it by hand if the column means the deal"),
        (["Name", "Full Name", "Contact Name", "Lead Name", "Vollständiger Name"],
            "a full name is not split into firstName and lastName; export the two columns, or map it by hand to one of them"),
        (["Latest Source", "Latest Source Type", "Letzte Quelle"],
            "the lead's source is what created it (Original Source), not its latest activity"),
    ];

    private static readonly FrozenDictionary<string, ImportTarget> Targets = WordingKey.Table(
        Recognised.SelectMany(r => r.Headers.Select(h => (h, r.Target)))
            .Concat(ImportTargets.All.Select(t => (t.Name, t))));

    private static readonly FrozenDictionary<string, string> Ignored = WordingKey.Table(Misleading.SelectMany(m => m.Headers.Select(h => (h, m.Reason))));

    /// <summary>
    /// The target <paramref name="header"/> means, or null with the reason it is ignored: <see cref="UnknownColumn"/>,
    /// or why a header that looks like a target is not taken for it.
    /// </summary>
    public static ImportTarget? Recognise(string header, out string? reason)
    {
        reason = null;
        if (WordingKey.TryFind(Targets, header, out var target))
        {
            return target;
        }

        reason = WordingKey.TryFind(Ignored, header, out var why) ? why : UnknownColumn;
        return null;
    }

    /// <summary>Every wording registered, for tests: the header as written in the table and what it maps to (null: ignored).</summary>
    public static IEnumerable<(string Header, ImportTarget? Target)> Table =>
        Recognised.SelectMany(r => r.Headers.Select(h => (h, (ImportTarget?)r.Target)))
            .Concat(Misleading.SelectMany(m => m.Headers.Select(h => (h, (ImportTarget?)null))));
}
