using LeadRouting.Web.Live;

namespace LeadRouting.Web.Data.Entities;

/// <summary>
/// One notification to one recipient on one durable channel (email, webhook), planned from an outbox message and
/// delivered with retries. The row is the delivery's whole state, so a restarted or second instance carries on.
/// </summary>
public sealed class NotificationDeliveryEntity
{
    public long Id { get; set; }
    public long OutboxMessageId { get; set; }
    public required string LeadId { get; set; }
    public LeadEventKind EventKind { get; set; }

    /// <summary>The channel's name (<c>Email</c>, <c>Webhook</c>).</summary>
    public required string Channel { get; set; }

    /// <summary>An email address, or the id of a webhook subscription (never its URL, which may carry a token).</summary>
    public required string Recipient { get; set; }

    public DeliveryStatus Status { get; set; }

    /// <summary>Attempts started; counted when an attempt is claimed, so a crash mid-attempt still counts.</summary>
    public int Attempts { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the next attempt is due (exponential back-off after a failure).</summary>
    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>An instance is attempting it until then; a crashed instance's claim simply runs out.</summary>
    public DateTimeOffset? LockedUntil { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }
    public string? LastError { get; set; }
}

public enum DeliveryStatus
{
    Pending,
    Delivered,
    Failed,
}

/// <summary>
/// An outbound webhook for all lead events, or those of one team and/or one rep. The signing secret is kept
/// encrypted with ASP.NET Core Data Protection (it must be readable to sign, so it cannot be hashed).
/// </summary>
public sealed class WebhookSubscriptionEntity
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string Url { get; set; }
    public WebhookFormat Format { get; set; }

    /// <summary>Only events of this team (null: any team).</summary>
    public string? TeamId { get; set; }

    /// <summary>Only events whose owner (or previous owner) is this rep (null: any rep).</summary>
    public string? RepId { get; set; }

    public required string ProtectedSecret { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DisabledAt { get; set; }
}

public enum WebhookFormat
{
    /// <summary>The lead event as JSON, signed.</summary>
    Json,

    /// <summary><c>{"text": "…"}</c>, what Slack (and Teams/Mattermost-style) incoming webhooks accept; signed too.</summary>
    Slack,
}
