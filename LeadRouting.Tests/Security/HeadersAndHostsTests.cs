using System.Net;
using System.Text.RegularExpressions;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Security;

namespace LeadRouting.Tests.Security;

/// <summary>
/// Issue 14 §6: the headers every answer carries (content security policy, nosniff, Referrer-Policy, no Server), the
/// hosts the app answers for (AllowedHosts), and forwarded headers from a TLS proxy (off by default).
/// </summary>
public sealed partial class HeadersAndHostsTests
{
    private const string Rep = "dach-mid-1@leadrouting.demo";

    [Fact]
    public async Task A_page_carries_a_script_policy_whose_nonce_is_on_its_only_inline_script()
    {
        using var factory = new LeadRoutingApiFactory();
        using var client = factory.CreateBrowserClient();

        var first = await client.GetAsync(AccountEndpoints.LoginPath);
        var second = await client.GetAsync(AccountEndpoints.LoginPath);

        var policy = Assert.Single(first.Headers.GetValues("Content-Security-Policy"));
        var directives = Directives(policy);
        var nonce = NoncePattern().Match(directives["script-src"]).Groups[1].Value;
        Assert.NotEmpty(nonce);
        Assert.Equal($"'self' 'nonce-{nonce}'", directives["script-src"]);
        Assert.Equal("'self'", directives["default-src"]);
        Assert.Equal("'self'", directives["frame-ancestors"]);
        Assert.Equal("'none'", directives["object-src"]);
        Assert.Equal("'self'", directives["base-uri"]);
        Assert.Equal("'self'", directives["form-action"]);

        // Every inline script on the page carries the nonce; the rest come from the app's own origin.
        var html = await first.Content.ReadAsStringAsync();
        var inline = InlineScriptPattern().Matches(html);
        Assert.NotEmpty(inline);
        Assert.All(inline, script => Assert.Equal(nonce, WebUtility.HtmlDecode(NonceAttributePattern().Match(script.Value).Groups[1].Value)));

        // A nonce is good for one answer only.
        var secondNonce = NoncePattern().Match(Assert.Single(second.Headers.GetValues("Content-Security-Policy"))).Groups[1].Value;
        Assert.NotEqual(nonce, secondNonce);
    }

    [Theory]
    [InlineData(AccountEndpoints.LoginPath, HttpStatusCode.OK)]
    [InlineData("/api/leads/ld_none", HttpStatusCode.Unauthorized)]
    [InlineData("/no-such-page", HttpStatusCode.Redirect)]
    [InlineData("/app.css", HttpStatusCode.OK)]
    public async Task Every_answer_carries_nosniff_a_referrer_policy_and_the_content_security_policy(string path, HttpStatusCode status)
    {
        using var factory = new LeadRoutingApiFactory();
        using var client = factory.CreateBrowserClient();

        var response = await client.GetAsync(path);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("same-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Contains("script-src 'self' 'nonce-", Assert.Single(response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kestrel_sends_no_Server_header()
    {
        using var factory = KestrelFactory.Start();
        using var client = factory.CreateClient();

        var response = await client.GetAsync(AccountEndpoints.LoginPath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Server"), $"Server: {string.Join(", ", response.Headers.Server)}");
    }

    /// <summary>With <c>AllowedHosts: *</c> the sign-in redirect named whatever Host the request brought.</summary>
    [Fact]
    public async Task The_shipped_settings_answer_a_foreign_Host_with_400_instead_of_a_redirect_to_it()
    {
        using var factory = new LeadRoutingApiFactory();
        using var client = factory.CreateBrowserClient();

        var foreign = await client.GetAsync("http://evil.example/");
        var local = await client.GetAsync("http://localhost/");
        var loopback = await client.GetAsync("http://127.0.0.1:5080/");

        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        Assert.Null(foreign.Headers.Location);
        Assert.Equal(HttpStatusCode.Redirect, local.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, loopback.StatusCode);
    }

    [Fact]
    public async Task Without_an_AllowedHosts_setting_the_app_answers_for_this_machine_only()
    {
        using var factory = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string> { ["AllowedHosts"] = "" });
        using var client = factory.CreateBrowserClient();

        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("http://evil.example/account/login")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("http://localhost/account/login")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("http://[::1]/account/login")).StatusCode);
    }

    [Fact]
    public async Task A_configured_public_host_is_answered_and_redirects_name_it_while_other_hosts_are_refused()
    {
        using var factory = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string> { ["AllowedHosts"] = "leads.example.com" });
        using var client = factory.CreateBrowserClient();

        var own = await client.GetAsync("http://leads.example.com/");
        var foreign = await client.GetAsync("http://evil.example/");

        Assert.Equal(HttpStatusCode.Redirect, own.StatusCode);
        Assert.Equal("leads.example.com", own.Headers.Location?.Host);
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
    }

    /// <summary>Off by default: without a proxy in front, anyone could claim https (or any client address).</summary>
    [Fact]
    public async Task Forwarded_headers_are_ignored_by_default_so_the_sign_in_cookie_follows_the_real_scheme()
    {
        using var factory = KestrelFactory.Start(new Dictionary<string, string>());

        var cookie = await SignInCookieHeaderAsync(factory, forwardedProto: "https");

        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Behind_a_trusted_TLS_proxy_the_sign_in_cookie_is_Secure()
    {
        using var factory = KestrelFactory.Start(new Dictionary<string, string> { ["ForwardedHeaders:Enabled"] = "true" });

        var cookie = await SignInCookieHeaderAsync(factory, forwardedProto: "https");

        Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_proxy_that_is_not_listed_in_KnownProxies_is_not_believed()
    {
        // The test client connects from 127.0.0.1; only 10.9.8.7 is trusted.
        using var factory = KestrelFactory.Start(new Dictionary<string, string>
        {
            ["ForwardedHeaders:Enabled"] = "true",
            ["ForwardedHeaders:KnownProxies"] = "10.9.8.7",
        });

        var cookie = await SignInCookieHeaderAsync(factory, forwardedProto: "https");

        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_proxy_inside_KnownNetworks_is_believed()
    {
        using var factory = KestrelFactory.Start(new Dictionary<string, string>
        {
            ["ForwardedHeaders:Enabled"] = "true",
            ["ForwardedHeaders:KnownNetworks"] = "10.0.0.0/8; 127.0.0.0/8",
        });

        var cookie = await SignInCookieHeaderAsync(factory, forwardedProto: "https");

        Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public async Task In_production_HSTS_is_sent_to_a_browser_that_reached_the_trusted_proxy_over_https(bool forwarded, bool hsts)
    {
        using var factory = KestrelFactory.Start(new Dictionary<string, string>
        {
            ["environment"] = "Production",
            ["AllowedHosts"] = "leads.example.com",
            ["ForwardedHeaders:Enabled"] = forwarded ? "true" : "false",
        });
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, AccountEndpoints.LoginPath);
        request.Headers.Host = "leads.example.com";
        request.Headers.Add("X-Forwarded-Proto", "https");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(hsts, response.Headers.Contains("Strict-Transport-Security"));
    }

    /// <summary>The browser's page is https://leads.example.com; without forwarded headers the app thinks it is http and would refuse its own page.</summary>
    [Fact]
    public async Task Behind_a_trusted_TLS_proxy_the_apps_own_https_page_may_open_the_hub()
    {
        using var factory = KestrelFactory.Start(new Dictionary<string, string>
        {
            // The public host, and the test's own address to sign in on.
            ["AllowedHosts"] = "leads.example.com;127.0.0.1",
            ["ForwardedHeaders:Enabled"] = "true",
        });
        using var client = factory.CreateClient();
        var cookie = await factory.SocketSignInCookieAsync(Rep);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hubs/routing/negotiate?negotiateVersion=1");
        request.Headers.Host = "leads.example.com";
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("Origin", "https://leads.example.com");
        request.Headers.Add("Cookie", cookie);

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("ForwardedHeaders:KnownProxies", "proxy.internal")]
    [InlineData("ForwardedHeaders:KnownNetworks", "10.0.0.0")]
    [InlineData("ForwardedHeaders:ForwardLimit", "0")]
    public void A_forwarded_headers_setting_that_cannot_be_used_stops_the_app_at_start_naming_it(string key, string value)
    {
        using var factory = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string> { ["ForwardedHeaders:Enabled"] = "true", [key] = value });

        var error = Assert.ThrowsAny<Exception>(() => factory.Server);

        Assert.Contains(key, error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Signs in through the login form, every request claiming <paramref name="forwardedProto"/>; the sign-in cookie's Set-Cookie header.</summary>
    private static async Task<string> SignInCookieHeaderAsync(LeadRoutingApiFactory factory, string forwardedProto)
    {
        using var client = factory.CreateSocketBrowserClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", forwardedProto);
        var response = await LeadRoutingApiFactory.PostLoginAsync(client, Rep, DemoUsers.Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(SignInServiceCollectionExtensions.CookieName + "=", StringComparison.Ordinal));
    }

    private static Dictionary<string, string> Directives(string policy) =>
        policy.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => d.Split(' ', 2))
            .ToDictionary(d => d[0], d => d.Length > 1 ? d[1] : "");

    [GeneratedRegex("'nonce-([A-Za-z0-9+/=]+)'")]
    private static partial Regex NoncePattern();

    [GeneratedRegex("\\snonce=\"([^\"]*)\"")]
    private static partial Regex NonceAttributePattern();

    // A <script> element without src: its text runs inline.
    [GeneratedRegex("<script(?![^>]*\\ssrc=)[^>]*>")]
    private static partial Regex InlineScriptPattern();
}
