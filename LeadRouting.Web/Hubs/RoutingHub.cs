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
[Authorize(Policy = LeadRoutingPolicies.HubClient)]
public sealed class RoutingHub : Hub
{
    public const string Path = "/hubs/routing";
    public const string LeadEventMethod = "leadEvent";
}
