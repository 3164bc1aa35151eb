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
/// One <c>POST /api/leads</c> on the real app makes one trace: the HTTP server span (carrying the ingestion's tags) →
/// <c>writer.batch</c> → <c>routing.decide</c> → <c>outbox.dispatch</c> → a <c>notification.deliver</c> span per
/// durable delivery (email) and a <c>notification.deliver</c> event for the in-app push — and no span carries the
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
    public async Task A_posted_lead_makes_one_trace_from_the_request_through_the_writer_and_routing_to_each_channel()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is LeadRoutingTracing.SourceName or LeadRoutingTracing.AspNetCoreSourceName,
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

        // The request's own server span carries the ingestion: no lead.ingest child repeats it.
        var http = await Eventually.FindAsync(
            () => Task.FromResult(stopped.FirstOrDefault(a => a.Source.Name == LeadRoutingTracing.AspNetCoreSourceName
                && (string?)a.GetTagItem(LeadRoutingTracing.LeadIdTag) == leadId)),
            "the HTTP server span of the lead");
        Assert.Equal(ActivityKind.Server, http.Kind);
        Assert.Equal("created", http.GetTagItem(LeadRoutingTracing.OutcomeTag));
        Assert.Equal("DemoRequest", http.GetTagItem(LeadRoutingTracing.SourceTag));
        Assert.False(string.IsNullOrEmpty((string?)http.GetTagItem(LeadRoutingTracing.StatusTag)));

        var routing = await Eventually.FindAsync(() => Task.FromResult(Span("routing.decide")), "the routing.decide span of the lead");
        var batch = Assert.Single(stopped, a => a.OperationName == "writer.batch" && a.SpanId == routing.ParentSpanId);
        Assert.Equal((http.TraceId, http.SpanId), (batch.TraceId, batch.ParentSpanId));
        Assert.Contains(batch.Links, link => link.Context.SpanId == http.SpanId);
        Assert.Equal(http.TraceId, routing.TraceId);
        Assert.False(string.IsNullOrEmpty((string?)routing.GetTagItem(LeadRoutingTracing.ActionTag)));
        Assert.False(string.IsNullOrEmpty((string?)routing.GetTagItem(LeadRoutingTracing.TeamTag)));

        var dispatch = await Eventually.FindAsync(() => Task.FromResult(Span("outbox.dispatch")), "the outbox.dispatch span of the lead");
        Assert.Equal((http.TraceId, routing.SpanId), (dispatch.TraceId, dispatch.ParentSpanId));

        // The durable channel's delivery (a row, retried) is a span of its own under the dispatch …
        var email = await Eventually.FindAsync(
            () => Task.FromResult(Span(LeadRoutingTracing.DeliverName, a => (string?)a.GetTagItem(LeadRoutingTracing.ChannelTag) == "Email")),
            "the Email notification.deliver span of the lead");
        Assert.Equal((http.TraceId, dispatch.SpanId), (email.TraceId, email.ParentSpanId));
        Assert.Equal("delivered", email.GetTagItem(LeadRoutingTracing.OutcomeTag));

        // … the in-app push, sent at once in the dispatch, an event on the dispatch span.
        var push = Assert.Single(dispatch.Events, e => e.Name == LeadRoutingTracing.DeliverName);
        Assert.Equal("InApp", push.Tags.Single(t => t.Key == LeadRoutingTracing.ChannelTag).Value);
        Assert.Equal("delivered", push.Tags.Single(t => t.Key == LeadRoutingTracing.OutcomeTag).Value);

        var trace = stopped.Where(a => a.TraceId == http.TraceId).ToList();
        Assert.DoesNotContain(trace, a => a.OperationName == "lead.ingest");
        Assert.True(trace.Count >= 5, $"{trace.Count} spans in the trace");
        foreach (var span in trace)
        {
            var text = span.DisplayName + " " + string.Join(" ", span.TagObjects.Select(t => $"{t.Key}={t.Value}")) + " " + span.StatusDescription
                + " " + string.Join(" ", span.Events.SelectMany(e => e.Tags).Select(t => $"{t.Key}={t.Value}"));
            Assert.DoesNotContain(Email, text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(LastName, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void An_ingestion_without_a_request_of_its_own_starts_a_lead_ingest_span_and_never_ends_the_request()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var server = new ActivitySource(LeadRoutingTracing.AspNetCoreSourceName);
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => ReferenceEquals(source, server) || source.Name == LeadRoutingTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var previous = Activity.Current;
        Activity.Current = null;
        try
        {
            // No request (demo traffic, a background loop): a lead.ingest span of its own, ended by the scope.
            Activity? alone;
            using (var span = LeadRoutingTracing.StartIngest(ownRequest: true))
            {
                alone = span.Activity;
                Assert.NotNull(alone);
                Assert.Equal("lead.ingest", alone.OperationName);
            }

            Assert.Contains(alone, stopped);

            using var request = server.StartActivity("Microsoft.AspNetCore.Hosting.HttpRequestIn", ActivityKind.Server)!;
            // The API request: its own span is the ingestion's, and ending the ingestion leaves the request running.
            using (var span = LeadRoutingTracing.StartIngest(ownRequest: true))
            {
                Assert.Same(request, span.Activity);
            }

            Assert.DoesNotContain(request, stopped);

            // A CSV row under the upload's request: a lead.ingest child, one per row.
            using (var span = LeadRoutingTracing.StartIngest(ownRequest: false))
            {
                Assert.Equal("lead.ingest", span.Activity!.OperationName);
                Assert.Equal(request.SpanId, span.Activity.ParentSpanId);
            }
        }
        finally
        {
            Activity.Current = previous;
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

        // Spans are exported as they end: routing.decide (which names the lead) before the batch around it ends.
        await Eventually.HoldsAsync(() => sink.Received("/v1/traces").Contains("routing.decide", StringComparison.Ordinal)
            && sink.Received("/v1/traces").Contains(leadId, StringComparison.Ordinal)
            && sink.Received("/v1/traces").Contains("writer.batch", StringComparison.Ordinal), "the lead's routing and writer spans at the OTLP endpoint");
        await Eventually.HoldsAsync(() => sink.Received("/v1/metrics").Contains("leadrouting.leads.ingested", StringComparison.Ordinal)
            && sink.Received("/v1/metrics").Contains("leadrouting.writer.batch.size", StringComparison.Ordinal), "the domain and writer metrics at the OTLP endpoint");

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
