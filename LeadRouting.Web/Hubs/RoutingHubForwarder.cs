using LeadRouting.Web.Live;
using Microsoft.AspNetCore.SignalR;

namespace LeadRouting.Web.Hubs;

/// <summary>Feeds the hub from the same event source as the live Blazor views.</summary>
public sealed class RoutingHubForwarder(LeadEventNotifier notifier, IHubContext<RoutingHub> hub) : IHostedService
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = notifier.Subscribe(leadEvent => hub.Clients.All.SendAsync(RoutingHub.LeadEventMethod, leadEvent, CancellationToken.None));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }
}
