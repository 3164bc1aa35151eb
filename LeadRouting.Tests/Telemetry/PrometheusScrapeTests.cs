using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Telemetry;

namespace LeadRouting.Tests.Telemetry;

/// <summary>
/// <c>/metrics</c> on the real app: off by default, behind the bearer key when on, or on a port of its own; a scrape
/// after real leads shows the domain's series with their labels.
/// </summary>
public sealed partial class PrometheusScrapeTests
{
    private const string Key = "scrape-key-for-tests-0123456789";

    private static LeadRoutingApiFactory WithKey() => LeadRoutingApiFactory.WithSettings(new Dictionary<string, string>
    {
        ["Telemetry:Prometheus:Enabled"] = "true",
        ["Telemetry:Prometheus:Key"] = Key,
    });

    private static JsonObject Lead(string email, string source, string country = "DE", int employees = 350) => new()
    {
        ["email"] = email,
        ["firstName"] = "Jana",
        ["lastName"] = "Richter",
        ["company"] = "Brightlabs",
        ["employees"] = employees,
        ["industry"] = "Software",
        ["country"] = country,
        ["techStack"] = new JsonArray("HubSpot"),
        ["source"] = source,
    };

    [Fact]
    public async Task Metrics_is_not_found_when_Prometheus_is_off()
    {
        using var factory = new LeadRoutingApiFactory();

        var response = await factory.CreateBrowserClient().GetAsync(TelemetryServiceCollectionExtensions.ScrapePath);

        // Not the sign-in redirect an unknown path gets: a scraper pointed at an app with metrics off reads why.
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Telemetry:Prometheus:Enabled", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_without_the_key_or_with_a_wrong_one_answers_401()
    {
        using var factory = WithKey();
        var client = factory.CreateClient();

        var anonymous = await client.GetAsync("/metrics");
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", Key + "x") } };
        var wrongKey = await client.SendAsync(wrong);
        // An API key of the app is not the scrape key either.
        var apiKeyOnly = await factory.CreateApiClient().GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        Assert.DoesNotContain("leadrouting_", await anonymous.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, apiKeyOnly.StatusCode);
    }

    [Fact]
    public async Task A_scrape_with_the_key_after_leads_shows_ingestion_routing_and_writer_series_with_their_labels()
    {
        using var factory = WithKey();
        var api = factory.CreateApiClient();
        var created = await api.PostAsJsonAsync("/api/leads", Lead("scrape.one@brightlabs.de", "Webinar"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var lead = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
        var status = lead["decision"]!["status"]!.GetValue<string>();
        var team = lead["decision"]!["team"]!.GetValue<string>();
        var action = lead["decision"]!["action"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PostAsJsonAsync("/api/leads", Lead("not-an-email", "Webinar"))).StatusCode);

        var scraper = factory.CreateClient();
        scraper.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        var text = await Eventually.FindAsync(async () =>
        {
            var response = await scraper.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.Content.ReadAsStringAsync();
            return body.Contains("leadrouting_writer_batch_size", StringComparison.Ordinal) && body.Contains("leadrouting_queue_depth", StringComparison.Ordinal) ? body : null;
        }, "a scrape with the writer's batch size and the queue depths");

        Assert.Matches(Series("leadrouting_leads_ingested_total", ("outcome", "created"), ("source", "Webinar"), ("status", status)), text);
        Assert.Matches(Series("leadrouting_leads_ingested_total", ("outcome", "invalid"), ("source", "Webinar"), ("status", "none")), text);
        Assert.Matches(Series("leadrouting_routing_decisions_total", ("action", action), ("team", team)), text);
        Assert.Matches(Series("leadrouting_routing_decision_duration_milliseconds_count", ("action", action), ("team", team)), text);
        Assert.Matches(new Regex(@"^leadrouting_writer_batch_size\w*_count\{[^}]*\} [1-9]", RegexOptions.Multiline), text);
        Assert.Matches(Series("leadrouting_queue_depth", ("queue", "Unassigned")), text);
        Assert.Matches(Series("leadrouting_queue_depth", ("queue", "ManualReview")), text);
        Assert.DoesNotContain("scrape.one@brightlabs.de", text, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_frameworks_request_metrics_are_scraped_beside_the_domain_ones_unless_switched_off(bool frameworkMetrics)
    {
        using var factory = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string>
        {
            ["Telemetry:Prometheus:Enabled"] = "true",
            ["Telemetry:Prometheus:Key"] = Key,
            ["Telemetry:FrameworkMetrics"] = frameworkMetrics ? "true" : "false",
        });
        var api = factory.CreateApiClient();
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/leads", Lead("framework.metrics@brightlabs.de", "Webinar"))).StatusCode);

        var scraper = factory.CreateClient();
        scraper.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        var text = await Eventually.FindAsync(async () =>
        {
            var body = await scraper.GetStringAsync("/metrics");
            return body.Contains("leadrouting_leads_ingested_total", StringComparison.Ordinal) ? body : null;
        }, "a scrape with the domain series");

        Assert.Equal(frameworkMetrics, text.Contains("http_server_request_duration", StringComparison.Ordinal));
        // The per-request framework instruments nothing reads are dropped (their cost is per lead; docs/BENCHMARKS.md).
        Assert.DoesNotContain("aspnetcore_routing_match_attempts", text, StringComparison.Ordinal);
        Assert.DoesNotContain("aspnetcore_authorization_attempts", text, StringComparison.Ordinal);
        Assert.DoesNotContain("aspnetcore_authentication_authenticate_duration", text, StringComparison.Ordinal);
        Assert.DoesNotContain("aspnetcore_memory_pool", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_port_of_its_own_metrics_answers_there_and_not_on_the_app_port()
    {
        var port = FreePort();
        using var factory = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string>
        {
            ["Telemetry:Prometheus:Enabled"] = "true",
            ["Telemetry:Prometheus:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        Assert.Equal(HttpStatusCode.Created, (await factory.CreateApiClient().PostAsJsonAsync("/api/leads", Lead("port.one@brightlabs.de", "ContactSales"))).StatusCode);

        using var scraper = new HttpClient();
        var text = await Eventually.FindAsync(async () =>
        {
            var body = await scraper.GetStringAsync($"http://localhost:{port}/metrics");
            return body.Contains("leadrouting_leads_ingested_total", StringComparison.Ordinal) ? body : null;
        }, $"the listener on port {port} to show leads ingested");

        Assert.Matches(Series("leadrouting_leads_ingested_total", ("outcome", "created"), ("source", "ContactSales")), text);
        Assert.Equal(HttpStatusCode.NotFound, (await factory.CreateBrowserClient().GetAsync("/metrics")).StatusCode);
    }

    /// <summary>A series line of <paramref name="name"/> whose labels include each of <paramref name="labels"/> (in the exporter's order).</summary>
    private static Regex Series(string name, params (string Label, string Value)[] labels) =>
        new("^" + Regex.Escape(name) + @"\{" + string.Concat(labels.Select(l => $"(?=[^}}]*\\b{l.Label}=\"{Regex.Escape(l.Value)}\")")) + @"[^}]*\} [0-9]", RegexOptions.Multiline);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
