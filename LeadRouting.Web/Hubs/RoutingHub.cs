using LeadRouting.Web.Routing;
using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace LeadRouting.Web.Hubs;

/// <summary>
/// Live lead events for external clients (DESIGN.md "Public HTTP API": <c>/hubs/routing</c>). Clients only listen:
/// every published <see cref="Live.LeadEvent"/> arrives as <see cref="LeadEventMethod"/> with the event as camelCase
/// JSON, enums as strings. Callers are signed-in people (the sign-in cookie) or hold an API key with the <c>read</c>
/// scope (header <c>X-Api-Key</c>, or the <c>access_token</c> query parameter / bearer token that SignalR clients send).
/// </summary>
/// <remarks>
/// A client hears what it may see (<see cref="LeadAccess"/>): read-scoped keys, managers and Ops every event
/// (group <see cref="EveryLead"/>); a rep the events of their own team's leads (<see cref="TeamGroup"/>) and of leads
/// they own in another team (<see cref="RepGroup"/>, e.g. as a backup); a person without a role nothing.
/// </remarks>
[Authorize(Policy = LeadRoutingPolicies.HubClient)]
public sealed class RoutingHub(ConfigurationStore configurations) : Hub
{
    public const string Path = "/hubs/routing";
    public const string LeadEventMethod = "leadEvent";

    /// <summary>Sent to a client once it has joined its groups, with their names: events published from then on reach it.</summary>
    public const string SubscribedMethod = "subscribed";
    public const string EveryLead = "leads:all";

    public static string TeamGroup(string teamId) => "leads:team:" + teamId;

    public static string RepGroup(string repId) => "leads:rep:" + repId;

    public override async Task OnConnectedAsync()
    {
        var groups = new List<string>(2);
        var person = SignedInUser.From(Context.User!);
        if (person is null || person.Roles.Contains(LeadRoutingRoles.Manager) || person.Roles.Contains(LeadRoutingRoles.Ops))
        {
            // No person: the policy admitted the caller by an API key with the read scope.
            groups.Add(EveryLead);
        }
        else if (person.Roles.Contains(LeadRoutingRoles.Rep) && person.RepId is { } repId)
        {
            groups.Add(RepGroup(repId));
            var published = await configurations.CurrentAsync(Context.ConnectionAborted);
            if (published.Engine.Organisation.FindRep(new RepId(repId)) is { } rep)
            {
                groups.Add(TeamGroup(rep.Team.Team.Id.Value));
            }
        }

        foreach (var group in groups)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, group);
        }

        // The client's StartAsync returns at the handshake, before this method has run: this message says when events flow.
        await Clients.Caller.SendAsync(SubscribedMethod, groups, Context.ConnectionAborted);
        await base.OnConnectedAsync();
    }
}
