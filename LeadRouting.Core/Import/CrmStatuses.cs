using System.Collections.Frozen;
using LeadRouting.Core.Leads;

namespace LeadRouting.Core.Import;

/// <summary>Whether a lead the CRM knows was still open, or closed as won or as lost.</summary>
public enum CrmClosure
{
    Open,
    Won,
    Lost,
}

/// <summary>What a CRM status says the lead was: its <see cref="LeadStage"/> here and whether it was closed, and how.</summary>
public sealed record CrmStatus(LeadStage Stage, CrmClosure Closure)
{
    public bool IsClosed => Closure != CrmClosure.Open;
}

/// <summary>
/// Reads a CRM's lead status or lifecycle stage into what the lead was here (<see cref="CrmStatus"/>). Matched by
/// <see cref="WordingKey"/> (case, spaces, punctuation, umlauts do not count: <c>open - not contacted</c>,
/// <c>OPEN_NOT_CONTACTED</c>). The table:
/// <list type="table">
/// <listheader><term>CRM wording</term><description>stage (closure)</description></listheader>
/// <item><term>Salesforce <c>Open - Not Contacted</c>; HubSpot <c>New</c>, <c>Open</c>; lifecycle <c>Lead</c>, <c>MQL</c>;
/// German <c>Neu</c>, <c>Offen</c></term><description>Assigned (open)</description></item>
/// <item><term>Salesforce <c>Working - Contacted</c>; HubSpot <c>In progress</c>, <c>Attempted to contact</c>,
/// <c>Connected</c>; German <c>In Bearbeitung</c>, <c>Kontaktiert</c></term><description>Contacted (open)</description></item>
/// <item><term>HubSpot <c>Open deal</c>; lifecycle <c>SQL</c>, <c>Opportunity</c>; German <c>Qualifiziert</c></term>
/// <description>Qualified (open)</description></item>
/// <item><term>HubSpot <c>Bad timing</c>; lifecycle <c>Subscriber</c>, <c>Other</c></term><description>Nurture (open)</description></item>
/// <item><term>Salesforce <c>Closed - Converted</c>; lifecycle <c>Customer</c>, <c>Evangelist</c>; <c>Won</c>,
/// <c>Converted</c>; German <c>Gewonnen</c>, <c>Konvertiert</c></term><description>Converted (won)</description></item>
/// <item><term>Salesforce <c>Closed - Not Converted</c>; HubSpot <c>Unqualified</c>; <c>Lost</c>, <c>Disqualified</c>;
/// German <c>Verloren</c>, <c>Disqualifiziert</c></term><description>Disqualified (lost)</description></item>
/// </list>
/// This product's own stage names (<c>Accepted</c>, <c>ManualReview</c>, …) read as themselves, so its own exports
/// come back unchanged — except <c>New</c>: here that means "received, not yet routed", a stage an imported lead never
/// leaves (history is not routed), so every not-yet-worked wording, <c>New</c> included, reads as <c>Assigned</c>: the
/// CRM had given the lead to someone who had not reached out yet. A lead needing an owner is the import's concern, not
/// this table's. HubSpot's internal names (<c>marketingqualifiedlead</c>, <c>salesqualifiedlead</c>, …) and the long
/// forms (<c>Marketing Qualified Lead</c>) are read too. An unknown status is refused with the value named.
/// </summary>
public static class CrmStatuses
{
    private static readonly CrmStatus Assigned = new(LeadStage.Assigned, CrmClosure.Open);
    private static readonly CrmStatus Contacted = new(LeadStage.Contacted, CrmClosure.Open);
    private static readonly CrmStatus Qualified = new(LeadStage.Qualified, CrmClosure.Open);
    private static readonly CrmStatus Nurture = new(LeadStage.Nurture, CrmClosure.Open);
    private static readonly CrmStatus Won = new(LeadStage.Converted, CrmClosure.Won);
    private static readonly CrmStatus Lost = new(LeadStage.Disqualified, CrmClosure.Lost);

    private static readonly (CrmStatus Status, string[] Wordings)[] Wordings =
    [
        (Assigned, ["Open - Not Contacted", "New", "Open", "Lead", "MQL", "Marketing Qualified Lead", "marketingqualifiedlead", "Neu", "Offen", "Assigned"]),
        (Contacted, ["Working - Contacted", "In progress", "Attempted to contact", "Connected", "In Bearbeitung", "Kontaktiert", "Contacted", "Working"]),
        (Qualified, ["Open deal", "SQL", "Sales Qualified Lead", "salesqualifiedlead", "Opportunity", "Qualifiziert", "Qualified"]),
        (Nurture, ["Bad timing", "Subscriber", "Other", "Nurture", "Nurturing"]),
        (Won, ["Closed - Converted", "Customer", "Evangelist", "Won", "Converted", "Closed Won", "Gewonnen", "Konvertiert", "Kunde"]),
        (Lost, ["Closed - Not Converted", "Unqualified", "Lost", "Disqualified", "Closed Lost", "Verloren", "Disqualifiziert", "Nicht qualifiziert"]),
        (new CrmStatus(LeadStage.Accepted, CrmClosure.Open), ["Accepted", "Akzeptiert"]),
        (new CrmStatus(LeadStage.ManualReview, CrmClosure.Open), ["ManualReview"]),
        (new CrmStatus(LeadStage.Unassigned, CrmClosure.Open), ["Unassigned", "Nicht zugewiesen"]),
    ];

    private static readonly FrozenDictionary<string, CrmStatus> Table = WordingKey.Table(Wordings.SelectMany(w => w.Wordings.Select(t => (t, w.Status))));

    /// <summary>Every wording of the table with what it reads as, for tests and the import page's help.</summary>
    public static IEnumerable<(string Wording, CrmStatus Status)> All => Wordings.SelectMany(w => w.Wordings.Select(t => (t, w.Status)));

    /// <summary>What the status <paramref name="text"/> says, or null with the reason in <paramref name="problem"/>.</summary>
    public static CrmStatus? Read(string text, out string? problem)
    {
        problem = null;
        if (!string.IsNullOrWhiteSpace(text) && WordingKey.TryFind(Table, text, out var status))
        {
            return status;
        }

        problem = $"'{TextRules.Shorten(text)}' is not a lead status this import knows. Known: Salesforce's Open - Not Contacted, " +
            "Working - Contacted, Closed - Converted, Closed - Not Converted; HubSpot's lead statuses and lifecycle stages (New, Open, " +
            "In progress, Open deal, Unqualified, Attempted to contact, Connected, Bad timing, Subscriber, Lead, MQL, SQL, Opportunity, " +
            "Customer, Evangelist, Other); Won, Lost, Converted, Disqualified; Offen, In Bearbeitung, Kontaktiert, Qualifiziert, " +
            "Gewonnen, Konvertiert, Verloren, Disqualifiziert.";
        return null;
    }
}
