using System.Net;

namespace LeadRouting.Web.Security;

/// <summary>
/// The <c>ForwardedHeaders</c> settings: whether the app believes a TLS-terminating proxy's <c>X-Forwarded-Proto</c>
/// and <c>X-Forwarded-For</c>, and which proxies it believes. Off by default: without a proxy in front, anyone could
/// send those headers and claim https or another address.
/// </summary>
public sealed class ForwardedHeadersSettings
{
    public const string Section = "ForwardedHeaders";

    public bool Enabled { get; set; }

    /// <summary>Proxy addresses whose forwarded headers count, separated by <c>;</c>. With neither list set: loopback only.</summary>
    public string KnownProxies { get; set; } = "";

    /// <summary>Proxy networks in CIDR notation (<c>10.0.0.0/8</c>), separated by <c>;</c>.</summary>
    public string KnownNetworks { get; set; } = "";

    /// <summary>Proxies in a row whose entries are read, from the app outwards (a CDN in front of a load balancer: 2).</summary>
    public int ForwardLimit { get; set; } = 1;

    public IReadOnlyList<IPAddress> Proxies() => [.. Entries(KnownProxies).Select(IPAddress.Parse)];

    public IReadOnlyList<IPNetwork> Networks() => [.. Entries(KnownNetworks).Select(n => IPNetwork.Parse(n))];

    /// <summary>Why the settings cannot be used, or null.</summary>
    public string? Error()
    {
        if (Entries(KnownProxies).FirstOrDefault(p => !IPAddress.TryParse(p, out _)) is { } proxy)
        {
            return $"ForwardedHeaders:KnownProxies: '{proxy}' is not an IP address.";
        }

        if (Entries(KnownNetworks).FirstOrDefault(n => !IPNetwork.TryParse(n, out _)) is { } network)
        {
            return $"ForwardedHeaders:KnownNetworks: '{network}' is not a network in CIDR notation such as 10.0.0.0/8.";
        }

        return ForwardLimit < 1 ? "ForwardedHeaders:ForwardLimit must be at least 1." : null;
    }

    private static string[] Entries(string? value) =>
        (value ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
