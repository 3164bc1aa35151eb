using System.Net;
using System.Text;
using LeadRouting.Web.Live;

namespace LeadRouting.Web.Notifications;

/// <summary>How a lead event reads in an email or a chat message. Every value from the lead is escaped for where it goes.</summary>
public static class LeadEventText
{
    public static string Title(LeadEventKind kind) => kind switch
    {
        LeadEventKind.Routed => "New lead",
        LeadEventKind.Merged => "Lead updated",
        LeadEventKind.Rerouted => "Lead re-routed",
        LeadEventKind.Accepted => "Lead accepted",
        LeadEventKind.Declined => "Lead declined",
        LeadEventKind.Reassigned => "Lead reassigned",
        LeadEventKind.Escalated => "Lead escalated",
        LeadEventKind.Touched => "Lead contacted",
        LeadEventKind.ManagerNotice => "Action needed",
        LeadEventKind.Outcome => "Lead outcome",
        LeadEventKind.ImportDigest => "Import finished",
        _ => kind.ToString(),
    };

    public static string LeadUrl(string baseUrl, string leadId) => $"{baseUrl.TrimEnd('/')}/leads/{Uri.EscapeDataString(leadId)}";

    /// <summary>"New lead: Jana Richter (Brightlabs GmbH)", on one line.</summary>
    public static string Subject(LeadEvent e)
    {
        var who = e.Contact ?? e.LeadId;
        return OneLine(e.Company is { Length: > 0 } company ? $"{Title(e.Kind)}: {who} ({company})" : $"{Title(e.Kind)}: {who}");
    }

    public static IReadOnlyList<(string Label, string Value)> Facts(LeadEvent e)
    {
        var facts = new List<(string, string)> { ("Stage", e.Status.ToString()) };
        Add(facts, "Owner", e.OwnerName ?? e.OwnerId);
        Add(facts, "Team", e.Team ?? e.TeamId);
        Add(facts, "Respond by", Instant(e.RespondBy));
        Add(facts, "Escalates at", Instant(e.EscalateAt));
        Add(facts, "Reason", e.Reason);
        Add(facts, "Manager", e.ManagerName);
        Add(facts, "By", e.Actor);
        return facts;
    }

    public static string PlainText(LeadEvent e, string leadUrl)
    {
        var text = new StringBuilder().AppendLine(Subject(e)).AppendLine();
        foreach (var (label, value) in Facts(e))
        {
            text.Append(label).Append(": ").AppendLine(OneLine(value));
        }

        return text.AppendLine().Append("Open the lead: ").AppendLine(leadUrl).ToString();
    }

    public static string Html(LeadEvent e, string leadUrl)
    {
        var html = new StringBuilder()
            .Append("<p><strong>").Append(WebUtility.HtmlEncode(Subject(e))).Append("</strong></p><table>");
        foreach (var (label, value) in Facts(e))
        {
            html.Append("<tr><td>").Append(WebUtility.HtmlEncode(label)).Append("</td><td>").Append(WebUtility.HtmlEncode(value)).Append("</td></tr>");
        }

        return html.Append("</table><p><a href=\"").Append(WebUtility.HtmlEncode(leadUrl)).Append("\">Open the lead</a></p>").ToString();
    }

    /// <summary>Slack mrkdwn: <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c> escaped, so a lead's name cannot become a link or a mention.</summary>
    public static string Slack(LeadEvent e, string leadUrl)
    {
        var text = new StringBuilder().Append('*').Append(SlackEscape(Subject(e))).Append('*');
        foreach (var (label, value) in Facts(e))
        {
            text.Append('\n').Append(label).Append(": ").Append(SlackEscape(OneLine(value)));
        }

        return text.Append("\n<").Append(SlackEscape(leadUrl)).Append("|Open the lead>").ToString();
    }

    private static string SlackEscape(string value) => value.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    private static string OneLine(string value) => string.Concat(value.Select(c => char.IsControl(c) ? ' ' : c));

    private static string? Instant(DateTimeOffset? at) =>
        at?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static void Add(List<(string, string)> facts, string label, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            facts.Add((label, value));
        }
    }
}
