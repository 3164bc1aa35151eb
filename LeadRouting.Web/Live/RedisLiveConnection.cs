using StackExchange.Redis;

namespace LeadRouting.Web.Live;

/// <summary>
/// This instance's one connection to Redis (<c>ConnectionStrings:Redis</c>), shared by the SignalR backplane and the
/// <see cref="RedisLeadEventRelay"/>: StackExchange.Redis is built for one multiplexer per process, and one connection
/// means one health check tells whether live updates can cross instances.
/// </summary>
/// <remarks>
/// Opened with <c>AbortOnConnectFail</c> off, so an instance starts while Redis is down; the multiplexer then keeps
/// reconnecting in the background and re-subscribes its pub/sub channels by itself. A command sent while it is
/// disconnected waits for the reconnect up to the async timeout (the library's backlog) and then fails, so a blip
/// loses nothing and an outage costs the sender (the relay's or the hub feed's own queue) one timeout per event.
/// Routing never sends anything to Redis.
/// </remarks>
public sealed class RedisLiveConnection : IDisposable
{
    /// <summary>
    /// Put in front of every channel (unless the connection string names its own <c>channelPrefix</c>) so several
    /// deployments, or other applications, can share one Redis without hearing each other's events.
    /// </summary>
    public const string DefaultChannelPrefix = "LeadRouting:";

    private readonly ConfigurationOptions _options;
    private readonly ILogger _logger;
    private readonly Lazy<Task<IConnectionMultiplexer>> _connection;

    public RedisLiveConnection(string configuration, ILogger<RedisLiveConnection> logger)
    {
        _options = Options(configuration);
        _logger = logger;
        _connection = new(ConnectAsync);
    }

    /// <summary>The StackExchange.Redis options for a configuration string such as <c>127.0.0.1:6379</c>.</summary>
    public static ConfigurationOptions Options(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        if (options.ChannelPrefix is not { IsNullOrEmpty: false })
        {
            options.ChannelPrefix = RedisChannel.Literal(DefaultChannelPrefix);
        }

        return options;
    }

    /// <summary>The endpoints as configured, for log lines.</summary>
    public string EndPoints => string.Join(", ", _options.EndPoints);

    /// <summary>The multiplexer, opened on first use; it may still be (re)connecting.</summary>
    public Task<IConnectionMultiplexer> GetAsync() => _connection.Value;

    /// <summary>The multiplexer if it has been opened, without opening it.</summary>
    public IConnectionMultiplexer? Opened =>
        _connection.IsValueCreated && _connection.Value.IsCompletedSuccessfully ? _connection.Value.Result : null;

    public void Dispose() => Opened?.Dispose();

    private async Task<IConnectionMultiplexer> ConnectAsync()
    {
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(_options);

        // One line per change of state, not per event: these fire once per physical connection (interactive and
        // subscription); the subscription one is what live updates ride on.
        multiplexer.ConnectionFailed += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Subscription)
            {
                _logger.LogWarning(e.Exception, "Lost Redis at {EndPoint} ({FailureType}): live updates do not reach other instances or hub clients until it is back. Routing goes on.",
                    e.EndPoint, e.FailureType);
            }
        };
        multiplexer.ConnectionRestored += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Subscription)
            {
                _logger.LogInformation("Redis at {EndPoint} is back: live updates cross instances again.", e.EndPoint);
            }
        };

        if (!multiplexer.IsConnected)
        {
            _logger.LogWarning("Redis at {EndPoints} does not answer; started without it and will keep trying. Live updates stay on each instance until then.", EndPoints);
        }

        return multiplexer;
    }
}
