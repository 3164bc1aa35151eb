using System.Net;
using System.Text;
using LeadRouting.Web.Live;
using MimeKit;

namespace LeadRouting.Web.Notifications;

/// <summary>How an import digest reads in an email: plain text and HTML, every value from the file escaped.</summary>
public static class ImportDigestText
{
    /// <summary>"Import: 180 leads need your action (200 rows)" for a manager, "Import: 12 new leads for you" for a rep.</summary>
    public static string Subject(ImportDigest digest) => digest.Audience == ImportDigestAudience.Rep
        ? $"Import: {Count(digest.LeadCount, "new lead")} for you"
        : digest.NeedsAction > 0
            ? $"Import: {Count(digest.NeedsAction, "lead")} need{(digest.NeedsAction == 1 ? "s" : "")} your action ({Count(digest.Rows, "row")})"
            : $"Import: {Count(digest.Rows, "row")} imported";

    /// <summary>Where the digest's link goes: the board's queues for a manager, the inbox for a rep.</summary>
    public static string QueueUrl(string baseUrl, ImportDigest digest) =>
        $"{baseUrl.TrimEnd('/')}/{(digest.Audience == ImportDigestAudience.Rep ? "inbox" : "board")}";

    /// <summary>The file's counts, then the recipient's outcomes, as label/value lines.</summary>
    public static IReadOnlyList<(string Label, string Value)> Facts(LeadEvent e, ImportDigest digest)
    {
        var facts = new List<(string, string)>
        {
            ("Rows", N(digest.Rows)),
            ("Created", N(digest.Created)),
            ("Merged", N(digest.Merged)),
            ("Already imported", N(digest.Replayed)),
            ("Rejected", N(digest.Rejected)),
        };
        if (digest.Teams.Count > 0)
        {
            facts.Add(("Your teams", string.Join(", ", digest.Teams)));
        }

        foreach (var (stage, count) in digest.Outcomes)
        {
            facts.Add((Words(stage), N(count)));
        }

        if (digest.Audience == ImportDigestAudience.Manager)
        {
            facts.Add(("Need your action", N(digest.NeedsAction)));
        }

        facts.Add(("Imported by", e.Actor));
        facts.Add(("Import", e.LeadId));
        return facts;
    }

    public static MimeMessage Email(LeadEvent e, ImportDigest digest, NotificationOptions settings, long deliveryId, DateTimeOffset now)
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

    public static string PlainText(LeadEvent e, ImportDigest digest, string baseUrl)
    {
        var text = new StringBuilder().AppendLine(Subject(digest)).AppendLine();
        if (digest.Interrupted)
        {
            text.AppendLine("The import stopped early; these counts cover the rows stored before it stopped.").AppendLine();
        }

        foreach (var (label, value) in Facts(e, digest))
        {
            text.Append(label).Append(": ").AppendLine(OneLine(value));
        }

        if (digest.Leads.Count > 0)
        {
            text.AppendLine().AppendLine("Your new leads:");
            foreach (var lead in digest.Leads)
            {
                text.Append("- ").Append(OneLine(Name(lead))).Append(Due(lead)).Append(": ").AppendLine(LeadEventText.LeadUrl(baseUrl, lead.LeadId));
            }

            if (digest.LeadCount > digest.Leads.Count)
            {
                text.Append("… and ").Append(N(digest.LeadCount - digest.Leads.Count)).AppendLine(" more in your inbox.");
            }
        }

        return text.AppendLine().Append(digest.Audience == ImportDigestAudience.Rep ? "Open your inbox: " : "Open the queues: ")
            .AppendLine(QueueUrl(baseUrl, digest)).ToString();
    }

    public static string Html(LeadEvent e, ImportDigest digest, string baseUrl)
    {
        var html = new StringBuilder().Append("<p><strong>").Append(Encode(Subject(digest))).Append("</strong></p>");
        if (digest.Interrupted)
        {
            html.Append("<p>The import stopped early; these counts cover the rows stored before it stopped.</p>");
        }

        html.Append("<table>");
        foreach (var (label, value) in Facts(e, digest))
        {
            html.Append("<tr><td>").Append(Encode(label)).Append("</td><td>").Append(Encode(value)).Append("</td></tr>");
        }

        html.Append("</table>");
        if (digest.Leads.Count > 0)
        {
            html.Append("<p>Your new leads:</p><ul>");
            foreach (var lead in digest.Leads)
            {
                html.Append("<li><a href=\"").Append(Encode(LeadEventText.LeadUrl(baseUrl, lead.LeadId))).Append("\">")
                    .Append(Encode(Name(lead))).Append("</a>").Append(Encode(Due(lead))).Append("</li>");
            }

            html.Append("</ul>");
            if (digest.LeadCount > digest.Leads.Count)
            {
                html.Append("<p>… and ").Append(N(digest.LeadCount - digest.Leads.Count)).Append(" more in your inbox.</p>");
            }
        }

        return html.Append("<p><a href=\"").Append(Encode(QueueUrl(baseUrl, digest))).Append("\">")
            .Append(digest.Audience == ImportDigestAudience.Rep ? "Open your inbox" : "Open the queues").Append("</a></p>").ToString();
    }

    private static string Name(ImportDigestLead lead) => lead.Company is { Length: > 0 } company ? $"{lead.Contact} ({company})" : lead.Contact;

    private static string Due(ImportDigestLead lead) =>
        lead.RespondBy is { } at ? $", respond by {at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}" : "";

    private static string Words(string stage) => stage switch
    {
        "ManualReview" => "Manual review",
        _ => stage,
    };

    private static string Count(int count, string noun) => $"{N(count)} {noun}{(count == 1 ? "" : "s")}";

    private static string N(int count) => count.ToString("N0", CultureInfo.InvariantCulture);

    private static string Encode(string value) => WebUtility.HtmlEncode(value);

    private static string OneLine(string value) => string.Concat(value.Select(c => char.IsControl(c) ? ' ' : c));
}
