using System.ComponentModel.DataAnnotations;
using LeadRouting.Web.Hosting;

namespace LeadRouting.Web.Telemetry;

/// <summary>
/// The <c>Telemetry</c> settings. OTLP export is not here: it follows the standard <c>OTEL_EXPORTER_OTLP_*</c>
/// environment variables, so a collector, the Aspire dashboard, Jaeger or Grafana need no setting of this app.
/// </summary>
public sealed class TelemetryOptions : ISettingsSection, IValidatableObject
{
    public static string Section => "Telemetry";

    /// <summary>The environment variable that switches OTLP export (traces, metrics, logs) on.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public PrometheusSettings Prometheus { get; set; } = new();

    /// <summary>
    /// Also export the framework's own meters (ASP.NET Core's request durations and Kestrel, HttpClient, the .NET
    /// runtime) beside LeadRouting's. On by default; off leaves the domain meters alone, for instances where every
    /// percent of ingestion counts (docs/BENCHMARKS.md, issue 18).
    /// </summary>
    public bool FrameworkMetrics { get; set; } = true;

    /// <summary>How old the Unassigned and Manual review queue depths may be before a scrape or export counts them again.</summary>
    [Range(1, 3600)]
    public int QueueDepthRefreshSeconds { get; set; } = 5;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Prometheus.Port is { } port && port is < 1 or > 65535)
        {
            yield return new ValidationResult($"Prometheus:Port {port} is not a TCP port (1–65535).", ["Prometheus:Port"]);
        }

        if (!string.IsNullOrEmpty(Prometheus.Key) && ScrapeKey.Problem(Prometheus.Key) is { } problem)
        {
            yield return new ValidationResult($"Prometheus:Key {problem}", ["Prometheus:Key"]);
        }

        if (Prometheus.Port is not null && !string.IsNullOrEmpty(Prometheus.Key))
        {
            yield return new ValidationResult(
                "Prometheus:Key and Prometheus:Port are two ways to protect /metrics; set one: the key for /metrics on the app's own port, the port for a separate listener only the scraper reaches.",
                ["Prometheus:Key", "Prometheus:Port"]);
        }
    }

    /// <summary>
    /// Why these settings may not start in this environment, or null. An open <c>/metrics</c> on the app's public port
    /// tells anyone the lead volume per team and source; it is allowed only on a developer's machine.
    /// </summary>
    public string? ProblemOutsideDevelopment(bool isDevelopment) =>
        Prometheus.Enabled && !isDevelopment && string.IsNullOrEmpty(Prometheus.Key) && Prometheus.Port is null
            ? "Telemetry:Prometheus:Enabled is true but /metrics is unprotected: set Telemetry:Prometheus:Key (a bearer key of at least "
              + $"{ScrapeKey.MinimumLength} characters, or sha256:<64 hex digits> of it) or Telemetry:Prometheus:Port (a separate port only the scraper reaches)."
            : null;

    /// <summary>The Prometheus scrape endpoint: off unless <see cref="Enabled"/>.</summary>
    public sealed class PrometheusSettings
    {
        public bool Enabled { get; set; }

        /// <summary>The bearer key a scraper sends (<c>Authorization: Bearer …</c>), or <c>sha256:</c> and the hex SHA-256 of it.</summary>
        public string? Key { get; set; }

        /// <summary>Serve <c>/metrics</c> on this port only, from a listener of its own, instead of on the app's port.</summary>
        public int? Port { get; set; }

        /// <summary>The interface of the <see cref="Port"/> listener: <c>localhost</c> (default), or <c>*</c> for every interface (a container).</summary>
        public string Host { get; set; } = "localhost";
    }
}
