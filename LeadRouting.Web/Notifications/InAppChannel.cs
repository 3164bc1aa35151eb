using LeadRouting.Web.Live;

namespace LeadRouting.Web.Notifications;

/// <summary>
/// Live toasts and badges: every event goes to the in-process notifier, which feeds Blazor views and the hub (and,
/// with Redis, the other instances' views through <see cref="RedisLeadEventRelay"/>).
/// </summary>
public sealed class InAppChannel(LeadEventNotifier notifier) : INotificationChannel
{
    private static readonly IReadOnlyList<string> Everyone = ["live"];

    public string Name => "InApp";

    public bool IsDurable => false;

    public bool EndpointPerRecipient => false;

    public Task<IReadOnlyList<string>> RecipientsAsync(LeadEvent leadEvent, LeadRoutingDbContext db, CancellationToken cancellationToken) =>
        Task.FromResult(Everyone);

    public Task DeliverAsync(LeadEvent leadEvent, NotificationAttempt attempt, CancellationToken cancellationToken)
    {
        notifier.Publish(leadEvent);
        return Task.CompletedTask;
    }
}
