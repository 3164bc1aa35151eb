using System.Net;
using System.Text;
using LeadRouting.Web.Notifications;
using Microsoft.Extensions.Localization;

namespace LeadRouting.Web.Booking;

/// <summary>
/// The words of an invitation email, in its reader's language and zone (German in <c>InvitationText.de.resx</c>). Every
/// name is HTML-encoded in the HTML part and kept on one line in the subject.
/// </summary>
public sealed class InvitationText(IStringLocalizer<InvitationText> T, RecipientLocale locale, RecipientClock clock)
{
    public string RescheduleLabel
    {
        get
        {
            using var speaking = locale.Speak();
            return T["Reschedule"];
        }
    }

    public string CancelLabel
    {
        get
        {
            using var speaking = locale.Speak();
            return T["Cancel"];
        }
    }

    public string Summary(string buyer, string rep, string? company)
    {
        using var speaking = locale.Speak();
        return OneLine(company is { Length: > 0 } ? T["Meeting: {0} ({1}) and {2}", buyer, company, rep] : T["Meeting: {0} and {1}", buyer, rep]);
    }

    public string Subject(bool cancelled, string other, DateTimeOffset start, bool moved = false)
    {
        using var speaking = locale.Speak();
        return OneLine(
            cancelled ? T["Cancelled: meeting with {0} on {1}", other, clock.When(start)]
            : moved ? T["Moved: meeting with {0} now on {1}", other, clock.When(start)]
            : T["Meeting with {0} on {1}", other, clock.When(start)]);
    }

    public IReadOnlyList<string> Lines(bool cancelled, bool toBuyer, string other, DateTimeOffset start, DateTimeOffset end, bool moved = false)
    {
        using var speaking = locale.Speak();
        var when = clock.When(start);
        var minutes = (int)(end - start).TotalMinutes;
        return cancelled
            ? [T["The meeting with {0} on {1} is cancelled.", other, when]]
            : moved
                ? [T["The meeting with {0} has moved to {1} ({2} minutes).", other, when, minutes], T["The updated invitation is attached; it replaces the earlier one in your calendar."]]
            : toBuyer
                ? [T["Your meeting with {0} is booked: {1} ({2} minutes).", other, when, minutes], T["The invitation is attached; add it to your calendar."]]
                : [T["{0} booked a meeting with you: {1} ({2} minutes).", other, when, minutes], T["The invitation is attached; the meeting is a task on the lead."]];
    }

    /// <summary>
    /// The lines of a meeting handed to <paramref name="newRep"/> because <paramref name="absentRep"/> is out of office
    /// (same time): for the buyer, or for the new rep (<paramref name="buyer"/> their counterpart).
    /// </summary>
    public IReadOnlyList<string> HandedOverLines(bool toBuyer, string newRep, string absentRep, string buyer, DateTimeOffset start, DateTimeOffset end)
    {
        using var speaking = locale.Speak();
        var when = clock.When(start);
        var minutes = (int)(end - start).TotalMinutes;
        return toBuyer
            ? [T["{0} is out of office; {1} takes over your meeting on {2} ({3} minutes).", absentRep, newRep, when, minutes], T["The updated invitation is attached; it replaces the earlier one in your calendar."]]
            : [T["{0} is out of office: you take over their meeting with {1} on {2} ({3} minutes).", absentRep, buyer, when, minutes], T["The invitation is attached; the meeting is a task on the lead."]];
    }

    public string PlainText(IReadOnlyList<string> lines, MeetingLinks? links, string? leadUrl)
    {
        using var speaking = locale.Speak();
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            text.AppendLine(OneLine(line));
        }

        text.AppendLine();
        if (links is not null)
        {
            text.Append(T["Reschedule"]).Append(": ").AppendLine(links.Reschedule.AbsoluteUri)
                .Append(T["Cancel"]).Append(": ").AppendLine(links.Cancel.AbsoluteUri);
        }

        if (leadUrl is not null)
        {
            text.Append(T["Open the lead"]).Append(": ").AppendLine(leadUrl);
        }

        return text.ToString();
    }

    public string Html(IReadOnlyList<string> lines, MeetingLinks? links, string? leadUrl)
    {
        using var speaking = locale.Speak();
        var html = new StringBuilder();
        foreach (var line in lines)
        {
            html.Append("<p>").Append(WebUtility.HtmlEncode(line)).Append("</p>");
        }

        if (links is not null)
        {
            Link(html, T["Reschedule"], links.Reschedule.AbsoluteUri);
            Link(html, T["Cancel"], links.Cancel.AbsoluteUri);
        }

        if (leadUrl is not null)
        {
            Link(html, T["Open the lead"], leadUrl);
        }

        return html.ToString();
    }

    private static void Link(StringBuilder html, string label, string url) =>
        html.Append("<p><a href=\"").Append(WebUtility.HtmlEncode(url)).Append("\">").Append(WebUtility.HtmlEncode(label)).Append("</a></p>");

    private static string OneLine(string text) => new([.. text.Select(c => char.IsControl(c) ? ' ' : c)]);
}
