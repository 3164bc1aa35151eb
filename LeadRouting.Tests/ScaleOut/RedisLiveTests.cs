using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using LeadRouting.Tests.Api;
using LeadRouting.Tests.Security;
using LeadRouting.Web.Hubs;
using LeadRouting.Web.Live;
using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace LeadRouting.Tests.ScaleOut;

/// <summary>
/// Two app instances in this process, one SQLite data folder and one real Redis (DESIGN.md "Architecture": SignalR fans
/// out through the Redis backplane). Instance A runs no outbox dispatcher, so every event it shows was dispatched on B
/// and came over Redis.
/// </summary>
[Slow(SlowBecause.Redis)]
public sealed class RedisLiveTests : IAsyncLifetime
{
    private static readonly string RelayChannel = RedisLiveConnection.DefaultChannelPrefix + RedisLeadEventRelay.ChannelName;

    private RedisServer _redis = null!;
    private Instance? _a;
    private Instance? _b;

    private Instance A => _a ?? throw new InvalidOperationException("Instances not started.");

    private Instance B => _b ?? throw new InvalidOperationException("Instances not started.");

    public async Task InitializeAsync() => _redis = await RedisServer.StartNewAsync();

    public async Task DisposeAsync()
    {
        // B first: A's factory owns the shared data folder and removes it.
        if (_b is not null)
        {
            await _b.DisposeAsync();
        }

        if (_a is not null)
        {
            await _a.DisposeAsync();
        }

        _redis.Dispose();
    }

    [Fact]
    public async Task A_hub_client_on_one_instance_receives_a_lead_ingested_on_the_other_exactly_once()
    {
        StartInstances();
        var events = new HubEvents();
        await using var hub = await A.ConnectHubAsync(events);

        var leadId = await B.IngestAsync();
        await events.WaitForAsync(leadId);

        // A second lead takes the same way: Redis and SignalR deliver in order per connection, so a second copy of the
        // first event sent the same way would have arrived before it.
        var marker = await B.IngestAsync();
        await events.WaitForAsync(marker);
        Assert.Equal(1, events.Count(leadId));
        Assert.Equal(1, events.Count(marker));
    }

    [Fact]
    public async Task A_live_view_on_one_instance_hears_a_lead_ingested_on_the_other()
    {
        StartInstances();
        var heard = new ConcurrentQueue<LeadEvent>();
        using var view = A.Notifier.Subscribe(e =>
        {
            heard.Enqueue(e);
            return Task.CompletedTask;
        });
        await WaitForRelaySubscribersAsync(2);

        var leadId = await B.IngestAsync();

        await Eventually.HoldsAsync(() => heard.Any(e => e.LeadId == leadId), $"A's notifier hears lead {leadId}");
        var leadEvent = heard.First(e => e.LeadId == leadId);
        Assert.Equal(LeadEventKind.Routed, leadEvent.Kind);
        Assert.NotNull(leadEvent.OwnerId);
    }

    [Fact]
    public async Task Routing_goes_on_while_Redis_is_down_and_live_updates_resume_when_it_is_back()
    {
        StartInstances();
        var events = new HubEvents();
        await using var hub = await A.ConnectHubAsync(events);
        var heard = new ConcurrentQueue<string>();
        using var view = A.Notifier.Subscribe(e =>
        {
            heard.Enqueue(e.LeadId);
            return Task.CompletedTask;
        });
        await WaitForRelaySubscribersAsync(2);

        await _redis.StopAsync();
        var duringOutage = new List<HttpStatusCode>();
        foreach (var instance in new[] { A, B, A, B })
        {
            duringOutage.Add(await instance.PostLeadAsync());
        }

        // Redis stays away until both instances have noticed and B has logged the loss, not for a fixed time.
        await Eventually.HoldsAsync(async () => (await A.HealthAsync()).StartsWith("Degraded\nredis: ", StringComparison.Ordinal) && (await B.HealthAsync()).StartsWith("Degraded\nredis: ", StringComparison.Ordinal), "/health reports Degraded without Redis");
        await Eventually.HoldsAsync(() => B.Logs.All.Any(line => line.Contains("Lost Redis", StringComparison.Ordinal)), "B logs that it lost Redis");
        Assert.All(duringOutage, status => Assert.Equal(HttpStatusCode.Created, status));

        await _redis.StartAsync();
        // StackExchange.Redis reconnects on its own heartbeat: wait until both instances answer through Redis again
        // and both relays and A's hub group are subscribed again.
        await Eventually.HoldsAsync(async () => await A.HealthAsync() == "Healthy" && await B.HealthAsync() == "Healthy", "/health reports Healthy with Redis back");
        await WaitForRelaySubscribersAsync(2);
        await Eventually.HoldsAsync(() => HubGroupSubscribedAsync(RoutingHub.EveryLead), "the backplane re-subscribes A's hub group");

        var afterwards = await B.IngestAsync();
        await events.WaitForAsync(afterwards);
        await Eventually.HoldsAsync(() => heard.Contains(afterwards), $"A's notifier hears lead {afterwards}");

        // The outage was logged, not swallowed; routing itself never waited for Redis.
        Assert.Contains(B.Logs.All, line => line.Contains("Lost Redis", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Instances_that_start_while_Redis_is_down_route_and_share_live_updates_once_it_is_up()
    {
        await _redis.StopAsync();
        StartInstances();
        Assert.Equal(HttpStatusCode.Created, await B.PostLeadAsync());
        Assert.Equal(HttpStatusCode.Created, await A.PostLeadAsync());
        // Both have given up their first connection attempt, and so subscribed to the relay channel while Redis was away.
        await Eventually.HoldsAsync(() => new[] { A, B }.All(i => i.Logs.All.Any(line => line.Contains("started without it", StringComparison.Ordinal))),
            "both instances report that they started without Redis");

        await _redis.StartAsync();
        await WaitForRelaySubscribersAsync(2);
        var events = new HubEvents();
        await using var hub = await A.ConnectHubAsync(events);
        var heard = new ConcurrentQueue<string>();
        using var view = A.Notifier.Subscribe(e =>
        {
            heard.Enqueue(e.LeadId);
            return Task.CompletedTask;
        });

        var leadId = await B.IngestAsync();

        await events.WaitForAsync(leadId);
        await Eventually.HoldsAsync(() => heard.Contains(leadId), $"A's notifier hears lead {leadId}");
    }

    /// <summary>A first, alone, so it creates and seeds the database; then B on the same folder.</summary>
    private void StartInstances()
    {
        _a = Instance.Start(new Dictionary<string, string>
        {
            ["ConnectionStrings:Redis"] = _redis.ConnectionString,
            ["Notifications:DispatcherEnabled"] = "false",
        });
        _b = Instance.Start(new Dictionary<string, string>
        {
            ["ConnectionStrings:Redis"] = _redis.ConnectionString,
            ["Storage:DataDirectory"] = A.DataDirectory,
        });
    }

    private async Task WaitForRelaySubscribersAsync(long count)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        await Eventually.HoldsAsync(
            async () => await server.SubscriptionSubscriberCountAsync(RedisChannel.Literal(RelayChannel)) >= count,
            $"{count} instances subscribe to {RelayChannel}");
    }

    /// <summary>Whether Redis has a subscriber for the backplane channel of hub group <paramref name="group"/> (whatever its prefix).</summary>
    private async Task<bool> HubGroupSubscribedAsync(string group)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var channels = await server.SubscriptionChannelsAsync(RedisChannel.Pattern("*:group:" + group));
        return channels.Length > 0;
    }


    /// <summary>Lead events a hub client received, counted per lead.</summary>
    private sealed class HubEvents
    {
        private readonly ConcurrentDictionary<string, int> _counts = new();

        public void Add(JsonElement leadEvent) => _counts.AddOrUpdate(leadEvent.GetProperty("leadId").GetString()!, 1, (_, n) => n + 1);

        public int Count(string leadId) => _counts.GetValueOrDefault(leadId);

        public Task WaitForAsync(string leadId) => Eventually.HoldsAsync(() => Count(leadId) > 0, $"the hub client receives lead {leadId}");
    }

    /// <summary>One app instance: the in-memory host with its own log capture, an ingest client and its notifier.</summary>
    private sealed class Instance : IAsyncDisposable
    {
        private readonly LeadRoutingApiFactory _settings;
        private readonly WebApplicationFactory<Program> _host;
        private readonly HttpClient _api;

        private Instance(IReadOnlyDictionary<string, string> settings)
        {
            _settings = LeadRoutingApiFactory.WithSettings(settings);
            _host = _settings.WithWebHostBuilder(builder => builder.ConfigureServices(services =>
                services.AddLogging(logging => logging.AddProvider(Logs))));
            _api = _host.CreateClient();
            _api.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, IssueKey(ApiScopes.Ingest));
        }

        /// <summary>The warnings the instance logged, to tell that an outage was reported.</summary>
        public CapturedWarnings Logs { get; } = new();

        public string DataDirectory => _settings.DataDirectory;

        public LeadEventNotifier Notifier => _host.Services.GetRequiredService<LeadEventNotifier>();

        public static Instance Start(IReadOnlyDictionary<string, string> settings) => new(settings);

        /// <summary>Posts a new lead (a new person each time, so nothing merges) and answers its status code.</summary>
        public async Task<HttpStatusCode> PostLeadAsync() => (await SendLeadAsync()).StatusCode;

        /// <summary>Posts a new lead, expects 201 and answers its id.</summary>
        public async Task<string> IngestAsync()
        {
            var response = await SendLeadAsync();
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
            return (string)body["lead"]!["id"]!;
        }

        /// <summary>The overall status /health answers (the database check and, with Redis configured, the redis check).</summary>
        public async Task<string> HealthAsync()
        {
            using var client = _host.CreateClient();
            return await client.GetStringAsync("/health");
        }

        /// <summary>A hub client with a read key, started and in its groups.</summary>
        public async Task<HubConnection> ConnectHubAsync(HubEvents events)
        {
            var key = IssueKey(ApiScopes.Read);
            var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(_host.Server.BaseAddress, RoutingHub.Path), options =>
                {
                    options.HttpMessageHandlerFactory = _ => _host.Server.CreateHandler();
                    options.Transports = HttpTransportType.LongPolling;
                    options.Headers[ApiKeyAuthenticationHandler.HeaderName] = key;
                })
                .Build();
            connection.On<JsonElement>(RoutingHub.LeadEventMethod, events.Add);
            var subscribed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var registration = connection.On<string[]>(RoutingHub.SubscribedMethod, _ => subscribed.TrySetResult());
            await connection.StartAsync();
            await subscribed.Task.WaitAsync(Eventually.DefaultTimeout);
            return connection;
        }

        public async ValueTask DisposeAsync()
        {
            _api.Dispose();
            await _host.DisposeAsync();
            await _settings.DisposeAsync();
        }

        private Task<HttpResponseMessage> SendLeadAsync()
        {
            var person = Guid.NewGuid().ToString("N")[..10];
            return _api.PostAsJsonAsync("/api/leads", new JsonObject
            {
                ["email"] = $"{person}@brightlabs.de",
                ["firstName"] = "Jana",
                ["lastName"] = person,
                ["company"] = "Brightlabs",
                ["employees"] = 350,
                ["industry"] = "Software",
                ["country"] = "DE",
                ["techStack"] = new JsonArray("HubSpot"),
                ["source"] = "DemoRequest",
            });
        }

        private string IssueKey(string scope) =>
            _host.Services.GetRequiredService<ApiKeyService>().CreateForSystemAsync("scale-out", [scope], CancellationToken.None).GetAwaiter().GetResult().Key;
    }

}
