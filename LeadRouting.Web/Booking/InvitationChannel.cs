using System.Net;
using System.Text;
using LeadRouting.Core.Booking;
using LeadRouting.Web.Live;
using LeadRouting.Web.Notifications;
using LeadRouting.Web.Routing;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using MimeKit;

namespace LeadRouting.Web.Booking;

/// <summary>
/// The invitations of a booked meeting (issue 20): for <see cref="LeadEventKind.MeetingBooked"/> an email with an
/// iCalendar invitation (<c>text/calendar; method=REQUEST</c>, <see cref="Invitation.Request"/>) to the buyer and to the
/// rep, for <see cref="LeadEventKind.MeetingCancelled"/> one with the cancellation (<c>method=CANCEL</c>, same UID,
/// SEQUENCE one higher), for <see cref="LeadEventKind.MeetingRescheduled"/> the updated request (same UID, the raised
/// SEQUENCE: calendars move the meeting they have). Each carries the reschedule link (<c>{BaseUrl}/book/{token}</c>) and the cancel link
/// (<c>{BaseUrl}/book/{token}/cancel?meeting={id}</c>).
/// </summary>
/// <remarks>
/// A notification channel of its own rather than a special case of <see cref="EmailChannel"/>: the outbox path gives it
/// durable deliveries — one row per recipient, retried with back-off, audited when they fail for good — so a mail
/// server that is down delays an invitation but never loses it or the booking, and the same <see cref="IEmailTransport"/>
/// (SMTP, or the development mail sink) sends it. The message is made at delivery from the meeting's row: a buyer
/// erased meanwhile gets nothing (the delivery fails permanently, naming why). The buyer reads it in the lead's language
/// when the lead says where it is from (German for DE, AT, CH, LI; the lead has no language field), else English, with
/// times in the zone they booked in (UTC when unknown); the rep in their own language and zone, as every rep email.
/// </remarks>
public sealed class InvitationChannel(
    IDbContextFactory<LeadRoutingDbContext> dbFactory,
    ConfigurationStore configurations,
    IEmailTransport? transport,
    IOptions<NotificationOptions> options,
    RecipientDirectory people,
    NotificationTexts texts,
    IStringLocalizer<InvitationText> localizer,
    BookingTokens tokens,
    TimeProvider time) : INotificationChannel
{
    private static readonly HashSet<string> GermanCountries = new(StringComparer.OrdinalIgnoreCase) { "DE", "AT", "CH", "LI" };

    /// <summary>Stored with each delivery; never rename it.</summary>
    public string Name => "Invitation";

    public bool IsDurable => true;

    public bool EndpointPerRecipient => false;

    public async Task<IReadOnlyList<string>> RecipientsAsync(LeadEvent leadEvent, LeadRoutingDbContext db, CancellationToken cancellationToken)
    {
        if (transport is null || leadEvent is not
            {
                Kind: LeadEventKind.MeetingBooked or LeadEventKind.MeetingCancelled or LeadEventKind.MeetingRescheduled or LeadEventKind.MeetingReassigned,
                Meeting: { } notice,
            })
        {
            return [];
        }

        var buyer = await db.Meetings.AsNoTracking().Where(m => m.Id == notice.MeetingId).Select(m => m.BuyerEmail).SingleOrDefaultAsync(cancellationToken);
        var organisation = (await configurations.CurrentAsync(cancellationToken)).Engine.Configuration.Organisation;
        var rep = organisation.Reps.FirstOrDefault(r => r.Id.Value == notice.RepId)?.Email;
        // A meeting handed over: the absent rep gets the cancellation.
        var absent = leadEvent.Kind == LeadEventKind.MeetingReassigned ? organisation.Reps.FirstOrDefault(r => r.Id.Value == leadEvent.PreviousOwnerId)?.Email : null;
        var recipients = new List<string>();
        foreach (var address in new[] { buyer, rep, absent })
        {
            if (!string.IsNullOrWhiteSpace(address) && MailboxAddress.TryParse(address.Trim(), out _)
                && !recipients.Contains(address.Trim(), StringComparer.OrdinalIgnoreCase))
            {
                recipients.Add(address.Trim());
            }
        }

        return recipients;
    }

    public async Task DeliverAsync(LeadEvent leadEvent, NotificationAttempt attempt, CancellationToken cancellationToken)
    {
        if (transport is null)
        {
            throw new NotificationDeliveryException("No email transport is configured (Notifications:Smtp:Host).", permanent: true);
        }

        if (leadEvent.Meeting is not { } notice)
        {
            throw new NotificationDeliveryException("The event names no meeting.", permanent: true);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var meeting = await db.Meetings.AsNoTracking().SingleOrDefaultAsync(m => m.Id == notice.MeetingId, cancellationToken);
        var lead = await db.Leads.AsNoTracking().Where(l => l.Id == leadEvent.LeadId).Select(l => new { l.Id, l.CreatedAt, l.Country, l.Company }).SingleOrDefaultAsync(cancellationToken);
        if (meeting is null || lead is null || string.IsNullOrWhiteSpace(meeting.BuyerEmail))
        {
            throw new NotificationDeliveryException($"Meeting {notice.MeetingId} or its buyer's contact is gone (erased).", permanent: true);
        }

        var settings = options.Value;
        var published = (await configurations.CurrentAsync(cancellationToken)).Engine.Configuration;
        var organisation = published.Organisation;
        var rep = organisation.Reps.FirstOrDefault(r => r.Id.Value == meeting.RepId);
        if (rep?.Email is not { } repEmail)
        {
            throw new NotificationDeliveryException($"Rep {meeting.RepId} has no email address.", permanent: true);
        }

        var toBuyer = string.Equals(attempt.Recipient.Trim(), meeting.BuyerEmail.Trim(), StringComparison.OrdinalIgnoreCase);
        var handedOver = leadEvent.Kind == LeadEventKind.MeetingReassigned;
        var absentRep = handedOver ? organisation.Reps.FirstOrDefault(r => r.Id.Value == leadEvent.PreviousOwnerId) : null;
        // The absent rep of a handed-over meeting: the cancellation of the invitation they organised.
        var toAbsent = !toBuyer && absentRep?.Email is { } absentEmail
            && string.Equals(attempt.Recipient.Trim(), absentEmail.Trim(), StringComparison.OrdinalIgnoreCase)
            && !string.Equals(absentEmail.Trim(), repEmail.Trim(), StringComparison.OrdinalIgnoreCase);
        if (toAbsent)
        {
            (rep, repEmail) = (absentRep!, absentRep!.Email!);
        }

        var locale = toBuyer
            ? new RecipientLocale(
                CultureInfo.GetCultureInfo(GermanCountries.Contains(lead.Country ?? "") ? "de-DE" : "en-GB"),
                Localization.PersonZone.Find(meeting.BuyerTimeZone) ?? TimeZoneInfo.Utc)
            : await people.ForEmailAsync(attempt.Recipient, rep.Id.Value, cancellationToken);
        var text = new InvitationText(localizer, locale, texts.Clock(locale));
        var cancelled = leadEvent.Kind == LeadEventKind.MeetingCancelled || toAbsent;
        var moved = leadEvent.Kind == LeadEventKind.MeetingRescheduled;
        var links = Links(settings.BaseUrl, lead.Id, lead.CreatedAt, meeting.Id, published.Policy.Booking);
        var buyerName = string.IsNullOrWhiteSpace(meeting.BuyerName) ? meeting.BuyerEmail : meeting.BuyerName;
        var invitation = new MeetingInvitation
        {
            Uid = Invitation.UidFor(meeting.Id, UidDomain(settings.BaseUrl)),
            Sequence = meeting.Sequence,
            Start = meeting.StartUtc,
            End = meeting.EndUtc,
            Stamp = time.GetUtcNow(),
            Rep = new InvitationParty(rep.Name, repEmail),
            Buyer = new InvitationParty(buyerName, meeting.BuyerEmail),
            Summary = text.Summary(buyerName, rep.Name, lead.Company),
            RescheduleUrl = cancelled ? null : links.Reschedule,
            CancelUrl = cancelled ? null : links.Cancel,
            RescheduleLabel = text.RescheduleLabel,
            CancelLabel = text.CancelLabel,
        };
        var calendar = cancelled ? Invitation.Cancellation(invitation) : Invitation.Request(invitation);
        var other = toBuyer ? rep.Name : buyerName;
        var subject = text.Subject(cancelled, other, meeting.StartUtc, moved);
        var lines = handedOver && !toAbsent && absentRep is not null
            ? text.HandedOverLines(toBuyer, rep.Name, absentRep.Name, buyerName, meeting.StartUtc, meeting.EndUtc)
            : text.Lines(cancelled, toBuyer, other, meeting.StartUtc, meeting.EndUtc, moved);
        var leadUrl = toBuyer ? null : LeadEventText.LeadUrl(settings.BaseUrl, lead.Id);
        var body = new BodyBuilder
        {
            TextBody = text.PlainText(lines, cancelled ? null : links, leadUrl),
            HtmlBody = text.Html(lines, cancelled ? null : links, leadUrl),
        };
        body.Attachments.Add(CalendarPart(calendar, cancelled ? "CANCEL" : "REQUEST"));
        var message = new MimeMessage
        {
            Subject = subject,
            Date = time.GetUtcNow(),
            MessageId = $"delivery-{attempt.DeliveryId}.{meeting.Id}@leadrouting",
            Body = body.ToMessageBody(),
        };
        message.From.Add(MailboxAddress.Parse(settings.Smtp.From));
        message.To.Add(new MailboxAddress(toBuyer ? buyerName : rep.Name, attempt.Recipient.Trim()));
        await transport.SendAsync(message, attempt.DeliveryId, cancellationToken);
    }

    /// <summary>The meeting's links: reschedule on the lead's booking page, cancel on its confirmation page.</summary>
    internal MeetingLinks Links(string baseUrl, string leadId, DateTimeOffset leadCreatedAt, string meetingId, LeadRouting.Core.Booking.BookingPolicy policy)
    {
        var token = tokens.Token(new BookingTokenClaims(leadId, BookingTokens.ExpiryFor(leadCreatedAt, policy)));
        var root = $"{baseUrl.TrimEnd('/')}{BookingTokens.PathPrefix}/{token}";
        return new MeetingLinks(new Uri(root), new Uri($"{root}/cancel?meeting={Uri.EscapeDataString(meetingId)}"));
    }

    /// <summary>The UID's domain: the host people reach the app at, so UIDs of two installations never meet.</summary>
    internal static string UidDomain(string baseUrl) =>
        Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) && uri.Host.Length > 0 ? uri.Host : "leadrouting";

    /// <summary>The invitation as a <c>text/calendar; method=…</c> attachment (<c>invite.ics</c>), as calendar clients expect it.</summary>
    private static MimePart CalendarPart(string calendar, string method)
    {
        var part = new MimePart("text", "calendar")
        {
            Content = new MimeContent(new MemoryStream(Encoding.UTF8.GetBytes(calendar))),
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment) { FileName = "invite.ics" },
            ContentTransferEncoding = ContentEncoding.Base64,
        };
        part.ContentType.Charset = "utf-8";
        part.ContentType.Parameters.Add("method", method);
        part.ContentType.Name = "invite.ics";
        return part;
    }
}

/// <summary>Where the buyer picks another time and where they cancel.</summary>
public sealed record MeetingLinks(Uri Reschedule, Uri Cancel);
