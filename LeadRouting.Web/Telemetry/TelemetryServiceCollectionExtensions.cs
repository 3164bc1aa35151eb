using LeadRouting.Web.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace LeadRouting.Web.Telemetry;

/// <summary>
/// OpenTelemetry: traces, metrics and logs over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, and a Prometheus
/// scrape endpoint when <c>Telemetry:Prometheus:Enabled</c>. With neither, nothing is registered: no SDK, no listener,
/// and every instrument and activity source of the app stays disabled (a flag check per call).
/// </summary>
public static class TelemetryServiceCollectionExtensions
{
    public const string ScrapePath = "/metrics";

    /// <summary>
    /// Framework instruments left out of the export although their meters are on: each is recorded on every request or
    /// every buffer rented (several times per lead), and no dashboard or alert of README reads them. A dropped
    /// instrument is never enabled, so ASP.NET Core skips the measurement altogether. What stays: the request
    /// duration (<c>http.server.request.duration</c>, which the 5xx alert reads), active requests, Kestrel's connections,
    /// HttpClient and the runtime. Names may end in <c>*</c>.
    /// </summary>
    public static readonly IReadOnlyList<string> DroppedFrameworkInstruments =
    [
        "aspnetcore.memory_pool.*",                      // rented, allocated, pooled, evicted: per buffer
        "aspnetcore.routing.match_attempts",             // per request
        "aspnetcore.authentication.authenticate.duration", // per request
        "aspnetcore.authorization.attempts",             // per request
    ];

    public static IServiceCollection AddLeadRoutingTelemetry(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var settings = services.AddSettings<TelemetryOptions>(configuration);
        if (settings.ProblemOutsideDevelopment(environment.IsDevelopment()) is { } problem)
        {
            throw new OptionsValidationException(TelemetryOptions.Section, typeof(TelemetryOptions), [problem]);
        }

        var otlp = !string.IsNullOrWhiteSpace(configuration[TelemetryOptions.OtlpEndpointVariable]);
        var prometheus = settings.Prometheus;
        if (!otlp && !prometheus.Enabled)
        {
            return services;
        }

        services.AddHostedService<QueueDepthGauge>();
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(
                serviceName: configuration["OTEL_SERVICE_NAME"] ?? "LeadRouting",
                serviceVersion: typeof(TelemetryServiceCollectionExtensions).Assembly.GetName().Version?.ToString()))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(LeadRoutingMetrics.MeterName, LeadRoutingMetrics.WriterMeterName);
                if (settings.FrameworkMetrics)
                {
                    metrics.AddAspNetCoreInstrumentation()
                        .AddHttpClientInstrumentation()
                        .AddRuntimeInstrumentation();
                    foreach (var instrument in DroppedFrameworkInstruments)
                    {
                        metrics.AddView(instrument, MetricStreamConfiguration.Drop);
                    }
                }

                if (prometheus.Enabled && prometheus.Port is { } port)
                {
                    // A listener of its own on that port alone: the app's port never answers /metrics.
                    metrics.AddPrometheusHttpListener(options =>
                    {
                        options.Host = prometheus.Host;
                        options.Port = port;
                        options.ScrapeEndpointPath = ScrapePath;
                    });
                }
                else if (prometheus.Enabled)
                {
                    metrics.AddPrometheusExporter();
                }
            });

        if (otlp)
        {
            // Traces and logs only go somewhere over OTLP; without it they are not collected at all.
            telemetry
                .WithTracing(tracing => tracing
                    .AddSource(LeadRoutingTracing.SourceName)
                    .AddAspNetCoreInstrumentation(options =>
                    {
                        // A scrape or a load balancer's health probe every few seconds and the app's static files would bury the requests that matter.
                        options.Filter = context => !context.Request.Path.StartsWithSegments(ScrapePath)
                            && !context.Request.Path.StartsWithSegments("/health")
                            && !context.Request.Path.StartsWithSegments("/_content")
                            && !context.Request.Path.StartsWithSegments("/_framework");
                    })
                    .AddHttpClientInstrumentation())
                .WithLogging()
                .UseOtlpExporter();
        }

        return services;
    }

    /// <summary>
    /// <c>/metrics</c> on the app's port when Prometheus is on without a port of its own: behind the bearer key when one
    /// is set (401 without it), open only in Development (start refuses it elsewhere, <see cref="TelemetryOptions"/>).
    /// </summary>
    public static IEndpointRouteBuilder MapLeadRoutingTelemetry(this IEndpointRouteBuilder endpoints)
    {
        var prometheus = endpoints.ServiceProvider.GetRequiredService<IOptions<TelemetryOptions>>().Value.Prometheus;
        if (!prometheus.Enabled || prometheus.Port is not null)
        {
            // A scraper pointed here gets a plain 404 saying why, not the sign-in page an unknown path would redirect it to.
            endpoints.MapGet(ScrapePath, () => Results.Text(
                    prometheus.Enabled
                        ? $"Prometheus metrics are served on port {prometheus.Port} (Telemetry:Prometheus:Port), not here.\n"
                        : "Prometheus metrics are off: set Telemetry:Prometheus:Enabled (see README, Telemetry).\n",
                    "text/plain", statusCode: StatusCodes.Status404NotFound))
                .AllowAnonymous().ExcludeFromDescription();
            return endpoints;
        }

        var key = string.IsNullOrEmpty(prometheus.Key) ? null : new ScrapeKey(prometheus.Key);
        endpoints.MapPrometheusScrapingEndpoint(ScrapePath, meterProvider: null, configureBranchedPipeline: branch =>
        {
            if (key is not null)
            {
                branch.Use(next => async context =>
                {
                    if (!key.Accepts(context.Request))
                    {
                        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                        context.Response.Headers.WWWAuthenticate = "Bearer realm=\"metrics\"";
                        // A body of its own: an empty 401 would be re-executed into the app's not-found page.
                        await context.Response.WriteAsync("A Prometheus scrape needs Authorization: Bearer <Telemetry:Prometheus:Key>.\n");
                        return;
                    }

                    await next(context);
                });
            }
        }, optionsName: null).AllowAnonymous().DisableRateLimiting();
        return endpoints;
    }
}
