using System.Net;
using System.Text;
using LeadRouting.Web.Components.Shared;
using LeadRouting.Web.Live;
using Microsoft.Extensions.Localization;

namespace LeadRouting.Web.Notifications;

/// <summary>
/// How a lead event reads in an email or a chat message, in its recipient's language and time zone
/// (<see cref="RecipientLocale"/>; made by <see cref="NotificationTexts"/>). Every value from the lead is escaped for
/// where it goes; the German texts are in <c>LeadEventText.de.resx</c>.
/// </summary>
public sealed class LeadEventText(IStringLocalizer<LeadEventText> T, RecipientLocale locale, RecipientClock clock)
{
    public static string LeadUrl(string baseUrl, string leadId) => $"{baseUrl.TrimEnd('/')}/leads/{Uri.EscapeDataString(leadId)}";

    /// <summary>"New lead: Jana Richter (Brightlabs GmbH)" / "Neuer Lead: …", on one line.</summary>
    public string Subject(LeadEvent e)
    {
        using var speaking = locale.Speak();
        var who = e.Contact ?? e.LeadId;
        return OneLine(e.Company is { Length: > 0 } company ? $"{Title(e.Kind)}: {who} ({company})" : $"{Title(e.Kind)}: {who}");
    }

    /// <summary>The facts as label/value lines; times in the recipient's zone, named: "6. Dez., 14:05 (Europe/Berlin)".</summary>
    public IReadOnlyList<(string Label, string Value)> Facts(LeadEvent e)
    {
        using var speaking = locale.Speak();
        var facts = new List<(string, string)>();
        if (e.Nudge is { } nudge)
        {
            facts.Add((T["Reminder"], Nudged(nudge)));
        }

        facts.Add((T["Stage"], Stage(e.Status)));
        Add(facts, T["Owner"], e.OwnerName ?? e.OwnerId);
        Add(facts, T["Team"], e.Team ?? e.TeamId);
        Add(facts, T["Respond by"], e.RespondBy is { } respondBy ? clock.When(respondBy) : null);
        Add(facts, T["Escalates at"], e.EscalateAt is { } escalateAt ? clock.When(escalateAt) : null);
        Add(facts, T["Reason"], e.Reason is { } reason ? Said(reason) : null);
        Add(facts, T["Manager"], e.ManagerName);
        Add(facts, T["By"], e.Actor);
        return facts;
    }

    /// <summary>
    /// The event's reason in the recipient's language. It is stored as the routing or the service wrote it: a routing
    /// name ("Converted", "Call", "Unassigned") or an English sentence ("declined by …: …", "Not accepted by … in time;
    /// reassigned"), which the lead page translates with the same table.
    /// </summary>
    private string Said(string reason) =>
        RoutingWords.Knows(reason) ? RoutingWords.Say(reason, locale.Culture) : TraceText.Of(reason, locale.Culture);

    public string PlainText(LeadEvent e, string leadUrl, LeadEventActionLinks? actions = null)
    {
        using var speaking = locale.Speak();
        var text = new StringBuilder().AppendLine(Subject(e)).AppendLine();
        foreach (var (label, value) in Facts(e))
        {
            text.Append(label).Append(": ").AppendLine(OneLine(value));
        }

        text.AppendLine();
        if (actions is not null)
        {
            text.Append(T["Accept"]).Append(": ").AppendLine(actions.AcceptUrl)
                .Append(T["Decline…"]).Append(": ").AppendLine(actions.DeclineUrl);
        }

        return text.Append(T["Open the lead"]).Append(": ").AppendLine(leadUrl).ToString();
    }

    public string Html(LeadEvent e, string leadUrl, LeadEventActionLinks? actions = null)
    {
        using var speaking = locale.Speak();
        var html = new StringBuilder()
            .Append("<p><strong>").Append(WebUtility.HtmlEncode(Subject(e))).Append("</strong></p><table>");
        foreach (var (label, value) in Facts(e))
        {
            html.Append("<tr><td>").Append(WebUtility.HtmlEncode(label)).Append("</td><td>").Append(WebUtility.HtmlEncode(value)).Append("</td></tr>");
        }

        html.Append("</table>");
        if (actions is not null)
        {
            html.Append("<p><a href=\"").Append(WebUtility.HtmlEncode(actions.AcceptUrl)).Append("\"><strong>").Append(WebUtility.HtmlEncode(T["Accept"]))
                .Append("</strong></a> &middot; <a href=\"").Append(WebUtility.HtmlEncode(actions.DeclineUrl)).Append("\">")
                .Append(WebUtility.HtmlEncode(T["Decline…"])).Append("</a></p>");
        }

        return html.Append("<p><a href=\"").Append(WebUtility.HtmlEncode(leadUrl)).Append("\">")
            .Append(WebUtility.HtmlEncode(T["Open the lead"])).Append("</a></p>").ToString();
    }

    /// <summary>Slack mrkdwn: <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c> escaped, so a lead's name cannot become a link or a mention.</summary>
    public string Slack(LeadEvent e, string leadUrl)
    {
        using var speaking = locale.Speak();
        var text = new StringBuilder().Append('*').Append(SlackEscape(Subject(e))).Append('*');
        foreach (var (label, value) in Facts(e))
        {
            text.Append('\n').Append(label).Append(": ").Append(SlackEscape(OneLine(value)));
        }

        return text.Append("\n<").Append(SlackEscape(leadUrl)).Append('|').Append(SlackEscape(T["Open the lead"])).Append('>').ToString();
    }

    /// <summary>The Accept button's label (Slack).</summary>
    public string Accept
    {
        get
        {
            using var speaking = locale.Speak();
            return T["Accept"];
        }
    }

    /// <summary>The Decline… button's label (Slack).</summary>
    public string Decline
    {
        get
        {
            using var speaking = locale.Speak();
            return T["Decline…"];
        }
    }

    private string Title(LeadEventKind kind) => kind switch
    {
        LeadEventKind.Routed => T["New lead"],
        LeadEventKind.Merged => T["Lead updated"],
        LeadEventKind.Rerouted => T["Lead re-routed"],
        LeadEventKind.Accepted => T["Lead accepted"],
        LeadEventKind.Declined => T["Lead declined"],
        LeadEventKind.Reassigned => T["Lead reassigned"],
        LeadEventKind.Escalated => T["Lead escalated"],
        LeadEventKind.Touched => T["Lead contacted"],
        LeadEventKind.ManagerNotice => T["Action needed"],
        LeadEventKind.Outcome => T["Lead outcome"],
        LeadEventKind.ImportDigest => T["Import finished"],
        LeadEventKind.Nudge => T["Reminder"],
        LeadEventKind.MeetingBooked => T["Meeting booked"],
        LeadEventKind.MeetingCancelled => T["Meeting cancelled"],
        LeadEventKind.MeetingRescheduled => T["Meeting moved"],
        LeadEventKind.MeetingReassigned => T["Meeting handed over"],
        _ => kind.ToString(),
    };

    /// <summary>"80 % of the time to accept has passed; it ends 30 Nov, 15:30 (Europe/Berlin)".</summary>
    private string Nudged(NudgeNotice nudge) => nudge.Window switch
    {
        NudgeWindow.Acceptance => T["{0} % of the time to accept has passed; it ends {1}", nudge.Percent, clock.When(nudge.Deadline)],
        NudgeWindow.Response => T["{0} % of the time to respond has passed; the target is {1}", nudge.Percent, clock.When(nudge.Deadline)],
        _ => T["High-intent lead nobody has answered yet; its response target is {0}", clock.When(nudge.Deadline)],
    };

    private string Stage(LeadStage stage) => stage switch
    {
        LeadStage.New => T["New"],
        LeadStage.Assigned => T["Assigned"],
        LeadStage.Accepted => T["Accepted"],
        LeadStage.Contacted => T["Contacted"],
        LeadStage.Qualified => T["Qualified"],
        LeadStage.Converted => T["Converted"],
        LeadStage.Nurture => T["Nurture"],
        LeadStage.ManualReview => T["Manual review"],
        LeadStage.Unassigned => T["Unassigned"],
        LeadStage.Disqualified => T["Disqualified"],
        _ => stage.ToString(),
    };

    private static string SlackEscape(string value) => value.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    private static string OneLine(string value) => string.Concat(value.Select(c => char.IsControl(c) ? ' ' : c));

    private static void Add(List<(string, string)> facts, string label, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            facts.Add((label, value));
        }
    }
}

/// <summary>The signed one-click links of an email to a lead's owner (<see cref="Leads.ActionLinks"/>).</summary>
public sealed record LeadEventActionLinks(string AcceptUrl, string DeclineUrl);
