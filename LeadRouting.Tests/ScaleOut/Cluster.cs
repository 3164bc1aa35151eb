using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LeadRouting.Tests.EndToEnd;
using Microsoft.AspNetCore.SignalR.Client;
using Npgsql;

namespace LeadRouting.Tests.ScaleOut;

/// <summary>One PostgreSQL server and one Redis for the whole scale-out collection; each test gets its own database.</summary>
public sealed class ScaleOutServers : IAsyncLifetime
{
    public PostgresServer Postgres { get; private set; } = null!;

    public RedisServer Redis { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Postgres = await PostgresServer.StartAsync();
        try
        {
            Redis = await RedisServer.StartNewAsync();
        }
        catch
        {
            // However xunit treats a fixture whose start failed, PostgreSQL must not outlive it (a second Dispose is harmless).
            Postgres.Dispose();
            throw;
        }
    }

    public Task DisposeAsync()
    {
        Redis?.Dispose();
        Postgres?.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>The scale-out tests run one after another: they stop and restart the shared servers.</summary>
[CollectionDefinition(Name)]
public sealed class ScaleOutCollection : ICollectionFixture<ScaleOutServers>
{
    public const string Name = "scale-out";
}

/// <summary>
/// Real app processes on loopback ports sharing one PostgreSQL database and one Redis, as in production behind a load
/// balancer. The first instance seeds the database (demo organisation, demo key); later ones find it seeded.
/// </summary>
public sealed class Cluster : IDisposable
{
    public static readonly TimeSpan StartTimeout = AppProcess.StartTimeout;

    private readonly ScaleOutServers _servers;
    private readonly List<AppProcess> _instances = [];

    // Every app started, joined or not: one of several started together may fail, and the others must not outlive it.
    private readonly List<AppProcess> _launched = [];
    private readonly List<string> _directories = [];
    private readonly List<HttpClient> _clients = [];

    private Cluster(ScaleOutServers servers, string connectionString)
    {
        _servers = servers;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    /// <summary>The demo key with every scope, printed by the instance that seeded the database.</summary>
    public string ApiKey { get; private set; } = "";

    public IReadOnlyList<AppProcess> Instances => _instances;

    public static async Task<Cluster> StartAsync(ScaleOutServers servers, string database, int instances = 2)
    {
        var cluster = new Cluster(servers, await servers.Postgres.CreateDatabaseAsync(database));
        try
        {
            for (var i = 0; i < instances; i++)
            {
                await cluster.StartInstanceAsync();
            }

            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    public async Task<AppProcess> StartInstanceAsync()
    {
        var app = await LaunchAsync();
        Join(app, _instances.Count == 0 ? await app.DemoKey.WaitAsync(TimeSpan.FromSeconds(30)) : ApiKey);
        return app;
    }

    /// <summary>
    /// Starts <paramref name="count"/> instances at the same moment on a new, empty database, as an orchestrator does
    /// after a deployment: exactly one of them seeds it and stores the demo key (<see cref="AppProcess.DemoApiKey"/>).
    /// </summary>
    public static async Task<Cluster> StartTogetherAsync(ScaleOutServers servers, string database, int count = 2)
    {
        var cluster = new Cluster(servers, await servers.Postgres.CreateDatabaseAsync(database));
        try
        {
            var apps = await Task.WhenAll(Enumerable.Range(0, count).Select(_ => cluster.LaunchAsync()));
            var key = await Task.WhenAny(apps.Select(a => a.DemoKey)).Unwrap().WaitAsync(TimeSpan.FromSeconds(30));
            foreach (var app in apps)
            {
                cluster.Join(app, key);
            }

            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    private async Task<AppProcess> LaunchAsync()
    {
        var directory = Directory.CreateTempSubdirectory("leadrouting-cluster-").FullName;
        lock (_directories)
        {
            _directories.Add(directory);
        }

        var app = await AppProcess.StartAsync(directory, StartTimeout, new Dictionary<string, string>
        {
            ["Storage__Provider"] = "Postgres",
            ["ConnectionStrings__LeadRouting"] = ConnectionString,
            ["ConnectionStrings__Redis"] = _servers.Redis.ConnectionString,
            ["Scheduling__SweepIntervalSeconds"] = "1",
        });
        lock (_launched)
        {
            _launched.Add(app);
        }

        return app;
    }

    private void Join(AppProcess app, string apiKey)
    {
        ApiKey = apiKey;
        _instances.Add(app);
        var http = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        _clients.Add(http);
    }

    /// <summary>An API client of instance <paramref name="index"/> with the demo key.</summary>
    public HttpClient Api(int index) => _clients[index];

    /// <summary>
    /// Makes routing depend on nothing but round-robin: every calendar open around the clock (CI runs at any hour),
    /// every rep of weight 1 with room for 10,000 open leads, and everyone available.
    /// </summary>
    public async Task PublishEvenRoutingAsync()
    {
        await EscalationRestartTests.PublishAroundTheClockAsync(Api(0), configuration =>
        {
            foreach (var rep in configuration["organisation"]!["reps"]!.AsArray())
            {
                rep!["weight"] = 1;
                rep["capacity"] = 10_000;
            }
        });
        await ExecuteAsync("UPDATE \"RepStates\" SET \"Availability\" = 'Available', \"OutOfOfficeUntil\" = NULL");
    }

    /// <summary>
    /// A webinar attendee of a mid-sized German software company: SDR fast track in the DACH SDR pool, which two reps
    /// of equal weight share by round-robin. Each <paramref name="n"/> is a new person at a new company.
    /// </summary>
    public static JsonObject Lead(string run, int n) => new()
    {
        ["externalId"] = $"{run}-{n}",
        ["email"] = $"person{n}@{run}-company{n}.de",
        ["company"] = $"Company {n}",
        ["companyDomain"] = $"{run}-company{n}.de",
        ["employees"] = 300,
        ["industry"] = "Software",
        ["country"] = "DE",
        ["source"] = "Webinar",
    };

    /// <summary>
    /// POSTs a lead; answers the status (null when the instance did not answer at all) and, on 201 (routed) or 200
    /// (merged into an open lead of the same person), the stored lead's id.
    /// </summary>
    public static async Task<(HttpStatusCode? Status, string? LeadId)> PostLeadAsync(HttpClient http, JsonObject lead)
    {
        try
        {
            using var response = await http.PostAsJsonAsync("/api/leads", lead);
            if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.OK))
            {
                return (response.StatusCode, null);
            }

            var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
            return (response.StatusCode, body["lead"]!["id"]!.GetValue<string>());
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            // Refused or cut off (an instance killed mid-request): not acknowledged.
            return (null, null);
        }
    }

    /// <summary>A hub client of instance <paramref name="index"/>, joined to its groups, recording every lead event it hears.</summary>
    public async Task<HubListener> ListenAsync(int index) => await HubListener.ConnectAsync(_instances[index].BaseAddress, ApiKey);

    public Task<T> ScalarAsync<T>(string sql) => RunAsync(sql, async command =>
        (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T), System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Rows of (key, count), a null key read as "".</summary>
    public Task<List<(string Key, long Count)>> CountsAsync(string sql) =>
        RowsAsync(sql, reader => (reader.IsDBNull(0) ? "" : reader.GetString(0), reader.GetInt64(1)));

    public async Task<HashSet<string>> IdsAsync(string sql) =>
        (await RowsAsync(sql, reader => reader.GetString(0))).ToHashSet(StringComparer.Ordinal);

    public Task ExecuteAsync(string sql) => RunAsync(sql, command => command.ExecuteNonQueryAsync());

    private Task<List<T>> RowsAsync<T>(string sql, Func<NpgsqlDataReader, T> map) => RunAsync(sql, async command =>
    {
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(map(reader));
        }

        return rows;
    });

    /// <summary>Runs <paramref name="sql"/> on a connection of its own, straight to the database the instances share.</summary>
    private async Task<TResult> RunAsync<TResult>(string sql, Func<NpgsqlCommand, Task<TResult>> run)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await run(command);
    }

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        foreach (var instance in _launched)
        {
            instance.Dispose();
        }

        NpgsqlConnection.ClearAllPools();
        foreach (var directory in _directories)
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}

/// <summary>A SignalR client of <c>/hubs/routing</c> that records the lead ids of the events it receives, in order.</summary>
public sealed class HubListener : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly Lock _lock = new();
    private readonly List<(string LeadId, string Kind)> _events = [];

    private HubListener(HubConnection connection) => _connection = connection;

    public static async Task<HubListener> ConnectAsync(Uri baseAddress, string apiKey)
    {
        var subscribed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(baseAddress, "/hubs/routing"), options => options.AccessTokenProvider = () => Task.FromResult<string?>(apiKey))
            .WithAutomaticReconnect()
            .Build();
        var listener = new HubListener(connection);
        connection.On<JsonObject>("leadEvent", e =>
        {
            lock (listener._lock)
            {
                listener._events.Add((e["leadId"]!.GetValue<string>(), e["kind"]!.GetValue<string>()));
            }
        });
        connection.On<string[]>("subscribed", _ => subscribed.TrySetResult());
        await connection.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await subscribed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return listener;
    }

    /// <summary>How many events of <paramref name="kind"/> arrived for each lead.</summary>
    public Dictionary<string, int> Received(string kind)
    {
        lock (_lock)
        {
            return _events.Where(e => e.Kind == kind).GroupBy(e => e.LeadId).ToDictionary(g => g.Key, g => g.Count());
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
