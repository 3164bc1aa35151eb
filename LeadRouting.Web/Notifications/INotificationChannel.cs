using LeadRouting.Web.Live;

namespace LeadRouting.Web.Notifications;

/// <summary>A way to tell people about a lead event: in-app, email, webhook.</summary>
public interface INotificationChannel
{
    /// <summary>Stored with each delivery (<c>InApp</c>, <c>Email</c>, <c>Webhook</c>); never rename a channel that has deliveries.</summary>
    string Name { get; }

    /// <summary>
    /// Durable channels get one delivery row per recipient, attempted with retries until delivered or failed.
    /// Others are told at once, in outbox order, right after the message is marked processed, and not recorded.
    /// </summary>
    bool IsDurable { get; }

    /// <summary>
    /// True: each recipient is an endpoint of its own (a webhook subscription, its URL); false: every delivery of the
    /// channel goes through one endpoint (the SMTP server). Each endpoint has its own concurrency limit and circuit
    /// breaker, so a hanging or failing one delays only its own deliveries (<see cref="DeliveryEndpoints"/>).
    /// </summary>
    bool EndpointPerRecipient { get; }

    /// <summary>Who hears about <paramref name="leadEvent"/> on this channel; empty when nobody does.</summary>
    Task<IReadOnlyList<string>> RecipientsAsync(LeadEvent leadEvent, LeadRoutingDbContext db, CancellationToken cancellationToken);

    /// <summary>One attempt. Throws when it did not work (<see cref="NotificationDeliveryException"/> for an expected refusal).</summary>
    Task DeliverAsync(LeadEvent leadEvent, NotificationAttempt attempt, CancellationToken cancellationToken);
}

/// <summary>One attempt of one delivery. <see cref="DeliveryId"/> stays the same across retries, so receivers can deduplicate.</summary>
public sealed record NotificationAttempt(long DeliveryId, string Recipient, int Attempt);

/// <summary>A delivery the receiver refused or could not take; <see cref="Permanent"/> ones are not retried.</summary>
public sealed class NotificationDeliveryException(string message, bool permanent = false) : Exception(message)
{
    public bool Permanent { get; } = permanent;
}

/// <summary>Which event kinds notify whom (DESIGN.md "Notifications and tasks"); in-app and webhooks get every kind.</summary>
public static class NotificationRules
{
    /// <summary>The (new) owner hears about leads routed, re-routed or reassigned to them.</summary>
    public static bool NotifiesOwner(LeadEventKind kind) =>
        kind is LeadEventKind.Routed or LeadEventKind.Rerouted or LeadEventKind.Reassigned;

    /// <summary>
    /// Whether <paramref name="e"/> asks the owner to answer a lead that waits for them (handed to them, or a reminder of
    /// its acceptance window): such emails carry signed Accept / Decline… links, such Slack messages buttons.
    /// </summary>
    public static bool AsksOwner(LeadEvent e) =>
        e is { Status: LeadStage.Assigned, OwnerId: not null, AssignedAt: not null }
        && (NotifiesOwner(e.Kind) || e is { Kind: LeadEventKind.Nudge, Nudge.ToManager: false });

    /// <summary>The manager hears when they must act, when a lead escalates, and when one is reassigned.</summary>
    public static bool NotifiesManager(LeadEventKind kind) =>
        kind is LeadEventKind.ManagerNotice or LeadEventKind.Escalated or LeadEventKind.Reassigned;
}
