using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using LeadRouting.Tests.Api;
using LeadRouting.Tests.Notifications;
using LeadRouting.Web.Hubs;
using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace LeadRouting.Tests.Security;

/// <summary>
/// Issue 14 §3: the hub (<c>/hubs/*</c>) and the Blazor circuit (<c>/_blazor</c>) refuse a page of another origin even
/// when the browser sends a valid sign-in cookie with it (another port or subdomain of the same site: SameSite=Lax
/// does not stop it). Negotiate and long polling over the in-memory server; the WebSocket upgrade over real Kestrel.
/// </summary>
public sealed class LiveConnectionOriginTests : IDisposable
{
    private const string Manager = "katrin.vogel@leadrouting.demo";

    // The in-memory server answers as http://localhost; another port of the same host is another origin.
    private const string OwnOrigin = "http://localhost";
    private const string OtherPort = "http://localhost:8081";

    private readonly LeadRoutingApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Theory]
    [InlineData(RoutingHub.Path)]
    [InlineData(LiveConnectionOrigins.BlazorPath)]
    public async Task Negotiate_with_a_foreign_origin_and_a_valid_cookie_is_refused_with_403_and_the_own_origin_is_not(string path)
    {
        var cookie = await _factory.SignInCookieAsync(Manager);

        var own = await NegotiateAsync(_factory, path, cookie, OwnOrigin);
        var otherPort = await NegotiateAsync(_factory, path, cookie, OtherPort);
        var subdomain = await NegotiateAsync(_factory, path, cookie, "http://evil.localhost");
        var opaque = await NegotiateAsync(_factory, path, cookie, "null");

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherPort.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, subdomain.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, opaque.StatusCode);
        Assert.Equal("application/problem+json", otherPort.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Security:AllowedOrigins", await otherPort.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_foreign_page_with_a_managers_cookie_hears_no_lead_event_while_the_apps_own_page_hears_it()
    {
        var cookie = await _factory.SignInCookieAsync(Manager);
        await using var foreign = Connect(cookie, OtherPort);
        await using var own = Connect(cookie, OwnOrigin);
        var received = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        own.On<JsonElement>(RoutingHub.LeadEventMethod, e => received.TrySetResult(e));

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => foreign.StartAsync());
        await StartSubscribedAsync(own);
        await _factory.InsertOutboxAsync(NotificationTestKit.Routed("ld_origin"));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("ld_origin", (await received.Task.WaitAsync(NotificationTestKit.NetworkWait)).GetProperty("leadId").GetString());
    }

    [Fact]
    public async Task A_client_without_an_Origin_header_such_as_the_dotnet_client_with_a_key_still_connects()
    {
        using var client = _factory.CreateApiClient(ApiScopes.Read);

        var response = await client.PostAsync($"{RoutingHub.Path}/negotiate?negotiateVersion=1", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task An_origin_listed_in_Security_AllowedOrigins_may_connect_and_others_still_may_not()
    {
        using var factory = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string>
        {
            ["Security:AllowedOrigins"] = "https://wallboard.example.com; http://localhost:8081",
        });
        var cookie = await factory.SignInCookieAsync(Manager);

        Assert.Equal(HttpStatusCode.OK, (await NegotiateAsync(factory, RoutingHub.Path, cookie, "https://wallboard.example.com")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await NegotiateAsync(factory, RoutingHub.Path, cookie, "HTTPS://Wallboard.Example.com:443")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await NegotiateAsync(factory, LiveConnectionOrigins.BlazorPath, cookie, OtherPort)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await NegotiateAsync(factory, RoutingHub.Path, cookie, "http://wallboard.example.com")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await NegotiateAsync(factory, RoutingHub.Path, cookie, "https://wallboard.example.com:8443")).StatusCode);
    }

    [Theory]
    [InlineData("wallboard.example.com")]
    [InlineData("https://wallboard.example.com/board")]
    [InlineData("https://wallboard.example.com/")]
    [InlineData("ftp://wallboard.example.com")]
    public void A_setting_that_is_not_an_origin_stops_the_app_at_start_naming_the_setting(string value)
    {
        using var factory = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string> { ["Security:AllowedOrigins"] = value });

        var error = Assert.ThrowsAny<Exception>(() => factory.Server);

        Assert.Contains("Security:AllowedOrigins", error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>The upgrade itself, not only negotiate: a browser may skip negotiation and open the WebSocket directly.</summary>
    [Theory]
    [InlineData(RoutingHub.Path)]
    [InlineData(LiveConnectionOrigins.BlazorPath)]
    public async Task The_WebSocket_upgrade_with_a_foreign_origin_is_refused_with_403_and_with_the_own_origin_opens(string path)
    {
        using var factory = KestrelFactory.Start();
        var app = factory.Address();
        var cookie = await factory.SocketSignInCookieAsync(Manager);
        var webSocketUri = new UriBuilder(app) { Scheme = "ws", Path = path }.Uri;
        var ownOrigin = app.GetLeftPart(UriPartial.Authority);

        using var foreign = await OpenWebSocketAsync(webSocketUri, cookie, $"http://{app.Host}:{app.Port + 1}");
        using var own = await OpenWebSocketAsync(webSocketUri, cookie, ownOrigin);

        Assert.Equal(HttpStatusCode.Forbidden, foreign.HttpStatusCode);
        Assert.NotEqual(WebSocketState.Open, foreign.State);
        Assert.Equal(HttpStatusCode.SwitchingProtocols, own.HttpStatusCode);
        Assert.Equal(WebSocketState.Open, own.State);
    }

    private static async Task<ClientWebSocket> OpenWebSocketAsync(Uri uri, string cookie, string origin)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Cookie", cookie);
        socket.Options.SetRequestHeader("Origin", origin);
        using var timeout = new CancellationTokenSource(NotificationTestKit.NetworkWait);
        try
        {
            await socket.ConnectAsync(uri, timeout.Token);
        }
        catch (WebSocketException)
        {
            // Refused: the status the server answered is in HttpStatusCode, which the test asserts.
        }

        return socket;
    }

    private static async Task<HttpResponseMessage> NegotiateAsync(LeadRoutingApiFactory factory, string path, string cookie, string origin)
    {
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{path}/negotiate?negotiateVersion=1");
        request.Headers.Add("Cookie", cookie);
        request.Headers.Add("Origin", origin);
        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private HubConnection Connect(string cookie, string origin) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(_factory.Server.BaseAddress, RoutingHub.Path), options =>
            {
                options.HttpMessageHandlerFactory = _ => _factory.Server.CreateHandler();
                options.Transports = HttpTransportType.LongPolling;
                options.Headers["Cookie"] = cookie;
                options.Headers["Origin"] = origin;
            })
            .Build();

    private static async Task StartSubscribedAsync(HubConnection connection)
    {
        var subscribed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = connection.On<string[]>(RoutingHub.SubscribedMethod, _ => subscribed.TrySetResult());
        await connection.StartAsync();
        await subscribed.Task.WaitAsync(NotificationTestKit.NetworkWait);
    }
}
