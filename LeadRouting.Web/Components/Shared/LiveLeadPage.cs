using LeadRouting.Web.Live;
using LeadRouting.Web.Routing;
using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Components;

namespace LeadRouting.Web.Components.Shared;

/// <summary>
/// A page over the lead store that follows lead events live (the inbox, a lead's page, the manager board, analytics):
/// the services they all read through — the leads, the published configuration that names reps and teams, the lead
/// events, the person signed in and the clock.
/// </summary>
public abstract class LiveLeadPage : ComponentBase
{
    [Inject]
    public required IDbContextFactory<LeadRoutingDbContext> DbFactory { get; init; }

    [Inject]
    public required ConfigurationStore Configurations { get; init; }

    [Inject]
    public required LeadEventNotifier Notifier { get; init; }

    [Inject]
    public required ICurrentUser CurrentUser { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }
}
