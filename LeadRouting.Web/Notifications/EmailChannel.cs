using LeadRouting.Web.Live;
using LeadRouting.Web.Routing;
using Microsoft.Extensions.Options;
using MimeKit;

namespace LeadRouting.Web.Notifications;

/// <summary>
/// Email to the owning rep (routed, re-routed or reassigned to them) and to the manager (notices, escalations,
/// reassignments). Addresses come from the published configuration: the rep's <c>email</c>; the manager named on
/// the event, else the team's manager, else the region's. Each email is written in its recipient's language and time
/// zone (<see cref="RecipientDirectory"/>), not in those of whoever caused the event.
/// </summary>
public sealed class EmailChannel(
    ConfigurationStore configurations,
    IEmailTransport? transport,
    IOptions<NotificationOptions> options,
    RecipientDirectory people,
    NotificationTexts texts,
    TimeProvider time,
    Leads.ActionLinks links) : INotificationChannel
{
    public string Name => "Email";

    public bool IsDurable => true;

    /// <summary>Every message goes through the one SMTP server (or the development sink): one endpoint.</summary>
    public bool EndpointPerRecipient => false;

    public async Task<IReadOnlyList<string>> RecipientsAsync(LeadEvent leadEvent, LeadRoutingDbContext db, CancellationToken cancellationToken)
    {
        if (transport is null)
        {
            return [];
        }

        if (leadEvent.Kind == LeadEventKind.ImportDigest)
        {
            return leadEvent.Digest is { } digest && IsAddress(digest.Recipient) ? [digest.Recipient.Trim()] : [];
        }

        // A lead a CSV import stored is told in the import's digest (ImportNotifications), not one email per lead.
        if (leadEvent.ImportId is not null)
        {
            return [];
        }

        // A nudge goes to the owner, a heads-up (a nudge for the manager) to the manager.
        var toOwner = (leadEvent.Nudge is { } nudge ? !nudge.ToManager : NotificationRules.NotifiesOwner(leadEvent.Kind)) && leadEvent.OwnerId is not null;
        var toManager = leadEvent.Nudge is { } headsUp ? headsUp.ToManager : NotificationRules.NotifiesManager(leadEvent.Kind);
        if (!toOwner && !toManager)
        {
            return [];
        }

        var organisation = (await configurations.CurrentAsync(cancellationToken)).Engine.Configuration.Organisation;
        return Recipients(organisation, leadEvent, toOwner, toManager);
    }

    /// <summary>Who the email of <paramref name="leadEvent"/> goes to: the owning rep, the manager, or both; each address once.</summary>
    internal static IReadOnlyList<string> Recipients(Organisation organisation, LeadEvent leadEvent, bool toOwner, bool toManager)
    {
        var recipients = new List<string>();
        if (toOwner)
        {
            AddIfValid(recipients, organisation.Reps.FirstOrDefault(r => r.Id.Value == leadEvent.OwnerId)?.Email);
        }

        if (toManager)
        {
            AddIfValid(recipients, ManagerEmail(organisation, leadEvent));
        }

        return recipients;
    }

    public async Task DeliverAsync(LeadEvent leadEvent, NotificationAttempt attempt, CancellationToken cancellationToken)
    {
        if (transport is null)
        {
            throw new NotificationDeliveryException("No email transport is configured (Notifications:Smtp:Host).", permanent: true);
        }

        var settings = options.Value;
        var locale = await people.ForEmailAsync(attempt.Recipient, repId: null, cancellationToken);
        if (leadEvent is { Kind: LeadEventKind.ImportDigest, Digest: { } digest })
        {
            await transport.SendAsync(texts.Digest(locale).Email(leadEvent, digest, settings, attempt.DeliveryId, time.GetUtcNow()), attempt.DeliveryId, cancellationToken);
            return;
        }

        var text = texts.Lead(locale);
        var leadUrl = LeadEventText.LeadUrl(settings.BaseUrl, leadEvent.LeadId);
        var actions = await ActionLinksAsync(leadEvent, attempt.Recipient, settings.BaseUrl, cancellationToken);
        var message = new MimeMessage
        {
            Subject = text.Subject(leadEvent),
            Date = time.GetUtcNow(),
            // The same id on every retry, so a mail system that got the message but lost our connection can drop the copy.
            MessageId = $"delivery-{attempt.DeliveryId}.{leadEvent.LeadId}@leadrouting",
            Body = new BodyBuilder
            {
                TextBody = text.PlainText(leadEvent, leadUrl, actions),
                HtmlBody = text.Html(leadEvent, leadUrl, actions),
            }.ToMessageBody(),
        };
        message.From.Add(MailboxAddress.Parse(settings.Smtp.From));
        message.To.Add(MailboxAddress.Parse(attempt.Recipient));
        await transport.SendAsync(message, attempt.DeliveryId, cancellationToken);
    }

    /// <summary>
    /// Accept and Decline… links for the owner of a lead that waits for their answer (issue 19), signed for this
    /// assignment; none for anyone else on the email (a manager told of a reassignment), whose click would be refused.
    /// </summary>
    private async Task<LeadEventActionLinks?> ActionLinksAsync(LeadEvent leadEvent, string recipient, string baseUrl, CancellationToken cancellationToken)
    {
        if (Leads.ActionLinks.ClaimsOf(leadEvent) is not { } claims)
        {
            return null;
        }

        var organisation = (await configurations.CurrentAsync(cancellationToken)).Engine.Configuration.Organisation;
        var owner = organisation.Reps.FirstOrDefault(r => r.Id.Value == claims.RepId);
        return owner?.Email is { } email && string.Equals(email.Trim(), recipient.Trim(), StringComparison.OrdinalIgnoreCase)
            ? new LeadEventActionLinks(links.AcceptUrl(baseUrl, claims), links.DeclineUrl(baseUrl, claims))
            : null;
    }

    private static string? ManagerEmail(Organisation organisation, LeadEvent leadEvent)
    {
        if (!string.IsNullOrWhiteSpace(leadEvent.ManagerEmail))
        {
            return leadEvent.ManagerEmail;
        }

        var team = organisation.Teams.FirstOrDefault(t => t.Id.Value == leadEvent.TeamId);
        return team?.ManagerEmail ?? organisation.Regions.FirstOrDefault(r => r.Code == team?.Region)?.ManagerEmail;
    }

    private static bool IsAddress([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? email) => !string.IsNullOrWhiteSpace(email) && MailboxAddress.TryParse(email.Trim(), out _);

    private static void AddIfValid(List<string> recipients, string? email)
    {
        if (IsAddress(email)
            && !recipients.Contains(email.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            recipients.Add(email.Trim());
        }
    }
}
