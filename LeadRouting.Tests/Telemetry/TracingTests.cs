using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Telemetry;

namespace LeadRouting.Tests.Telemetry;

/// <summary>
/// One <c>POST /api/leads</c> on the real app makes one trace: HTTP → <c>lead.ingest</c> → <c>writer.batch</c> →
/// <c>routing.decide</c> → <c>outbox.dispatch</c> → a <c>notification.deliver</c> per channel — and no span carries the
/// person's email or name.
/// </summary>
public sealed class TracingTests
{
    private const string Email = "trace.person@brightlabs.de";
    private const string LastName = "Tracewell";

    private static JsonObject Lead() => new()
    {
        ["email"] = Email,
        ["firstName"] = "Jana",
        ["lastName"] = LastName,
        ["company"] = "Brightlabs",
        ["employees"] = 350,
        ["industry"] = "Software",
        ["country"] = "DE",
        ["techStack"] = new JsonArray("HubSpot"),
        ["source"] = "DemoRequest",
    };

    [Fact]
    public async Task A_posted_lead_makes_one_trace_from_the_request_through_routing_and_the_writer_to_each_channel_send()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is LeadRoutingTracing.SourceName or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        using var factory = new LeadRoutingApiFactory();

        var response = await factory.CreateApiClient().PostAsJsonAsync("/api/leads", Lead());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var leadId = (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["lead"]!["id"]!;

        Activity? Span(string name, Func<Activity, bool>? also = null) =>
            stopped.FirstOrDefault(a => a.Source.Name == LeadRoutingTracing.SourceName && a.OperationName == name
                && (string?)a.GetTagItem(LeadRoutingTracing.LeadIdTag) == leadId && (also?.Invoke(a) ?? true));

        var ingest = await Eventually.FindAsync(() => Task.FromResult(Span("lead.ingest")), "the lead.ingest span of the lead");
        var http = Assert.Single(stopped, a => a.Source.Name == "Microsoft.AspNetCore" && a.SpanId == ingest.ParentSpanId);
        Assert.Equal(ingest.TraceId, http.TraceId);
        Assert.Equal("created", ingest.GetTagItem(LeadRoutingTracing.OutcomeTag));

        var routing = await Eventually.FindAsync(() => Task.FromResult(Span("routing.decide")), "the routing.decide span of the lead");
        var batch = Assert.Single(stopped, a => a.OperationName == "writer.batch" && a.SpanId == routing.ParentSpanId);
        Assert.Equal(ingest.SpanId, batch.ParentSpanId);
        Assert.Contains(batch.Links, link => link.Context.SpanId == ingest.SpanId);
        Assert.Equal(ingest.TraceId, routing.TraceId);
        Assert.False(string.IsNullOrEmpty((string?)routing.GetTagItem(LeadRoutingTracing.ActionTag)));
        Assert.False(string.IsNullOrEmpty((string?)routing.GetTagItem(LeadRoutingTracing.TeamTag)));

        var dispatch = await Eventually.FindAsync(() => Task.FromResult(Span("outbox.dispatch")), "the outbox.dispatch span of the lead");
        Assert.Equal((ingest.TraceId, routing.SpanId), (dispatch.TraceId, dispatch.ParentSpanId));
        foreach (var channel in new[] { "InApp", "Email" })
        {
            var send = await Eventually.FindAsync(
                () => Task.FromResult(Span("notification.deliver", a => (string?)a.GetTagItem(LeadRoutingTracing.ChannelTag) == channel)),
                $"the {channel} notification.deliver span of the lead");
            Assert.Equal((ingest.TraceId, dispatch.SpanId), (send.TraceId, send.ParentSpanId));
            Assert.Equal("delivered", send.GetTagItem(LeadRoutingTracing.OutcomeTag));
        }

        var trace = stopped.Where(a => a.TraceId == ingest.TraceId).ToList();
        Assert.True(trace.Count >= 7, $"{trace.Count} spans in the trace");
        foreach (var span in trace)
        {
            var text = span.DisplayName + " " + string.Join(" ", span.TagObjects.Select(t => $"{t.Key}={t.Value}")) + " " + span.StatusDescription;
            Assert.DoesNotContain(Email, text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(LastName, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task With_an_OTLP_endpoint_the_spans_and_domain_metrics_are_exported_there_without_the_persons_email()
    {
        using var sink = new OtlpSink();
        using var factory = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string>
        {
            [TelemetryOptions.OtlpEndpointVariable] = sink.Url,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            // Export at once instead of every 5 s (spans) and 60 s (metrics).
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
        });

        var response = await factory.CreateApiClient().PostAsJsonAsync("/api/leads", Lead());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var leadId = (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["lead"]!["id"]!;

        await Eventually.HoldsAsync(() => sink.Received("/v1/traces").Contains("routing.decide", StringComparison.Ordinal)
            && sink.Received("/v1/traces").Contains(leadId, StringComparison.Ordinal), "the lead's routing span at the OTLP endpoint");
        await Eventually.HoldsAsync(() => sink.Received("/v1/metrics").Contains("leadrouting.leads.ingested", StringComparison.Ordinal)
            && sink.Received("/v1/metrics").Contains("leadrouting.writer.batch.size", StringComparison.Ordinal), "the domain and writer metrics at the OTLP endpoint");

        Assert.Contains("writer.batch", sink.Received("/v1/traces"), StringComparison.Ordinal);
        Assert.DoesNotContain(Email, sink.Received("/v1/traces"), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Email, sink.Received("/v1/metrics"), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// A local OTLP/HTTP receiver: keeps what each path received (protobuf keeps strings as UTF-8, so names and tag
    /// values read as text) and answers 200.
    /// </summary>
    private sealed class OtlpSink : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly ConcurrentDictionary<string, StringBuilder> _received = new();

        public OtlpSink()
        {
            var port = FreePort();
            Url = $"http://127.0.0.1:{port}";
            _listener.Prefixes.Add(Url + "/");
            _listener.Start();
            _ = Task.Run(ServeAsync);
        }

        public string Url { get; }

        public string Received(string path)
        {
            var received = _received.GetOrAdd(path, _ => new StringBuilder());
            lock (received)
            {
                return received.ToString();
            }
        }

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception) when (!_listener.IsListening)
                {
                    return;
                }

                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                var received = _received.GetOrAdd(context.Request.Url!.AbsolutePath, _ => new StringBuilder());
                lock (received)
                {
                    received.Append(Encoding.UTF8.GetString(body.ToArray()));
                }

                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.Close();
            }
        }

        public void Dispose() => _listener.Close();

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
