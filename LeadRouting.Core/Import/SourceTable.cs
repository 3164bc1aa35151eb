using System.Collections.Frozen;
using LeadRouting.Core.Leads;

namespace LeadRouting.Core.Import;

/// <summary>
/// Maps a CRM's source wording (Salesforce's Lead Source, HubSpot's Original Source) to the lead's <c>source</c>, a
/// <see cref="SignalType"/>. Matched by <see cref="WordingKey"/>: case, spaces, punctuation and umlauts do not count
/// (<c>Web Form</c> = <c>web-form</c>, <c>E-Mail</c> = <c>email</c>). The default table reads a source as the signal
/// that says as much about intent (DESIGN.md §3, the default intent rules):
/// <list type="bullet">
/// <item>the signal names themselves (<c>DemoRequest</c>, <c>Demo Request</c>, …);</item>
/// <item>DemoRequest: <c>Demo</c>, <c>Demo Request</c>, <c>Demoanfrage</c>, <c>Free Trial</c>;</item>
/// <item>ContactSales — someone asked to talk: <c>Web</c>, <c>Website</c>, <c>Web Form</c>, <c>Contact Us</c>,
/// <c>Inbound</c>, <c>Phone Inquiry</c>, <c>Kontaktformular</c>, <c>Anfrage</c>, and referrals, where someone vouched
/// for the contact: <c>Partner Referral</c>, <c>Employee Referral</c>, <c>External Referral</c>, <c>Referrals</c>,
/// <c>Word of mouth</c>, <c>Empfehlung</c>;</item>
/// <item>OutboundReply — a rep's outreach answered: <c>Cold Call</c>, <c>Outbound</c>, <c>Sales Outreach</c>,
/// <c>Kaltakquise</c>;</item>
/// <item>Webinar: <c>Webinar</c>, <c>Seminar</c>, <c>Online-Seminar</c>;</item>
/// <item>EventBadgeScan — met in person: <c>Trade Show</c>, <c>Messe</c>, <c>Event</c>, <c>Conference</c>,
/// <c>Konferenz</c>, <c>Veranstaltung</c>, and HubSpot's <c>Offline sources</c>;</item>
/// <item>NewsletterSignup — an address on a list, no request: <c>Email</c>, <c>Newsletter</c>, <c>Email marketing</c>,
/// <c>Mailing</c>, <c>Purchased List</c>, <c>Gekaufte Liste</c>, <c>Adressliste</c>;</item>
/// <item>ContentDownload — arrived through marketing without asking for sales (a channel, not a request):
/// <c>Organic Search</c>, <c>Paid Search</c>, <c>Direct traffic</c>, <c>Social media</c>, <c>Organic social</c>,
/// <c>Paid social</c>, <c>Other campaigns</c>, <c>Advertisement</c>, <c>Banner Ads</c>, <c>Whitepaper</c>,
/// <c>Content Download</c>, <c>Other</c>, <c>Sonstige</c>, <c>Andere</c>;</item>
/// <item>PricingPageVisit: <c>Pricing Page</c>, <c>Preisseite</c>; CaseStudyView: <c>Case Study</c>, <c>Fallstudie</c>.</item>
/// </list>
/// The table is editable (the "mapped from CRM wording through an editable table"): <see cref="With"/> adds
/// the user's wordings and overrides defaults. An unmapped wording is refused with the value and the valid choices named.
/// </summary>
public sealed class SourceTable
{
    private static readonly (SignalType Source, string[] Wordings)[] Defaults =
    [
        (SignalType.DemoRequest, ["Demo", "Demo Request", "Demoanfrage", "Free Trial"]),
        (SignalType.ContactSales, [
            "Web", "Website", "Web Site", "Web Form", "Contact Us", "Inbound", "Phone Inquiry", "Kontaktformular", "Webformular", "Anfrage",
            "Partner Referral", "Employee Referral", "External Referral", "Referral", "Referrals", "Word of mouth", "Empfehlung"]),
        (SignalType.OutboundReply, ["Cold Call", "Outbound", "Sales Outreach", "Kaltakquise"]),
        (SignalType.Webinar, ["Seminar", "Online-Seminar"]),
        (SignalType.EventBadgeScan, ["Trade Show", "Tradeshow", "Messe", "Event", "Conference", "Konferenz", "Veranstaltung", "Offline sources"]),
        (SignalType.NewsletterSignup, ["Email", "Newsletter", "Email marketing", "Mailing", "Purchased List", "Gekaufte Liste", "Adressliste"]),
        (SignalType.ContentDownload, [
            "Organic Search", "Paid Search", "Direct traffic", "Social media", "Organic social", "Paid social", "Other campaigns",
            "Advertisement", "Banner Ads", "Whitepaper", "Other", "Sonstige", "Andere"]),
        (SignalType.PricingPageVisit, ["Pricing Page", "Preisseite"]),
        (SignalType.CaseStudyView, ["Case Study", "Fallstudie"]),
    ];

    private readonly FrozenDictionary<string, SignalType> _table;

    private SourceTable(FrozenDictionary<string, SignalType> table) => _table = table;

    /// <summary>The default table described above.</summary>
    public static SourceTable Default { get; } = new(WordingKey.Table(
        Enum.GetValues<SignalType>().Select(s => (s.ToString(), s))
            .Concat(Defaults.SelectMany(d => d.Wordings.Select(w => (w, d.Source))))));

    /// <summary>Every default wording with its source, for tests and the import page's table.</summary>
    public static IEnumerable<(string Wording, SignalType Source)> DefaultWordings => Defaults.SelectMany(d => d.Wordings.Select(w => (w, d.Source)));

    /// <summary>
    /// This table with the user's wordings added; a user's wording overrides a default one with the same key
    /// (<c>{"Web": "DemoRequest"}</c> makes Salesforce's Web source a demo request). Null with the reason in
    /// <paramref name="problem"/> when a value is not a source (naming the wording and the valid choices) or a
    /// wording is empty; nothing is changed then.
    /// </summary>
    public SourceTable? With(IReadOnlyDictionary<string, string> userWordings, out string? problem)
    {
        problem = null;
        var table = new Dictionary<string, SignalType>(_table, StringComparer.Ordinal);
        foreach (var (wording, name) in userWordings)
        {
            if (string.IsNullOrWhiteSpace(WordingKey.SpelledOut(wording)))
            {
                problem = $"'{TextRules.Shorten(wording)}' has no letters or digits to match a source by.";
                return null;
            }

            var source = LeadValueText.Choice<SignalType>("source", name, new FieldErrors());
            if (source is null)
            {
                problem = $"'{TextRules.Shorten(wording)}' cannot map to '{TextRules.Shorten(name)}': valid sources are {LeadValueText.AllowedValues<SignalType>()}.";
                return null;
            }

            var (spelledOut, stripped) = WordingKey.Of(wording);
            table[spelledOut] = source.Value;
            table[stripped] = source.Value;
        }

        return new SourceTable(table.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>The source <paramref name="text"/> means, or null with the reason in <paramref name="problem"/>.</summary>
    public SignalType? Read(string text, out string? problem)
    {
        problem = null;
        if (!string.IsNullOrWhiteSpace(text) && WordingKey.TryFind(_table, text, out var source))
        {
            return source;
        }

        problem = $"'{TextRules.Shorten(text)}' is not a source this import knows: add it to the source table, mapped to one of " +
            $"{LeadValueText.AllowedValues<SignalType>()}.";
        return null;
    }
}
