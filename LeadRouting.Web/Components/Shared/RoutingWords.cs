using System.Text;

namespace LeadRouting.Web.Components.Shared;

/// <summary>
/// The words pages use for the routing's names (stages, treatments, tiers, sources, intent, fit, distribution, SLA
/// states): one place, so every page says the same thing in English and German (issue 17; German per
/// <c>GLOSSARY.de.md</c>). The routing core's enum names are jargon ("AeImmediate"); reps read plain words
/// ("Senior AE, immediate" / "Senior AE, sofortige Reaktion"). The table is code rather than a resource file because
/// the decision trace's German (<see cref="TraceText"/>) looks the same words up inside stored English sentences.
/// </summary>
public sealed class RoutingWords
{
    private RoutingWords()
    {
    }

    /// <summary>English and German for each routing name a person reads; a name missing here reads as <see cref="Of"/>.</summary>
    private static readonly Dictionary<string, (string English, string German)> Words = new(StringComparer.Ordinal)
    {
        // Stages
        ["New"] = ("New", "Neu"),
        ["Assigned"] = ("Assigned", "Zugewiesen"),
        ["Accepted"] = ("Accepted", "Angenommen"),
        ["Contacted"] = ("Contacted", "Kontaktiert"),
        ["Qualified"] = ("Qualified", "Qualifiziert"),
        ["Converted"] = ("Won", "Gewonnen"),
        ["Nurture"] = ("Nurture", "Marketing-Nurture"),
        ["ManualReview"] = ("Manual review", "Manuelle Prüfung"),
        ["Unassigned"] = ("Unassigned", "Nicht zugewiesen"),
        ["Disqualified"] = ("Disqualified", "Disqualifiziert"),

        // Intent and fit
        ["High"] = ("high", "hoch"),
        ["Medium"] = ("medium", "mittel"),
        ["Low"] = ("low", "niedrig"),
        ["Strong"] = ("strong", "stark"),
        ["Weak"] = ("weak", "schwach"),

        // Treatments
        ["AeImmediate"] = ("Senior AE, immediate", "Senior AE, sofortige Reaktion"),
        ["SdrQualify"] = ("SDR qualifies first", "SDR-Qualifizierung zuerst"),
        ["SdrFastTrack"] = ("SDR fast track", "SDR mit beschleunigtem Pfad"),
        ["NurtureMonitored"] = ("Nurture, monitored", "Marketing-Nurture mit Monitoring"),
        ["NurtureOrDisqualify"] = ("Nurture or disqualify", "Marketing-Nurture oder Disqualifizierung"),

        // Deal tiers
        ["Small"] = ("Small", "Klein"),
        ["MidMarket"] = ("Mid-Market", "Mid-Market"),
        ["Enterprise"] = ("Enterprise", "Enterprise"),

        // Rep levels
        ["Sdr"] = ("SDR", "SDR"),
        ["JuniorAe"] = ("Junior AE", "Junior AE"),
        ["MidAe"] = ("Mid-Level AE", "Mid-Level AE"),
        ["SeniorAe"] = ("Senior AE", "Senior AE"),
        ["AccountDirector"] = ("Account Director", "Account Director"),

        // Distribution
        ["WeightedRoundRobin"] = ("Weighted round-robin", "Gewichteter Round-Robin"),
        ["LeastLoaded"] = ("Least loaded", "Geringste Auslastung"),
        ["NamedAccount"] = ("Named account", "Named-Account-Ownership"),
        ["AccountInPlay"] = ("Account in play", "Account bereits in Bearbeitung"),
        ["ExistingLead"] = ("Existing lead", "Bestehender Lead"),
        ["RepBackup"] = ("Rep's backup", "Backup des Mitarbeiters"),
        ["BackupPool"] = ("Backup pool", "Backup-Pool"),

        // Sources
        ["DemoRequest"] = ("Demo request", "Demo-Anfrage"),
        ["ContactSales"] = ("Contact sales", "Vertriebsanfrage"),
        ["PricingPageVisit"] = ("Pricing page visit", "Besuch der Preisseite"),
        ["OutboundReply"] = ("Outbound reply", "Antwort auf Outbound"),
        ["ContentDownload"] = ("Content download", "Content-Download"),
        ["Webinar"] = ("Webinar", "Webinar"),
        ["CaseStudyView"] = ("Case study view", "Fallstudie angesehen"),
        ["NewsletterSignup"] = ("Newsletter signup", "Newsletter-Anmeldung"),
        ["EventBadgeScan"] = ("Event badge scan", "Badge-Scan auf Event"),

        // Referrals
        ["None"] = ("none", "keine"),
        ["Vip"] = ("VIP", "VIP"),
        ["ExecutiveIntro"] = ("Executive intro", "Vorstellung durch die Geschäftsleitung"),

        // Availability
        ["Available"] = ("Available", "Verfügbar"),
        ["Away"] = ("Away", "Abwesend"),
        ["OutOfOffice"] = ("Out of office", "Abwesend (Out of Office)"),

        // First response and touches
        ["Pending"] = ("Pending", "Ausstehend"),
        ["Met"] = ("Met", "Eingehalten"),
        ["Missed"] = ("Missed", "Verfehlt"),
        ["Call"] = ("Call", "Anruf"),
        ["Email"] = ("Email", "E-Mail"),
        ["Meeting"] = ("Meeting", "Meeting"),

        // SLA states of the countdown
        ["OnTrack"] = ("On track", "Im Plan"),
        ["AtRisk"] = ("At risk", "Gefährdet"),
        ["Breached"] = ("Breached", "Überschritten"),
        ["Stopped"] = ("Clock stopped", "Uhr gestoppt"),
    };

    /// <summary>"ManualReview" → "Manual review".</summary>
    public static string Of(string pascalCase)
    {
        var text = new StringBuilder(pascalCase.Length + 4);
        for (var i = 0; i < pascalCase.Length; i++)
        {
            var c = pascalCase[i];
            var startsWord = i > 0 && char.IsUpper(c) && (char.IsLower(pascalCase[i - 1]) || (i + 1 < pascalCase.Length && char.IsLower(pascalCase[i + 1])));
            if (startsWord)
            {
                text.Append(' ').Append(char.ToLowerInvariant(c));
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    /// <summary>The plain word for a routing name in the culture's language: <c>Say(TreatmentAction.AeImmediate, de)</c> → "Senior AE, sofortige Reaktion".</summary>
    public static string Say<TEnum>(TEnum value, CultureInfo culture)
        where TEnum : struct, Enum => Say(value.ToString(), culture);

    /// <inheritdoc cref="Say{TEnum}(TEnum, CultureInfo)"/>
    public static string Say(string name, CultureInfo culture) =>
        Words.TryGetValue(name, out var word)
            ? culture.TwoLetterISOLanguageName == "de" ? word.German : word.English
            : Of(name);

    /// <summary>The German word for a routing name as the core writes it ("High", "DemoRequest"); null when there is none.</summary>
    public static string? German(string name) => Words.TryGetValue(name, out var word) ? word.German : null;

    /// <summary>Whether the name has words of its own (not only <see cref="Of"/>'s spacing).</summary>
    public static bool Knows(string name) => Words.ContainsKey(name);

    /// <summary>What the treatment means, in the words of DESIGN.md §5.</summary>
    public static string MeaningOf(TreatmentAction action) => action switch
    {
        TreatmentAction.AeImmediate => "straight to an AE, immediate response",
        TreatmentAction.SdrQualify => "an SDR qualifies first",
        TreatmentAction.SdrFastTrack => "SDR, accelerated: top of the queue, capped SLA",
        TreatmentAction.Nurture => "marketing nurture, no rep",
        TreatmentAction.NurtureMonitored => "nurture; re-routed when a new signal lifts intent",
        TreatmentAction.NurtureOrDisqualify => "nurture, or disqualified on a very weak fit",
        _ => action.ToString(),
    };
}
