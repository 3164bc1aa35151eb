using LeadRouting.Web.Live;
using LeadRouting.Web.Routing;
using Microsoft.AspNetCore.SignalR;

namespace LeadRouting.Web.Hubs;

/// <summary>
/// Feeds the hub from the same event source as the live Blazor views, each event to the groups that may see its lead
/// (see <see cref="RoutingHub"/>): everyone-groups, the lead's team, and the owner when the owner is of another team.
/// </summary>
/// <remarks>
/// Only this instance's events: with the Redis backplane every hub message already reaches the clients of every
/// instance, so forwarding events relayed from other instances (<see cref="RedisLeadEventRelay"/>) would send them twice.
/// A send that fails (the backplane cannot reach Redis) is logged at most once per <see cref="WarningInterval"/>; the
/// event is lost for hub clients, as pub/sub keeps nothing for later, and the next events flow again once Redis is back.
/// </remarks>
public sealed class RoutingHubForwarder(
    LeadEventNotifier notifier,
    IHubContext<RoutingHub> hub,
    ConfigurationStore configurations,
    TimeProvider time,
    ILogger<RoutingHubForwarder> logger) : IHostedService
{
    public static readonly TimeSpan WarningInterval = TimeSpan.FromMinutes(1);

    private readonly WarningThrottle _sendWarnings = new(time, WarningInterval);
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = notifier.Subscribe(ForwardAsync, includeOtherInstances: false);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }

    private async Task ForwardAsync(LeadEvent leadEvent)
    {
        var groups = new List<string>(3) { RoutingHub.EveryLead };
        if (leadEvent.TeamId is { } team)
        {
            groups.Add(RoutingHub.TeamGroup(team));
        }

        // A rep is in their team's group already; a separate send only for an owner from another team, so nobody hears an event twice.
        if (leadEvent.OwnerId is { } owner)
        {
            var published = await configurations.CurrentAsync(CancellationToken.None);
            if (published.Engine.Organisation.FindRep(new RepId(owner))?.Team.Team.Id.Value != leadEvent.TeamId)
            {
                groups.Add(RoutingHub.RepGroup(owner));
            }
        }

        try
        {
            await hub.Clients.Groups(groups).SendAsync(RoutingHub.LeadEventMethod, leadEvent, CancellationToken.None);
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
        {
            if (_sendWarnings.ShouldLog(out var heldBack))
            {
                logger.LogWarning(ex, "Could not send the {Kind} event of lead {LeadId} to hub clients through the Redis backplane ({HeldBack} more not sent since the last warning).",
                    leadEvent.Kind, leadEvent.LeadId, heldBack);
            }
        }
    }
}
