using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace LeadRouting.PushBenchmark;

/// <summary>What a listener keeps of one received <c>leadEvent</c>: the fields it needs and the stopwatch time it arrived.</summary>
public sealed record PushedEvent(string Kind, string LeadId);

public readonly record struct Received(string Kind, string LeadId, long At);

/// <summary>One hub client on one instance: records every <c>leadEvent</c> with its arrival time, and whether it was dropped.</summary>
public sealed class HubListener(int index, Uri instance, HubConnection connection) : IAsyncDisposable
{
    private readonly ConcurrentQueue<Received> _received = new();
    private int _closed;
    private int _routed;

    public int Index { get; } = index;
    public Uri Instance { get; } = instance;
    public HubConnection Connection { get; } = connection;
    public IReadOnlyCollection<Received> Events => _received;
    public bool WasClosed => Volatile.Read(ref _closed) != 0;

    /// <summary><c>Routed</c> events received so far, of any lead (a cheap progress count for the drain).</summary>
    public int RoutedCount => Volatile.Read(ref _routed);

    public void Record(PushedEvent pushed)
    {
        // First thing in the handler: SignalR has just parsed the message off the socket.
        var at = Stopwatch.GetTimestamp();
        _received.Enqueue(new Received(pushed.Kind, pushed.LeadId, at));
        if (pushed.Kind == PushReport.RoutedKind)
        {
            Interlocked.Increment(ref _routed);
        }
    }

    public void MarkClosed() => Interlocked.Exchange(ref _closed, 1);

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}

/// <summary>
/// The benchmark's hub clients: WebSocket connections to <c>/hubs/routing</c> with the API key as access token (a
/// read-scoped key joins the group of every lead), spread round-robin over the instances. Connected once each has
/// received <c>subscribed</c>, the hub's word that it is in its groups.
/// </summary>
public static class HubListeners
{
    public const string HubPath = "hubs/routing";
    public const string LeadEventMethod = "leadEvent";
    public const string SubscribedMethod = "subscribed";

    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(30);

    public static async Task<IReadOnlyList<HubListener>> ConnectAsync(PushOptions options)
    {
        var listeners = new List<HubListener>(options.Clients);
        try
        {
            // A few at a time: 50 negotiations at once on a two-core machine only measure the thread pool's ramp-up.
            using var gate = new SemaphoreSlim(8);
            var connecting = Enumerable.Range(0, options.Clients).Select(async i =>
            {
                await gate.WaitAsync();
                try
                {
                    return await ConnectOneAsync(i, options.Urls[i % options.Urls.Count], options.Key, listeners);
                }
                finally
                {
                    gate.Release();
                }
            });
            await Task.WhenAll(connecting);
            return listeners;
        }
        catch
        {
            await DisposeAllAsync(listeners);
            throw;
        }
    }

    public static async Task DisposeAllAsync(IEnumerable<HubListener> listeners)
    {
        foreach (var listener in listeners.ToArray())
        {
            await listener.DisposeAsync();
        }
    }

    private static async Task<HubListener> ConnectOneAsync(int index, Uri instance, string key, List<HubListener> all)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(instance, HubPath), HttpTransportType.WebSockets, o => o.AccessTokenProvider = () => Task.FromResult<string?>(key))
            .Build();
        var listener = new HubListener(index, instance, connection);
        lock (all)
        {
            all.Add(listener);
        }

        connection.On<PushedEvent>(LeadEventMethod, listener.Record);
        connection.Closed += _ =>
        {
            listener.MarkClosed();
            return Task.CompletedTask;
        };

        var subscribed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = connection.On<string[]>(SubscribedMethod, _ => subscribed.TrySetResult());
        using var timeout = new CancellationTokenSource(ConnectTimeout);
        await connection.StartAsync(timeout.Token);
        await subscribed.Task.WaitAsync(timeout.Token);
        return listener;
    }
}
