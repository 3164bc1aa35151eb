using System.Net;
using System.Text.Json;
using LeadRouting.Tests.Api;
using LeadRouting.Tests.Notifications;
using LeadRouting.Web.Hubs;
using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Hubs;

/// <summary>/hubs/routing with the real SignalR client over the in-memory server.</summary>
public sealed class RoutingHubTests : IDisposable
{
    private readonly LeadRoutingApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private string IssueKey(params string[] scopes) =>
        _factory.Services.GetRequiredService<ApiKeyService>().CreateForSystemAsync("hub", scopes, CancellationToken.None).GetAwaiter().GetResult().Key;

    private HubConnection Connect(string? key, HttpTransportType transport = HttpTransportType.LongPolling, string? cookie = null) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(_factory.Server.BaseAddress, RoutingHub.Path), options =>
            {
                options.HttpMessageHandlerFactory = _ => _factory.Server.CreateHandler();
                options.Transports = transport;
                if (key is not null)
                {
                    options.Headers[ApiKeyAuthenticationHandler.HeaderName] = key;
                }

                if (cookie is not null)
                {
                    options.Headers["Cookie"] = cookie;
                }
            })
            .Build();

    [Fact]
    public async Task Client_with_a_read_key_receives_the_lead_event_once_its_outbox_row_is_committed()
    {
        await using var connection = Connect(IssueKey(ApiScopes.Read));
        var received = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<JsonElement>(RoutingHub.LeadEventMethod, e => received.TrySetResult(e));
        await StartSubscribedAsync(connection);

        await _factory.InsertOutboxAsync(NotificationTestKit.Routed("ld_hub1"));

        var leadEvent = await received.Task.WaitAsync(NotificationTestKit.NetworkWait);
        Assert.Equal("Routed", leadEvent.GetProperty("kind").GetString());
        Assert.Equal("ld_hub1", leadEvent.GetProperty("leadId").GetString());
        Assert.Equal("Assigned", leadEvent.GetProperty("status").GetString());
        Assert.Equal("dach-mid-1", leadEvent.GetProperty("ownerId").GetString());
        Assert.Equal(LeadRoutingApiFactory.Now.AddMinutes(15), leadEvent.GetProperty("respondBy").GetDateTimeOffset());
    }

    [Fact]
    public async Task Signed_in_person_connects_with_the_sign_in_cookie_and_receives_events()
    {
        await using var connection = Connect(key: null, cookie: await _factory.SignInCookieAsync("dach-mid-1@leadrouting.demo"));
        var received = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<JsonElement>(RoutingHub.LeadEventMethod, e => received.TrySetResult(e));
        await StartSubscribedAsync(connection);

        await _factory.InsertOutboxAsync(NotificationTestKit.Routed("ld_hub_cookie"));

        Assert.Equal("ld_hub_cookie", (await received.Task.WaitAsync(NotificationTestKit.NetworkWait)).GetProperty("leadId").GetString());
    }

    /// <summary>DESIGN.md: a rep cannot read other teams' leads — not through the hub either.</summary>
    [Fact]
    public async Task A_rep_hears_only_their_own_team_s_leads_and_their_own_while_managers_hear_every_lead()
    {
        async Task<(HubConnection Connection, List<string> Leads)> ListenAsync(string email)
        {
            var connection = Connect(key: null, cookie: await _factory.SignInCookieAsync(email));
            var leads = new List<string>();
            connection.On<JsonElement>(RoutingHub.LeadEventMethod, e =>
            {
                lock (leads)
                {
                    leads.Add(e.GetProperty("leadId").GetString()!);
                }
            });
            await StartSubscribedAsync(connection);
            return (connection, leads);
        }

        var (ukRep, ukLeads) = await ListenAsync("uki-mid-1@leadrouting.demo");
        var (dachRep, dachLeads) = await ListenAsync("dach-mid-1@leadrouting.demo");
        var (manager, managerLeads) = await ListenAsync("katrin.vogel@leadrouting.demo");
        await using (ukRep)
        await using (dachRep)
        await using (manager)
        {
            // A DACH lead, a DACH lead owned by the UK rep as a backup, then a UK lead (the last one tells that the others were not held back).
            await _factory.InsertOutboxAsync(
                NotificationTestKit.Routed("ld_dach"),
                NotificationTestKit.Routed("ld_dach_backup", ownerId: "uki-mid-1"),
                NotificationTestKit.Routed("ld_uk", ownerId: "uki-mid-2", teamId: "uki"));

            await Eventually.HoldsAsync(() => Snapshot(managerLeads).Count == 3 && Snapshot(ukLeads).Contains("ld_uk") && Snapshot(dachLeads).Count == 2,
                "the manager's, the UK rep's and the DACH team's clients each hear their leads");
            Assert.Equal(["ld_dach", "ld_dach_backup", "ld_uk"], Snapshot(managerLeads).Order(StringComparer.Ordinal));
            Assert.Equal(["ld_dach_backup", "ld_uk"], Snapshot(ukLeads).Order(StringComparer.Ordinal));
            Assert.Equal(["ld_dach", "ld_dach_backup"], Snapshot(dachLeads).Order(StringComparer.Ordinal));
        }
    }

    /// <summary>Starts the connection and waits until the hub has put it in its groups (events before that would not reach it).</summary>
    private static async Task<string[]> StartSubscribedAsync(HubConnection connection)
    {
        var subscribed = new TaskCompletionSource<string[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = connection.On<string[]>(RoutingHub.SubscribedMethod, groups => subscribed.TrySetResult(groups));
        await connection.StartAsync();
        return await subscribed.Task.WaitAsync(NotificationTestKit.NetworkWait);
    }

    private static List<string> Snapshot(List<string> leads)
    {
        lock (leads)
        {
            return [.. leads];
        }
    }

    [Fact]
    public async Task A_forged_sign_in_cookie_is_refused_with_401_not_a_login_redirect()
    {
        await using var connection = Connect(key: null, cookie: $"{SignInServiceCollectionExtensions.CookieName}=forged");

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Client_without_a_key_is_refused_with_401()
    {
        await using var connection = Connect(key: null);

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Client_with_a_key_without_the_read_scope_is_refused_with_403()
    {
        await using var connection = Connect(IssueKey(ApiScopes.Ingest));

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task The_key_may_come_as_access_token_on_the_hub_path_only()
    {
        var key = IssueKey(ApiScopes.Read);
        using var client = _factory.CreateClient();

        var withToken = await client.PostAsync($"{RoutingHub.Path}/negotiate?negotiateVersion=1&access_token={Uri.EscapeDataString(key)}", null);
        var withoutToken = await client.PostAsync($"{RoutingHub.Path}/negotiate?negotiateVersion=1", null);
        var tokenElsewhere = await client.GetAsync($"/api/leads/ld_none?access_token={Uri.EscapeDataString(key)}");

        Assert.Equal(HttpStatusCode.OK, withToken.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, withoutToken.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, tokenElsewhere.StatusCode);
    }

    [Fact]
    public async Task WebSocket_client_passing_the_key_as_access_token_receives_events()
    {
        var key = IssueKey(ApiScopes.Read);
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(_factory.Server.BaseAddress, RoutingHub.Path), options =>
            {
                options.HttpMessageHandlerFactory = _ => _factory.Server.CreateHandler();
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
                options.WebSocketFactory = (context, cancellationToken) =>
                {
                    // What a browser does: the token in the query string, since it cannot set WebSocket headers.
                    var uri = new UriBuilder(context.Uri) { Query = $"{context.Uri.Query.TrimStart('?')}&access_token={Uri.EscapeDataString(key)}".TrimStart('&') }.Uri;
                    return new ValueTask<System.Net.WebSockets.WebSocket>(_factory.Server.CreateWebSocketClient().ConnectAsync(uri, cancellationToken));
                };
            })
            .Build();
        var received = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<JsonElement>(RoutingHub.LeadEventMethod, e => received.TrySetResult(e));
        await StartSubscribedAsync(connection);

        await _factory.InsertOutboxAsync(NotificationTestKit.Routed("ld_hub_ws"));

        Assert.Equal("ld_hub_ws", (await received.Task.WaitAsync(NotificationTestKit.NetworkWait)).GetProperty("leadId").GetString());
    }
}
