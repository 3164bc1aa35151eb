using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using LeadRouting.LoadGenerator;

namespace LeadRouting.PushBenchmark;

/// <summary>What happened to one posted lead, in stopwatch ticks; written only by that lead's own send task.</summary>
public sealed class SentLead
{
    public required int Index { get; init; }
    public required bool Measured { get; init; }
    public required int Instance { get; init; }
    public long Planned { get; set; }
    public long Answered { get; set; }

    /// <summary>The HTTP status code, or what went wrong when there was no answer; null until answered.</summary>
    public string? Outcome { get; set; }

    /// <summary>The stored lead's id from the 201 body; events carry it as <c>leadId</c>.</summary>
    public string? LeadId { get; set; }

    public bool Created => Outcome == "201" && LeadId is not null;
}

/// <summary>
/// Posts the run's leads open loop: lead <c>i</c> is due at <c>start + i / rate</c> and leaves then, whether or not the
/// earlier ones were answered; lead <c>i</c> goes to instance <c>i mod n</c>. The first <see cref="PushOptions.WarmupLeads"/>
/// warm the instances up and are not measured.
/// </summary>
public sealed class LeadSender : IDisposable
{
    private const string LeadsPath = "api/leads";

    /// <summary>The dispatcher wakes at least this often; a due lead is never sent later than about this (plus timer slack).</summary>
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);

    private static readonly MediaTypeHeaderValue JsonType = new("application/json");

    private readonly PushOptions _options;
    private readonly HttpClient[] _instances;
    private readonly Dictionary<string, string> _firstFailures = new(StringComparer.Ordinal);

    public LeadSender(PushOptions options)
    {
        _options = options;
        _instances = options.Urls.Select(url =>
        {
            var http = new HttpClient(
                new SocketsHttpHandler
                {
                    MaxConnectionsPerServer = 64,
                    UseProxy = false,
                    AutomaticDecompression = DecompressionMethods.None,
                    ConnectTimeout = TimeSpan.FromSeconds(10),
                    PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
                    PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
                },
                disposeHandler: true)
            {
                BaseAddress = url,
                Timeout = TimeSpan.FromSeconds(30),
            };
            http.DefaultRequestHeaders.Add("X-Api-Key", options.Key);
            return http;
        }).ToArray();
    }

    /// <summary>The first answer body (or exception message) of each failing outcome, to say why.</summary>
    public IReadOnlyDictionary<string, string> FirstFailures
    {
        get
        {
            lock (_firstFailures)
            {
                return new Dictionary<string, string>(_firstFailures, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Sends every lead on schedule and returns once each has an answer (or failed); bounded by the HTTP timeout.</summary>
    public async Task<SentLead[]> RunAsync(LeadMix mix, Action<string> progress)
    {
        var total = _options.WarmupLeads + _options.MeasuredLeads;
        var leads = new SentLead[total];
        var inFlight = new Task[total];
        var ticksPerLead = (double)Stopwatch.Frequency / _options.Rate;
        var start = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 100;
        var nextReport = _options.Rate * 10;
        for (var i = 0; i < total;)
        {
            var now = Stopwatch.GetTimestamp();
            for (; i < total && start + (long)(i * ticksPerLead) <= now; i++)
            {
                var lead = leads[i] = new SentLead
                {
                    Index = i,
                    Measured = i >= _options.WarmupLeads,
                    Instance = i % _instances.Length,
                    Planned = start + (long)(i * ticksPerLead),
                };
                inFlight[i] = SendAsync(lead, mix.Create(i).ToJson());
            }

            if (i >= nextReport)
            {
                progress($"{i:N0} of {total:N0} leads sent ({(i <= _options.WarmupLeads ? "warm-up" : "measuring")})");
                nextReport += _options.Rate * 10;
            }

            if (i < total)
            {
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), start + (long)(i * ticksPerLead));
                await Task.Delay(wait > Tick ? wait : Tick);
            }
        }

        await Task.WhenAll(inFlight);
        return leads;
    }

    private async Task SendAsync(SentLead lead, byte[] json)
    {
        // Yield first so the dispatcher is never held up by the synchronous part of sending.
        await Task.Yield();
        try
        {
            using var content = new ByteArrayContent(json);
            content.Headers.ContentType = JsonType;
            using var response = await _instances[lead.Instance].PostAsync(LeadsPath, content);

            // The whole answer is in (HttpClient buffers the body before returning): this is the 201's time.
            lead.Answered = Stopwatch.GetTimestamp();
            lead.Outcome = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var body = await response.Content.ReadAsByteArrayAsync();
            if (response.StatusCode == HttpStatusCode.Created)
            {
                using var document = JsonDocument.Parse(body);
                lead.LeadId = document.RootElement.TryGetProperty("lead", out var stored) && stored.TryGetProperty("id", out var id)
                    ? id.GetString()
                    : null;
                if (lead.LeadId is null)
                {
                    KeepFirstFailure("201 without lead.id", System.Text.Encoding.UTF8.GetString(body));
                }
            }
            else
            {
                KeepFirstFailure(lead.Outcome, System.Text.Encoding.UTF8.GetString(body));
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException or JsonException)
        {
            lead.Answered = Stopwatch.GetTimestamp();
            lead.Outcome = ex is TaskCanceledException ? "client timeout" : ex.GetType().Name;
            KeepFirstFailure(lead.Outcome, ex.Message);
        }
    }

    private void KeepFirstFailure(string outcome, string text)
    {
        lock (_firstFailures)
        {
            _firstFailures.TryAdd(outcome, text.Length > 600 ? text[..600] + "…" : text);
        }
    }

    public void Dispose()
    {
        foreach (var http in _instances)
        {
            http.Dispose();
        }
    }
}
