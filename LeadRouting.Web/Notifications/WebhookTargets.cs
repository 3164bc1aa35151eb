using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace LeadRouting.Web.Notifications;

/// <summary>
/// Applies <see cref="WebhookTargetRule"/> twice: to the URL when a subscription is made (<see cref="CheckAsync"/>,
/// an answer an admin can act on), and to the addresses every delivery is about to connect to
/// (<see cref="ConnectAsync"/>, the webhook <see cref="HttpClient"/>'s connect callback). The second check is the one
/// that holds: it resolves the name itself and connects only to the addresses it checked, so a name that resolved to a
/// public address at subscription and to an internal one later (DNS rebinding) is refused.
/// </summary>
public sealed class WebhookTargets(IOptions<WebhookTargetOptions> options, IWebhookHostResolver resolver, TimeProvider time)
{
    /// <summary>How long a subscription waits for DNS before it accepts a name it could not check now.</summary>
    public static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(5);

    private readonly WebhookTargetRule _rule = WebhookTargetRule.Create(options.Value.AllowedHosts);

    /// <summary>Null when <paramref name="uri"/> may be subscribed; else why not, in words for the admin who sent it.</summary>
    public async Task<string?> CheckAsync(Uri uri, CancellationToken cancellationToken)
    {
        if (uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6)
        {
            // Uri has already read decimal, octal, hex and short IPv4 forms (2130706433, 0x7f.1, 127.1) as the address
            // a resolver would connect to; Host shows it canonical (127.0.0.1).
            return WebhookTargetRule.TryParseAddress(uri.Host, out var address) && _rule.Refusal(address) is { } kind
                ? $"{uri.Host} is {kind}. {Hint}"
                : null;
        }

        if (uri.HostNameType != UriHostNameType.Dns)
        {
            return "Must name a host: a DNS name or an IP address.";
        }

        var host = uri.IdnHost;
        if (_rule.AllowsName(host))
        {
            return null;
        }

        if (WebhookTargetRule.IsLocalhostName(host))
        {
            return $"{uri.Host} is this machine (loopback). {Hint}";
        }

        IPAddress[] addresses;
        using (var timeout = new CancellationTokenSource(ResolveTimeout, time))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token))
        {
            try
            {
                addresses = await resolver.ResolveAsync(host, linked.Token);
            }
            catch (Exception ex) when (ex is SocketException || (ex is OperationCanceledException && timeout.IsCancellationRequested))
            {
                // Not resolvable now (a name set up later, a DNS hiccup): accepted, since every delivery checks again.
                return null;
            }
        }

        // Refused when any address is internal, not only all: a resolver may hand out any one of them at delivery. The
        // address itself is not named, so the API is no oracle for what internal names resolve to.
        return addresses.Select(_rule.Refusal).FirstOrDefault(kind => kind is not null) is { } refusal
            ? $"{uri.Host} resolves to {refusal}. {Hint}"
            : null;
    }

    /// <summary>
    /// The webhook <see cref="SocketsHttpHandler.ConnectCallback"/>: resolves the host, refuses the connection when any
    /// of its addresses is not allowed (<see cref="WebhookTargetRefusedException"/>), else connects to those addresses.
    /// </summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        IPAddress[] addresses;
        var trustedName = false;
        var isLiteral = WebhookTargetRule.TryParseAddress(host, out var literal);
        if (isLiteral)
        {
            addresses = [literal];
        }
        else
        {
            trustedName = _rule.AllowsName(host);
            if (!trustedName && WebhookTargetRule.IsLocalhostName(host))
            {
                throw new WebhookTargetRefusedException($"Refused to connect to {host}: it is this machine (loopback). {Hint}");
            }

            addresses = await resolver.ResolveAsync(host, cancellationToken);
        }

        if (!trustedName)
        {
            foreach (var address in addresses)
            {
                if (_rule.Refusal(address) is { } kind)
                {
                    var resolved = isLiteral ? "" : $" resolves to {address}, which";
                    throw new WebhookTargetRefusedException($"Refused to connect to {host}:{resolved} is {kind}. {Hint}");
                }
            }
        }

        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        // Dual mode (IPv6 socket that also reaches IPv4), as SocketsHttpHandler's own connect does.
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static string Hint =>
        $"Webhooks go to public addresses only; an operator can allow a host or range in {WebhookTargetRule.AllowListSetting}.";
}

/// <summary>The <c>Notifications:Webhooks</c> settings.</summary>
public sealed class WebhookTargetOptions
{
    public const string Section = "Notifications:Webhooks";

    /// <summary>
    /// Hosts and ranges webhooks may reach although they are not public: host names, <c>*.domain</c>, IP addresses or
    /// CIDR ranges (<see cref="WebhookTargetRule.Create"/>). Empty: public addresses only.
    /// </summary>
    public string[] AllowedHosts { get; set; } = [];
}

/// <summary>Stops the start when an allow-list entry is not understood, naming it, rather than ignoring it.</summary>
public sealed class WebhookTargetOptionsValidator : IValidateOptions<WebhookTargetOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookTargetOptions options)
    {
        try
        {
            WebhookTargetRule.Create(options.AllowedHosts);
            return ValidateOptionsResult.Success;
        }
        catch (FormatException invalid)
        {
            return ValidateOptionsResult.Fail(invalid.Message);
        }
    }
}

/// <summary>A webhook connection refused by <see cref="WebhookTargetRule"/>; the delivery fails at once, not retried.</summary>
public sealed class WebhookTargetRefusedException(string message) : Exception(message);

/// <summary>Name resolution for webhook hosts: DNS in the app; tests swap it to make a name point elsewhere.</summary>
public interface IWebhookHostResolver
{
    /// <exception cref="SocketException">The name does not resolve.</exception>
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}

public sealed class DnsWebhookHostResolver : IWebhookHostResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        Dns.GetHostAddressesAsync(host, cancellationToken);
}
