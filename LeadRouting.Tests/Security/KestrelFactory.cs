using System.Net;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Security;

namespace LeadRouting.Tests.Security;

/// <summary>
/// The app on real Kestrel (127.0.0.1, a free port) rather than the in-memory server: for what only a socket has — the
/// <c>Server</c> header, a WebSocket upgrade, a client address a proxy list can trust or not.
/// </summary>
internal static class KestrelFactory
{
    public static LeadRoutingApiFactory Start(IReadOnlyDictionary<string, string>? settings = null)
    {
        var factory = LeadRoutingApiFactory.WithSettings(settings ?? new Dictionary<string, string>());
        factory.UseKestrel(0);
        factory.StartServer();
        return factory;
    }

    /// <summary>The address Kestrel listens on; clients made with options of their own need it spelled out.</summary>
    public static Uri Address(this LeadRoutingApiFactory factory)
    {
        using var client = factory.CreateClient();
        return client.BaseAddress!;
    }

    /// <summary>A browser-like client over the socket: keeps cookies, does not follow redirects.</summary>
    public static HttpClient CreateSocketBrowserClient(this LeadRoutingApiFactory factory) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = factory.Address() };

    /// <summary>The sign-in cookie (<c>name=value</c>) for a demo user, signed in through the login form over the socket.</summary>
    public static async Task<string> SocketSignInCookieAsync(this LeadRoutingApiFactory factory, string email)
    {
        using var client = factory.CreateSocketBrowserClient();
        var response = await LeadRoutingApiFactory.PostLoginAsync(client, email, DemoUsers.Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.GetValues("Set-Cookie")
            .Single(c => c.StartsWith(SignInServiceCollectionExtensions.CookieName + "=", StringComparison.Ordinal))
            .Split(';')[0];
    }
}
