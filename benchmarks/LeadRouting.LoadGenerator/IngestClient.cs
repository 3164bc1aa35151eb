using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace LeadRouting.LoadGenerator;

/// <summary>
/// Posts leads over one pooled <see cref="HttpClient"/>: HTTP/1.1 keep-alive connections on loopback, as many as the
/// load has concurrent requests, no proxy. Counts answers by status code, keeps the first body of each failing status
/// (to say why), and reads the routing outcome of a sample of the created leads (to show the mix was realistic).
/// </summary>
public sealed class IngestClient : IDisposable
{
    public const string LeadsPath = "api/leads";
    public const string ImportPath = "api/leads/import";

    /// <summary>One created lead in this many has its decision read; parsing every response would load the shared CPU.</summary>
    private const int RoutingSampleEvery = 25;

    private static readonly MediaTypeHeaderValue JsonType = new("application/json");

    private readonly HttpClient _http;
    private readonly ConcurrentDictionary<string, int> _outcomes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _firstFailureBodies = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _routing = new(StringComparer.Ordinal);
    private long _created;

    public IngestClient(LoadOptions options, int connections, TimeSpan timeout)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        };
        _http = new HttpClient(handler, disposeHandler: true)
        {
            BaseAddress = options.Url,
            Timeout = timeout,
        };
        _http.DefaultRequestHeaders.Add("X-Api-Key", options.Key);
    }

    public HttpClient Http => _http;

    /// <summary>Answers by outcome: an HTTP status code, or the exception type when there was no answer.</summary>
    public IReadOnlyDictionary<string, int> Outcomes => _outcomes;

    public IReadOnlyDictionary<string, string> FirstFailureBodies => _firstFailureBodies;

    /// <summary>Sampled created leads by "status / action / team".</summary>
    public IReadOnlyDictionary<string, int> RoutingSample => _routing;

    /// <summary>Posts one lead and returns its outcome (see <see cref="Outcomes"/>); counts it only when <paramref name="record"/>.</summary>
    public async Task<string> PostLeadAsync(byte[] json, bool record, CancellationToken cancellationToken)
    {
        string outcome;
        try
        {
            using var content = new ByteArrayContent(json);
            content.Headers.ContentType = JsonType;
            using var response = await _http.PostAsync(LeadsPath, content, cancellationToken);
            outcome = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (record)
            {
                await InspectAsync(response, outcome, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            outcome = "cancelled";
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            outcome = ex is TaskCanceledException ? "client timeout" : ex.GetType().Name;
            if (record)
            {
                _firstFailureBodies.TryAdd(outcome, ex.Message);
            }
        }

        if (record)
        {
            _outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
        }

        return outcome;
    }

    private async Task InspectAsync(HttpResponseMessage response, string outcome, CancellationToken cancellationToken)
    {
        if (response.StatusCode != HttpStatusCode.Created)
        {
            if (!_firstFailureBodies.ContainsKey(outcome))
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                _firstFailureBodies.TryAdd(outcome, body.Length > 600 ? body[..600] + "…" : body);
            }

            return;
        }

        if (Interlocked.Increment(ref _created) % RoutingSampleEvery != 0)
        {
            return;
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        if (document.RootElement.TryGetProperty("decision", out var decision) && decision.ValueKind == JsonValueKind.Object)
        {
            var key = $"{Text(decision, "status")} / {Text(decision, "action")} / team {Text(decision, "team")}";
            _routing.AddOrUpdate(key, 1, (_, n) => n + 1);
        }
    }

    private static string Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "-";

    public void Dispose() => _http.Dispose();
}
