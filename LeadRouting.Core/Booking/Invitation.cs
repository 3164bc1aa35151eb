using System.Text;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using LeadRouting.Core.Leads;

namespace LeadRouting.Core.Booking;

/// <summary>Someone on an invitation: a display name and an email address.</summary>
public sealed record InvitationParty(string Name, string Email);

/// <summary>What an invitation for a booked meeting says. All instants are absolute; they are written in UTC.</summary>
public sealed record MeetingInvitation
{
    /// <summary>The meeting's UID, the same on every invitation and cancellation of it (<see cref="Invitation.UidFor"/>).</summary>
    public required string Uid { get; init; }

    /// <summary>0 for the first invitation; each update (reschedule, new rep) raises it by one.</summary>
    public required int Sequence { get; init; }

    public required DateTimeOffset Start { get; init; }
    public required DateTimeOffset End { get; init; }

    /// <summary>When the invitation is written (DTSTAMP): the caller's clock, never read here.</summary>
    public required DateTimeOffset Stamp { get; init; }

    /// <summary>The rep: ORGANIZER and an attendee who has accepted.</summary>
    public required InvitationParty Rep { get; init; }

    /// <summary>The buyer: an attendee asked to reply.</summary>
    public required InvitationParty Buyer { get; init; }

    public required string Summary { get; init; }
    public string? Description { get; init; }
    public string? Location { get; init; }

    /// <summary>Where the buyer picks another time (also the event's URL); optional.</summary>
    public Uri? RescheduleUrl { get; init; }

    /// <summary>Where the buyer cancels; optional.</summary>
    public Uri? CancelUrl { get; init; }

    /// <summary>The words before the reschedule link in the description, in the reader's language.</summary>
    public string RescheduleLabel { get; init; } = "Reschedule";

    /// <summary>The words before the cancel link in the description, in the reader's language.</summary>
    public string CancelLabel { get; init; } = "Cancel";
}

/// <summary>
/// iCalendar (RFC 5545/5546) texts for a booked meeting, written with iCal.NET: a METHOD:REQUEST invitation and a
/// METHOD:CANCEL cancellation with the same UID and a higher SEQUENCE, which calendar clients match to the meeting.
/// RFC 5545 allows one URL per event, so the reschedule link is the URL and both links are in the description and in
/// X-LEADROUTING-RESCHEDULE-URL / X-LEADROUTING-CANCEL-URL. Names are cleaned of control characters and quotes and
/// addresses are checked, so no text given can add a line or a parameter to the invitation.
/// </summary>
public static class Invitation
{
    public const string ProductId = "-//LeadRouting//Booking//EN";
    public const string RescheduleUrlProperty = "X-LEADROUTING-RESCHEDULE-URL";
    public const string CancelUrlProperty = "X-LEADROUTING-CANCEL-URL";

    private const int MaxNameLength = 200;

    /// <summary>A UID stable for the meeting: <c>{meetingId}@{domain}</c>.</summary>
    public static string UidFor(string meetingId, string domain)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(meetingId);
        ArgumentException.ThrowIfNullOrWhiteSpace(domain);
        if ((meetingId + domain).Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c == '@'))
        {
            throw new ArgumentException("A meeting id and domain have no spaces, controls or '@'.", nameof(meetingId));
        }

        return $"{meetingId}@{domain}";
    }

    /// <summary>The invitation (METHOD:REQUEST, STATUS:CONFIRMED) to send to buyer and rep.</summary>
    public static string Request(MeetingInvitation meeting) => Write(meeting, "REQUEST", "CONFIRMED", meeting.Sequence);

    /// <summary>
    /// The cancellation (METHOD:CANCEL, STATUS:CANCELLED) of a meeting whose last invitation was <paramref name="lastSent"/>:
    /// same UID, SEQUENCE one higher.
    /// </summary>
    public static string Cancellation(MeetingInvitation lastSent) => Write(lastSent, "CANCEL", "CANCELLED", lastSent.Sequence + 1);

    private static string Write(MeetingInvitation meeting, string method, string status, int sequence)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        ArgumentException.ThrowIfNullOrWhiteSpace(meeting.Uid);
        ArgumentOutOfRangeException.ThrowIfNegative(meeting.Sequence);
        if (meeting.End <= meeting.Start)
        {
            throw new ArgumentException("The meeting must end after it starts.", nameof(meeting));
        }

        var rep = Address(meeting.Rep, "rep");
        var buyer = Address(meeting.Buyer, "buyer");
        var calendarEvent = new CalendarEvent
        {
            Uid = OneLine(meeting.Uid),
            Sequence = sequence,
            DtStamp = Utc(meeting.Stamp),
            DtStart = Utc(meeting.Start),
            DtEnd = Utc(meeting.End),
            Summary = meeting.Summary,
            Description = Description(meeting),
            Location = meeting.Location,
            Status = status,
            Transparency = "OPAQUE",
            Url = meeting.RescheduleUrl is { } reschedule ? Link(reschedule) : null,
            Organizer = new Organizer(rep.Mailto) { CommonName = rep.Name },
        };
        calendarEvent.Attendees.Add(new Attendee(buyer.Mailto)
        {
            CommonName = buyer.Name,
            Role = "REQ-PARTICIPANT",
            ParticipationStatus = "NEEDS-ACTION",
            Rsvp = true,
        });
        calendarEvent.Attendees.Add(new Attendee(rep.Mailto)
        {
            CommonName = rep.Name,
            Role = "REQ-PARTICIPANT",
            ParticipationStatus = "ACCEPTED",
        });
        if (meeting.RescheduleUrl is { } rescheduleUrl)
        {
            calendarEvent.AddProperty(RescheduleUrlProperty, Link(rescheduleUrl).AbsoluteUri);
        }

        if (meeting.CancelUrl is { } cancelUrl)
        {
            calendarEvent.AddProperty(CancelUrlProperty, Link(cancelUrl).AbsoluteUri);
        }

        var calendar = new Calendar { ProductId = ProductId, Method = method };
        calendar.Events.Add(calendarEvent);
        return new CalendarSerializer().SerializeToString(calendar)
            ?? throw new InvalidOperationException("iCal.NET wrote no text for the invitation.");
    }

    private static string Description(MeetingInvitation meeting)
    {
        var text = new StringBuilder(meeting.Description ?? "");
        var links = new List<string>();
        if (meeting.RescheduleUrl is { } reschedule)
        {
            links.Add($"{OneLine(meeting.RescheduleLabel)}: {Link(reschedule).AbsoluteUri}");
        }

        if (meeting.CancelUrl is { } cancel)
        {
            links.Add($"{OneLine(meeting.CancelLabel)}: {Link(cancel).AbsoluteUri}");
        }

        if (links.Count > 0)
        {
            if (text.Length > 0)
            {
                text.Append("\n\n");
            }

            text.AppendJoin('\n', links);
        }

        return text.ToString();
    }

    private static (string Name, string Mailto) Address(InvitationParty party, string role)
    {
        ArgumentNullException.ThrowIfNull(party);
        if (EmailAddresses.Canonical(party.Email ?? "", out var problem) is not { } email)
        {
            throw new ArgumentException($"The {role}'s email address: {problem}", nameof(party));
        }

        // The name becomes a quoted CN parameter: a quote, a control or a line break must not end it early.
        var name = new string([.. (party.Name ?? "").Where(c => !char.IsControl(c) && c != '"')]).Trim();
        if (name.Length > MaxNameLength)
        {
            name = name[..MaxNameLength];
        }

        return (name.Length == 0 ? email : name, "mailto:" + email);
    }

    private static Uri Link(Uri link) =>
        link is { IsAbsoluteUri: true } && (link.Scheme == Uri.UriSchemeHttps || link.Scheme == Uri.UriSchemeHttp)
            ? link
            : throw new ArgumentException($"'{link}' is not an absolute http(s) link.", nameof(link));

    private static string OneLine(string text) => new([.. text.Where(c => !char.IsControl(c))]);

    private static CalDateTime Utc(DateTimeOffset instant) => new(instant.UtcDateTime, CalDateTime.UtcTzId);
}
