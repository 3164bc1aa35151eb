using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;

namespace LeadRouting.Web.Notifications;

/// <summary>
/// Where webhooks may go: public unicast addresses, and whatever an operator allow-lists in
/// <c>Notifications:Webhooks:AllowedHosts</c>. A webhook URL is chosen by whoever holds an admin key; without this rule
/// it could make the server POST to itself, to the cloud metadata service or to anything else inside its network. The
/// one rule behind both checks: when a subscription is made and when a delivery connects (<see cref="WebhookTargets"/>).
/// </summary>
public sealed class WebhookTargetRule
{
    /// <summary>Where a refusal message tells an operator to look.</summary>
    public const string AllowListSetting = "Notifications:Webhooks:AllowedHosts";

    /// <summary>
    /// Addresses that are not public, first match wins (IANA special-purpose registries, RFC 6890 and successors).
    /// IPv6 outside 2000::/3 is refused as reserved after these; addresses that embed an IPv4 address
    /// (IPv4-mapped, NAT64, 6to4) are judged by the IPv4 address they reach.
    /// </summary>
    private static readonly ImmutableArray<(IPNetwork Range, string Kind)> NotPublic =
    [
        (IPNetwork.Parse("0.0.0.0/32"), "the unspecified address (it reaches this machine)"),
        (IPNetwork.Parse("255.255.255.255/32"), "the broadcast address"),
        (IPNetwork.Parse("127.0.0.0/8"), "a loopback address"),
        (IPNetwork.Parse("10.0.0.0/8"), "a private address"),
        (IPNetwork.Parse("172.16.0.0/12"), "a private address"),
        (IPNetwork.Parse("192.168.0.0/16"), "a private address"),
        (IPNetwork.Parse("100.64.0.0/10"), "a shared (carrier-grade NAT) address"),
        (IPNetwork.Parse("169.254.0.0/16"), "a link-local address (where cloud metadata services answer)"),
        (IPNetwork.Parse("224.0.0.0/4"), "a multicast address"),
        (IPNetwork.Parse("0.0.0.0/8"), "a reserved address (this network)"),
        (IPNetwork.Parse("192.0.0.0/24"), "a reserved address (IETF protocol assignments)"),
        (IPNetwork.Parse("192.0.2.0/24"), "a reserved address (documentation)"),
        (IPNetwork.Parse("192.88.99.0/24"), "a reserved address (6to4 relay)"),
        (IPNetwork.Parse("198.18.0.0/15"), "a reserved address (benchmarking)"),
        (IPNetwork.Parse("198.51.100.0/24"), "a reserved address (documentation)"),
        (IPNetwork.Parse("203.0.113.0/24"), "a reserved address (documentation)"),
        (IPNetwork.Parse("240.0.0.0/4"), "a reserved address"),
        (IPNetwork.Parse("::/128"), "the unspecified address (it reaches this machine)"),
        (IPNetwork.Parse("::1/128"), "a loopback address"),
        (IPNetwork.Parse("fc00::/7"), "a private address (unique local)"),
        (IPNetwork.Parse("fe80::/10"), "a link-local address"),
        (IPNetwork.Parse("fec0::/10"), "a private address (site-local)"),
        (IPNetwork.Parse("ff00::/8"), "a multicast address"),
        (IPNetwork.Parse("2001::/23"), "a reserved address (IETF protocol assignments, Teredo)"),
        (IPNetwork.Parse("2001:db8::/32"), "a reserved address (documentation)"),
        (IPNetwork.Parse("3fff::/20"), "a reserved address (documentation)"),
    ];

    private static readonly IPNetwork GlobalUnicastV6 = IPNetwork.Parse("2000::/3");
    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    private readonly ImmutableHashSet<string> _allowedNames;
    private readonly ImmutableArray<string> _allowedSuffixes;
    private readonly ImmutableArray<IPNetwork> _allowedRanges;

    private WebhookTargetRule(ImmutableHashSet<string> names, ImmutableArray<string> suffixes, ImmutableArray<IPNetwork> ranges)
    {
        _allowedNames = names;
        _allowedSuffixes = suffixes;
        _allowedRanges = ranges;
    }

    /// <summary>Public addresses only; nothing allow-listed.</summary>
    public static WebhookTargetRule PublicOnly { get; } = Create([]);

    /// <summary>
    /// The rule with an allow-list whose entries are host names (<c>hooks.internal.example</c>), wildcards for the names
    /// under a domain (<c>*.internal.example</c>), IP addresses (<c>10.20.0.5</c>, <c>::1</c>) or CIDR ranges
    /// (<c>10.20.0.0/16</c>, <c>fd00::/8</c>).
    /// </summary>
    /// <exception cref="FormatException">An entry is none of these (the message names it).</exception>
    public static WebhookTargetRule Create(IEnumerable<string> allowList)
    {
        var names = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        var suffixes = ImmutableArray.CreateBuilder<string>();
        var ranges = ImmutableArray.CreateBuilder<IPNetwork>();
        foreach (var raw in allowList)
        {
            var entry = raw?.Trim() ?? "";
            if (entry.Contains('/', StringComparison.Ordinal) && IPNetwork.TryParse(entry, out var range) && IsExactRange(entry, range))
            {
                ranges.Add(Unmapped(range));
            }
            else if (TryParseAddress(entry, out var address))
            {
                ranges.Add(new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128));
            }
            else if (entry.StartsWith("*.", StringComparison.Ordinal) && IsDnsName(entry[2..]))
            {
                suffixes.Add("." + NormaliseName(entry[2..]));
            }
            else if (IsDnsName(entry))
            {
                names.Add(NormaliseName(entry));
            }
            else
            {
                throw new FormatException(
                    $"{AllowListSetting}: '{raw}' is not a host name, *.domain, IP address or CIDR range (such as 10.20.0.0/16).");
            }
        }

        return new WebhookTargetRule(names.ToImmutable(), suffixes.ToImmutable(), ranges.ToImmutable());
    }

    /// <summary>Whether an operator trusts <paramref name="host"/> by name, whatever it resolves to.</summary>
    public bool AllowsName(string host)
    {
        var name = NormaliseName(host);
        return _allowedNames.Contains(name) || _allowedSuffixes.Any(suffix => name.EndsWith(suffix, StringComparison.Ordinal));
    }

    /// <summary>Null when a webhook may connect to <paramref name="address"/>; else what kind of address it is.</summary>
    public string? Refusal(IPAddress address)
    {
        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return _allowedRanges.Any(range => range.Contains(plain)) ? null : NonPublicKind(plain);
    }

    /// <summary>Null for a public unicast address; else what kind of address it is ("a loopback address", …).</summary>
    public static string? NonPublicKind(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return NonPublicKind(address.MapToIPv4());
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6 && EmbeddedIPv4(address) is { } embedded)
        {
            return NonPublicKind(embedded);
        }

        foreach (var (range, kind) in NotPublic)
        {
            if (range.Contains(address))
            {
                return kind;
            }
        }

        return address.AddressFamily == AddressFamily.InterNetworkV6 && !GlobalUnicastV6.Contains(address)
            ? "a reserved address"
            : null;
    }

    /// <summary>
    /// <c>localhost</c> and the names under it (RFC 6761): resolvers answer them with a loopback address without asking DNS.
    /// </summary>
    public static bool IsLocalhostName(string host)
    {
        var name = NormaliseName(host);
        return name == "localhost" || name.EndsWith(".localhost", StringComparison.Ordinal);
    }

    /// <summary>
    /// An IP address literal in any form a resolver accepts — <c>127.1</c>, <c>2130706433</c>, <c>0x7f.1</c>,
    /// <c>0177.0.0.1</c>, <c>[::1]</c> — so a host is never judged as a name when it would be connected to as an address.
    /// </summary>
    public static bool TryParseAddress(string host, out IPAddress address)
    {
        var literal = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        return IPAddress.TryParse(literal, out address!);
    }

    /// <summary>Lower case and without the trailing dot of a fully qualified name, as resolvers compare names.</summary>
    public static string NormaliseName(string host) => host.Trim().TrimEnd('.').ToLowerInvariant();

    /// <summary>
    /// Whether <paramref name="entry"/> names its range's first address. IPNetwork quietly clears the bits past the prefix
    /// (<c>10.20.0.1/16</c> becomes <c>10.20.0.0/16</c>); such an entry is more likely a wrong prefix or a single address
    /// typed as a range, and an allow-list must not open more than its operator meant, so it is refused rather than guessed.
    /// </summary>
    private static bool IsExactRange(string entry, IPNetwork range) =>
        TryParseAddress(entry[..entry.IndexOf('/', StringComparison.Ordinal)], out var first) && first.Equals(range.BaseAddress);

    private static bool IsDnsName(string entry) => entry.Length > 0 && Uri.CheckHostName(entry.TrimEnd('.')) == UriHostNameType.Dns;

    /// <summary>The IPv4 address a NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address reaches; null for any other.</summary>
    private static IPAddress? EmbeddedIPv4(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        return Nat64.Contains(address) ? new IPAddress(bytes[12..16])
            : SixToFour.Contains(address) ? new IPAddress(bytes[2..6])
            : null;
    }

    private static IPNetwork Unmapped(IPNetwork range) =>
        range.BaseAddress.IsIPv4MappedToIPv6 && range.PrefixLength >= 96
            ? new IPNetwork(range.BaseAddress.MapToIPv4(), range.PrefixLength - 96)
            : range;
}
