using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading.Channels;
using LeadRouting.Core.Configuration;
using LeadRouting.Core.Leads;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Data;
using LeadRouting.Web.Data.Entities;
using LeadRouting.Web.Live;
using LeadRouting.Web.Notifications;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace LeadRouting.Tests.Notifications;

/// <summary>What notification tests share: outbox rows with lead events, a look at deliveries, bounded waits.</summary>
internal static class NotificationTestKit
{
    /// <summary>How long a test waits for real network work (a local SMTP or HTTP server) before it fails.</summary>
    public static readonly TimeSpan NetworkWait = Eventually.DefaultTimeout;

    /// <summary>
    /// The allow-list entry that lets webhooks reach the tests' receivers on 127.0.0.1, as an operator would allow an
    /// internal host (<c>Notifications:Webhooks:AllowedHosts</c>). Without it, loopback targets are refused.
    /// </summary>
    public const string LoopbackReceivers = "127.0.0.1";

    /// <summary>A factory whose webhooks may reach the loopback receivers (<see cref="LoopbackReceivers"/>), with any other settings.</summary>
    public static LeadRoutingApiFactory WithLoopbackWebhooks(IReadOnlyDictionary<string, string>? settings = null)
    {
        var all = new Dictionary<string, string>(settings ?? new Dictionary<string, string>()) { ["Notifications:Webhooks:AllowedHosts:0"] = LoopbackReceivers };
        return LeadRoutingApiFactory.WithSettings(all);
    }

    public static LeadEvent Routed(string leadId = "ld_test1", string ownerId = "dach-mid-1", string teamId = "dach") => new()
    {
        Kind = LeadEventKind.Routed,
        LeadId = leadId,
        At = LeadRoutingApiFactory.Now,
        Actor = "api-key:test",
        Status = LeadStage.Assigned,
        Contact = "Jana Richter",
        Company = "Brightlabs <GmbH> & Co",
        OwnerId = ownerId,
        OwnerName = "Clara Fischer",
        TeamId = teamId,
        Team = "DACH",
        RespondBy = LeadRoutingApiFactory.Now.AddMinutes(15),
        EscalateAt = LeadRoutingApiFactory.Now.AddMinutes(30),
    };

    /// <summary>Writes outbox rows the way ingestion does (Type = kind, Payload = the event as configuration JSON), then signals.</summary>
    public static async Task InsertOutboxAsync(this LeadRoutingApiFactory factory, params LeadEvent[] events)
    {
        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync())
        {
            foreach (var leadEvent in events)
            {
                db.Outbox.Add(new OutboxMessageEntity
                {
                    CreatedAt = factory.Time.GetUtcNow(),
                    Type = leadEvent.Kind.ToString(),
                    Payload = JsonSerializer.Serialize(leadEvent, ConfigurationJson.Options),
                });
            }

            await db.SaveChangesAsync();
        }

        factory.Nudge();
    }

    /// <summary>What the ingestion writer does after commit; tests also call it after moving the fake clock.</summary>
    public static void Nudge(this LeadRoutingApiFactory factory) => factory.Services.GetRequiredService<OutboxSignal>().Notify();

    public static void Advance(this LeadRoutingApiFactory factory, TimeSpan by)
    {
        factory.Time.Advance(by);
        factory.Nudge();
    }

    /// <summary>Saves a person's language and time zone, as <c>/account/preferences</c> does (null: no choice).</summary>
    public static Task PreferAsync(this LeadRoutingApiFactory factory, string email, string? culture, string? timeZone) =>
        factory.QueryAsync(async db =>
        {
            var changed = await db.Users.Where(u => u.Email == email)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.Culture, culture).SetProperty(u => u.TimeZone, timeZone));
            Assert.Equal(1, changed);
            return changed;
        });

    public static async Task<T> QueryAsync<T>(this LeadRoutingApiFactory factory, Func<LeadRoutingDbContext, Task<T>> query)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        return await query(db);
    }

    public static Task<List<NotificationDeliveryEntity>> DeliveriesAsync(this LeadRoutingApiFactory factory, string? channel = null) =>
        factory.QueryAsync(db => db.NotificationDeliveries.AsNoTracking().Where(d => channel == null || d.Channel == channel).OrderBy(d => d.Id).ToListAsync());

    public static Task<NotificationDeliveryEntity> WaitForDeliveryAsync(this LeadRoutingApiFactory factory, Func<NotificationDeliveryEntity, bool> condition, string what, string? channel = null) =>
        Eventually.FindAsync(async () => (await factory.DeliveriesAsync(channel)).FirstOrDefault(condition), what);

    /// <summary>A delivery whose attempt <paramref name="attempt"/> has ended (recorded and released).</summary>
    public static bool AttemptEnded(this NotificationDeliveryEntity d, int attempt) => d.Attempts == attempt && d.LockedUntil is null;

    public static async Task<WebhookView> SubscribeAsync(this LeadRoutingApiFactory factory, Uri url, WebhookFormat format = WebhookFormat.Json, string? teamId = null, string? repId = null, Action<string>? secret = null)
    {
        var created = await factory.Services.GetRequiredService<WebhookSubscriptionService>().CreateAsync(
            new NewWebhook { Name = "test hook", Url = url.ToString(), Format = format, TeamId = teamId, RepId = repId }, "test", CancellationToken.None);
        secret?.Invoke(created.Secret);
        return created.Webhook;
    }

    /// <summary>A loopback port nobody listens on (at the moment of asking).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A real Kestrel server on a free loopback port that records webhook calls and answers as told.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private int _calls;
    private int _requests;

    private WebhookReceiver(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<ReceivedWebhook> Received => [.. _received];

    /// <summary>Every HTTP request that reached the server, whatever its method or path (a <c>GET</c> after a redirect too).</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>
    /// <paramref name="answer"/> gets the 1-based call number and returns the status code (or waits, to play dead);
    /// <paramref name="location"/>, when set, is sent as the <c>Location</c> header of every answer (a redirect).
    /// </summary>
    public static async Task<WebhookReceiver> StartAsync(Func<int, CancellationToken, Task<int>> answer, Uri? location = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");

        // The receiver stands for someone else's server, reached under test names (receiver.allowed.test): it must not
        // inherit the app's host filtering from the appsettings.json copied beside the tests.
        builder.Configuration["AllowedHosts"] = "*";
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.Use(async (context, next) =>
        {
            Interlocked.Increment(ref receiver._requests);
            if (location is not null)
            {
                context.Response.Headers.Location = location.ToString();
            }

            await next(context);
        });
        app.MapPost("/hook", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            var arrived = Stopwatch.GetTimestamp();
            var call = Interlocked.Increment(ref receiver._calls);
            var status = await answer(call, context.RequestAborted);
            receiver._received.Enqueue(new ReceivedWebhook(call, status, context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body.ToArray(), arrived));
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        receiver.Url = new Uri(new Uri(app.Urls.Single()), "/hook");
        return receiver;
    }

    public static Task<WebhookReceiver> StartAsync(params int[] statuses) =>
        StartAsync((call, _) => Task.FromResult(call <= statuses.Length ? statuses[call - 1] : 200));

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}

/// <param name="Call">The receiver's count of calls, from 1.</param>
/// <param name="Status">The status the receiver answered.</param>
/// <param name="Headers">The request headers.</param>
/// <param name="Body">The request body as sent.</param>
/// <param name="Arrived">When the call arrived (<see cref="Stopwatch.GetTimestamp"/>), for latency measurements.</param>
internal sealed record ReceivedWebhook(int Call, int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body, long Arrived);

/// <summary>A real SMTP server (the SmtpServer package) on a free loopback port; received messages are parsed with MimeKit.</summary>
internal sealed class SmtpSink : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<MimeMessage> _messages = Channel.CreateUnbounded<MimeMessage>();
    private readonly ConcurrentQueue<(MimeMessage Message, long Arrived)> _received = new();
    private Task _running = Task.CompletedTask;

    public int Port { get; private set; }

    /// <summary>Every message so far with when it arrived (<see cref="Stopwatch.GetTimestamp"/>), whether taken or not.</summary>
    public IReadOnlyList<(MimeMessage Message, long Arrived)> Received => [.. _received];

    public static async Task<SmtpSink> StartAsync()
    {
        var sink = new SmtpSink { Port = NotificationTestKit.FreePort() };
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, sink.Port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(sink._messages.Writer, sink._received));
        sink._running = new SmtpServer.SmtpServer(options, services).StartAsync(sink._stop.Token);
        await sink.WaitUntilListeningAsync();
        return sink;
    }

    public async Task<MimeMessage> NextMessageAsync()
    {
        using var timeout = new CancellationTokenSource(NotificationTestKit.NetworkWait);
        return await _messages.Reader.ReadAsync(timeout.Token);
    }

    public bool TryTakeMessage(out MimeMessage? message) => _messages.Reader.TryRead(out message);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAny(_running, Task.Delay(TimeSpan.FromSeconds(5)));
        _stop.Dispose();
        if (_running.Exception is { } error && error.InnerExceptions.Any(e => e is not OperationCanceledException))
        {
            throw error;
        }
    }

    private async Task WaitUntilListeningAsync()
    {
        await Eventually.FindAsync<object>(async () =>
        {
            using var probe = new TcpClient();
            try
            {
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return new object();
            }
            catch (SocketException)
            {
                return null;
            }
        }, $"the SMTP server on port {Port}");
    }

    private sealed class Store(ChannelWriter<MimeMessage> messages, ConcurrentQueue<(MimeMessage, long)> received) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            var arrived = Stopwatch.GetTimestamp();
            using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            received.Enqueue((message, arrived));
            messages.TryWrite(message);
            return SmtpResponse.Ok;
        }
    }
}

/// <summary>
/// Name resolution for webhook hosts that a test controls (<see cref="IWebhookHostResolver"/>): names point where the
/// test says, and may be pointed elsewhere later (DNS rebinding). Unknown names do not resolve. Only the lookup is
/// faked; connections still go to the addresses it answers.
/// </summary>
internal sealed class FakeHostResolver : IWebhookHostResolver
{
    private readonly ConcurrentDictionary<string, IPAddress[]> _names = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<string> _lookups = new();

    /// <summary>Every name asked for, in order.</summary>
    public IReadOnlyList<string> Lookups => [.. _lookups];

    public void Point(string name, params string[] addresses) => _names[name] = [.. addresses.Select(IPAddress.Parse)];

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        _lookups.Enqueue(host);
        return _names.TryGetValue(host, out var addresses)
            ? Task.FromResult(addresses)
            : Task.FromException<IPAddress[]>(new SocketException((int)SocketError.HostNotFound));
    }

    /// <summary>Puts this resolver in place of DNS in a factory's services.</summary>
    public void Replace(IServiceCollection services) => services.AddSingleton<IWebhookHostResolver>(this);
}
