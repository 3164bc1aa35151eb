using System.Net;
using System.Text;
using LeadRouting.Web.Live;
using Microsoft.Extensions.Localization;
using MimeKit;

namespace LeadRouting.Web.Notifications;

/// <summary>
/// How an import digest reads in an email: plain text and HTML, every value from the file escaped, in the recipient's
/// language and time zone (made by <see cref="NotificationTexts"/>; German in <c>ImportDigestText.de.resx</c>).
/// </summary>
public sealed class ImportDigestText(IStringLocalizer<ImportDigestText> T, RecipientLocale locale, RecipientClock clock)
{
    /// <summary>"Import: 180 leads need your action (200 rows)" for a manager, "Import: 12 new leads for you" for a rep.</summary>
    public string Subject(ImportDigest digest)
    {
        using var speaking = locale.Speak();
        if (digest.Audience == ImportDigestAudience.Rep)
        {
            return digest.LeadCount == 1 ? T["Import: 1 new lead for you"] : T["Import: {0} new leads for you", N(digest.LeadCount)];
        }

        var rows = digest.Rows == 1 ? T["1 row"] : T["{0} rows", N(digest.Rows)];
        return digest.NeedsAction switch
        {
            1 => T["Import: 1 lead needs your action ({0})", rows],
            > 1 => T["Import: {0} leads need your action ({1})", N(digest.NeedsAction), rows],
            _ => T["Import: {0} imported", rows],
        };
    }

    /// <summary>Where the digest's link goes: the board's queues for a manager, the inbox for a rep.</summary>
    public static string QueueUrl(string baseUrl, ImportDigest digest) =>
        $"{baseUrl.TrimEnd('/')}/{(digest.Audience == ImportDigestAudience.Rep ? "inbox" : "board")}";

    /// <summary>The file's counts, then the recipient's outcomes, as label/value lines.</summary>
    public IReadOnlyList<(string Label, string Value)> Facts(LeadEvent e, ImportDigest digest)
    {
        using var speaking = locale.Speak();
        var facts = new List<(string, string)>
        {
            (T["Rows"], N(digest.Rows)),
            (T["Created"], N(digest.Created)),
            (T["Merged"], N(digest.Merged)),
            (T["Already imported"], N(digest.Replayed)),
            (T["Rejected"], N(digest.Rejected)),
        };
        if (digest.Teams.Count > 0)
        {
            facts.Add((T["Your teams"], string.Join(", ", digest.Teams)));
        }

        foreach (var (stage, count) in digest.Outcomes)
        {
            facts.Add((Words(stage), N(count)));
        }

        if (digest.Audience == ImportDigestAudience.Manager)
        {
            facts.Add((T["Need your action"], N(digest.NeedsAction)));
        }

        facts.Add((T["Imported by"], e.Actor));
        facts.Add((T["Import"], e.LeadId));
        return facts;
    }

    public MimeMessage Email(LeadEvent e, ImportDigest digest, NotificationOptions settings, long deliveryId, DateTimeOffset now)
    {
        var message = new MimeMessage
        {
            Subject = Subject(digest),
            Date = now,
            // The same id on every retry, so a mail system that got the message but lost our connection can drop the copy.
            MessageId = $"delivery-{deliveryId}.{e.LeadId}@leadrouting",
            Body = new BodyBuilder { TextBody = PlainText(e, digest, settings.BaseUrl), HtmlBody = Html(e, digest, settings.BaseUrl) }.ToMessageBody(),
        };
        message.From.Add(MailboxAddress.Parse(settings.Smtp.From));
        message.To.Add(MailboxAddress.Parse(digest.Recipient));
        return message;
    }

    public string PlainText(LeadEvent e, ImportDigest digest, string baseUrl)
    {
        using var speaking = locale.Speak();
        var text = new StringBuilder().AppendLine(Subject(digest)).AppendLine();
        if (digest.Interrupted)
        {
            text.AppendLine(T["The import stopped early; these counts cover the rows stored before it stopped."]).AppendLine();
        }

        foreach (var (label, value) in Facts(e, digest))
        {
            text.Append(label).Append(": ").AppendLine(OneLine(value));
        }

        if (digest.Leads.Count > 0)
        {
            text.AppendLine().Append(T["Your new leads"]).AppendLine(":");
            foreach (var lead in digest.Leads)
            {
                text.Append("- ").Append(OneLine(Name(lead))).Append(Due(lead)).Append(": ").AppendLine(LeadEventText.LeadUrl(baseUrl, lead.LeadId));
            }

            if (digest.LeadCount > digest.Leads.Count)
            {
                text.AppendLine(More(digest));
            }
        }

        return text.AppendLine().Append(OpenLink(digest)).Append(": ").AppendLine(QueueUrl(baseUrl, digest)).ToString();
    }

    public string Html(LeadEvent e, ImportDigest digest, string baseUrl)
    {
        using var speaking = locale.Speak();
        var html = new StringBuilder().Append("<p><strong>").Append(Encode(Subject(digest))).Append("</strong></p>");
        if (digest.Interrupted)
        {
            html.Append("<p>").Append(Encode(T["The import stopped early; these counts cover the rows stored before it stopped."])).Append("</p>");
        }

        html.Append("<table>");
        foreach (var (label, value) in Facts(e, digest))
        {
            html.Append("<tr><td>").Append(Encode(label)).Append("</td><td>").Append(Encode(value)).Append("</td></tr>");
        }

        html.Append("</table>");
        if (digest.Leads.Count > 0)
        {
            html.Append("<p>").Append(Encode(T["Your new leads"])).Append(":</p><ul>");
            foreach (var lead in digest.Leads)
            {
                html.Append("<li><a href=\"").Append(Encode(LeadEventText.LeadUrl(baseUrl, lead.LeadId))).Append("\">")
                    .Append(Encode(Name(lead))).Append("</a>").Append(Encode(Due(lead))).Append("</li>");
            }

            html.Append("</ul>");
            if (digest.LeadCount > digest.Leads.Count)
            {
                html.Append("<p>").Append(Encode(More(digest))).Append("</p>");
            }
        }

        return html.Append("<p><a href=\"").Append(Encode(QueueUrl(baseUrl, digest))).Append("\">")
            .Append(Encode(OpenLink(digest))).Append("</a></p>").ToString();
    }

    private string OpenLink(ImportDigest digest) => digest.Audience == ImportDigestAudience.Rep ? T["Open your inbox"] : T["Open the queues"];

    private string More(ImportDigest digest) => T["… and {0} more in your inbox.", N(digest.LeadCount - digest.Leads.Count)];

    private static string Name(ImportDigestLead lead) => lead.Company is { Length: > 0 } company ? $"{lead.Contact} ({company})" : lead.Contact;

    private string Due(ImportDigestLead lead) => lead.RespondBy is { } at ? ", " + T["respond by {0}", clock.When(at)] : "";

    private string Words(string stage) => stage switch
    {
        "Assigned" => T["Assigned"],
        "Unassigned" => T["Unassigned"],
        "ManualReview" => T["Manual review"],
        "Nurture" => T["Nurture"],
        "Disqualified" => T["Disqualified"],
        _ => stage,
    };

    private string N(int count) => clock.Number(count);

    private static string Encode(string value) => WebUtility.HtmlEncode(value);

    private static string OneLine(string value) => string.Concat(value.Select(c => char.IsControl(c) ? ' ' : c));
}
