using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using LeadRouting.Web.Live;
using Microsoft.Extensions.Options;

namespace LeadRouting.Web.Notifications;

/// <summary>
/// Signed JSON POSTs to webhook subscriptions: every event kind, filtered by the subscription's team and rep. The
/// body is the event (<see cref="WebhookFormat.Json"/>, machine-readable, the same for everyone) or a Slack-style
/// <c>{"text": …}</c> (<see cref="WebhookFormat.Slack"/>) in the language and zone of the subscription's team
/// (<see cref="RecipientLocale.OfTeam"/>).
/// </summary>
public sealed class WebhookChannel(
    IDbContextFactory<LeadRoutingDbContext> dbFactory,
    WebhookSubscriptionService subscriptions,
    IHttpClientFactory httpClients,
    IOptions<NotificationOptions> options,
    RecipientDirectory people,
    NotificationTexts texts,
    TimeProvider time) : INotificationChannel
{
    /// <summary>
    /// The named <see cref="HttpClient"/> used for webhooks: no redirects, no proxy, and every connection checked by
    /// <see cref="WebhookTargets.ConnectAsync"/> (NotificationsServiceCollectionExtensions).
    /// </summary>
    public const string HttpClientName = "webhooks";

    public string Name => "Webhook";

    public bool IsDurable => true;

    /// <summary>Each subscription (its URL) is an endpoint: one receiver that hangs holds up none of the others.</summary>
    public bool EndpointPerRecipient => true;

    public async Task<IReadOnlyList<string>> RecipientsAsync(LeadEvent leadEvent, LeadRoutingDbContext db, CancellationToken cancellationToken)
    {
        // A webhook follows leads: it gets every event of an import's leads (with their importId), so an integration
        // misses none; the digest is a person's summary of those same events and would only repeat them.
        if (leadEvent.Kind == LeadEventKind.ImportDigest)
        {
            return [];
        }

        var ids = await db.WebhookSubscriptions.AsNoTracking()
            .Where(w => w.DisabledAt == null
                && (w.TeamId == null || w.TeamId == leadEvent.TeamId)
                && (w.RepId == null || w.RepId == leadEvent.OwnerId || w.RepId == leadEvent.PreviousOwnerId))
            .OrderBy(w => w.Id)
            .Select(w => w.Id)
            .ToListAsync(cancellationToken);
        return [.. ids.Select(id => id.ToString(CultureInfo.InvariantCulture))];
    }

    public async Task DeliverAsync(LeadEvent leadEvent, NotificationAttempt attempt, CancellationToken cancellationToken)
    {
        var id = int.Parse(attempt.Recipient, CultureInfo.InvariantCulture);
        WebhookSubscriptionEntity? subscription;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            subscription = await db.WebhookSubscriptions.AsNoTracking().SingleOrDefaultAsync(w => w.Id == id, cancellationToken);
        }

        if (subscription is null || subscription.DisabledAt is not null)
        {
            throw new NotificationDeliveryException($"Webhook {id} no longer exists or was disabled.", permanent: true);
        }

        if (WebhookSubscriptionService.ValidateUrl(subscription.Url) is { } problem)
        {
            throw new NotificationDeliveryException($"Webhook {id}: {problem}", permanent: true);
        }

        var body = await BodyAsync(subscription, leadEvent, attempt.DeliveryId, cancellationToken);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(subscriptions.UnprotectSecret(subscription), timestamp, body));
        request.Headers.Add(WebhookSignature.DeliveryHeader, attempt.DeliveryId.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.EventHeader, leadEvent.Kind.ToString());

        using var response = await SendAsync(id, request, cancellationToken);
        if ((int)response.StatusCode is >= 300 and < 400)
        {
            // A signed body goes to the URL that was subscribed and checked, nowhere else: the redirect is reported, not followed.
            var location = response.Headers.Location is { } to ? WebhookSubscriptionService.Redact(new Uri(request.RequestUri!, to).ToString()) : "nowhere";
            throw new NotificationDeliveryException(
                $"Webhook {id} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase} (a redirect to {location}); redirects are not followed, subscribe the final URL.");
        }

        if (!response.IsSuccessStatusCode)
        {
            // 410 Gone is a receiver saying "stop"; anything else may heal, so it is retried.
            throw new NotificationDeliveryException(
                $"Webhook {id} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}.",
                permanent: response.StatusCode == HttpStatusCode.Gone);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(int id, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException ex) when (ex.InnerException is WebhookTargetRefusedException refused)
        {
            // Failed for good at once: every retry would be refused the same way, and none may reach an internal address.
            throw new NotificationDeliveryException($"Webhook {id}: {refused.Message}", permanent: true);
        }
    }

    private async Task<byte[]> BodyAsync(WebhookSubscriptionEntity subscription, LeadEvent leadEvent, long deliveryId, CancellationToken cancellationToken)
    {
        var leadUrl = LeadEventText.LeadUrl(options.Value.BaseUrl, leadEvent.LeadId);
        if (subscription.Format != WebhookFormat.Slack)
        {
            return JsonSerializer.SerializeToUtf8Bytes(new WebhookMessage(deliveryId, leadEvent.Kind, leadUrl, leadEvent), LeadEventJson.Options);
        }

        // A channel subscribed for one team speaks like that team; an unfiltered one like the lead's team.
        var locale = await people.ForTeamAsync(subscription.TeamId ?? leadEvent.TeamId, cancellationToken);
        var text = texts.Lead(locale);

        // A lead waiting for its owner's answer gets Accept / Decline… buttons; their clicks come back to
        // /api/slack/interactions (a Slack app with interactivity; an incoming webhook alone shows the buttons but
        // cannot deliver the clicks).
        return JsonSerializer.SerializeToUtf8Bytes(SlackBlocks.Message(text.Slack(leadEvent, leadUrl), leadEvent, text.Accept, text.Decline), LeadEventJson.Options);
    }

    /// <summary>The JSON webhook body: the same delivery id on every retry, so receivers can deduplicate.</summary>
    private sealed record WebhookMessage(long DeliveryId, LeadEventKind Kind, string LeadUrl, LeadEvent Event);
}
