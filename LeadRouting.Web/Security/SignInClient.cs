using System.Net;
using System.Net.Sockets;
using System.Text.Encodings.Web;

namespace LeadRouting.Web.Security;

/// <summary>Who a sign-in attempt comes from, for the sign-in rate limit, and the page a client over its limit gets.</summary>
public static class SignInClient
{
    /// <summary>
    /// The client's address (behind a proxy, the one the forwarded-headers middleware restored). An IPv6 client counts by
    /// its /64 network, since anyone holding one address holds the whole /64 and could rotate through it.
    /// </summary>
    public static string Of(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    /// <summary>
    /// The answer to a sign-in over the limit: <c>429</c> with <c>Retry-After</c> (set by the caller) and a short page a
    /// browser shows, since the form posts as a plain HTML form.
    /// </summary>
    public static Task WriteTooManyAttemptsAsync(HttpContext context, int retryAfterSeconds, CancellationToken cancellationToken)
    {
        context.Response.ContentType = "text/html; charset=utf-8";
        var login = HtmlEncoder.Default.Encode(AccountEndpoints.LoginPath);
        return context.Response.WriteAsync(
            $"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Too many sign-in attempts · LeadRouting</title></head>
            <body>
            <main>
            <h1>Too many sign-in attempts</h1>
            <p data-testid="sign-in-throttled">Too many sign-in attempts came from your network. Wait {retryAfterSeconds} seconds, then <a href="{login}">sign in again</a>.</p>
            </main>
            </body>
            </html>
            """,
            cancellationToken);
    }
}
