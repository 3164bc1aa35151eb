using LeadRouting.Core;
using LeadRouting.Web.Live;
using LeadRouting.Web.Routing;
using Microsoft.AspNetCore.SignalR;

namespace LeadRouting.Web.Hubs;

/// <summary>
/// Feeds the hub from the same event source as the live Blazor views, each event to the groups that may see its lead
/// (see <see cref="RoutingHub"/>): everyone-groups, the lead's team, and the owner when the owner is of another team.
/// </summary>
public sealed class RoutingHubForwarder(LeadEventNotifier notifier, IHubContext<RoutingHub> hub, ConfigurationStore configurations) : IHostedService
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = notifier.Subscribe(ForwardAsync);
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

        await hub.Clients.Groups(groups).SendAsync(RoutingHub.LeadEventMethod, leadEvent, CancellationToken.None);
    }
}
