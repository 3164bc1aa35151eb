using Microsoft.AspNetCore.SignalR;
using System.Text.Json.Serialization;

namespace LeadRouting.Web.Hubs;

public static class HubsServiceCollectionExtensions
{
    /// <summary>
    /// SignalR, configured here once: enums as names on the wire, like the rest of the API, and the forwarder that
    /// publishes lead events to <see cref="RoutingHub"/>'s groups. The Redis backplane, when configured, is added to
    /// this same SignalR by <c>AddLeadRoutingLive</c>.
    /// </summary>
    public static ISignalRServerBuilder AddLeadRoutingHubs(this IServiceCollection services)
    {
        var signalR = services.AddSignalR().AddJsonProtocol(o =>
            o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false)));
        services.AddHostedService<RoutingHubForwarder>();
        return signalR;
    }
}
