using LeadRouting.Tests.Api;
using LeadRouting.Web.Telemetry;

namespace LeadRouting.Tests.Telemetry;

/// <summary>An open <c>/metrics</c> outside a developer's machine, or a weak key, stops the start with the setting named.</summary>
public sealed class TelemetrySettingsTests
{
    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void Prometheus_enabled_without_key_or_port_outside_Development_stops_the_start(string environment)
    {
        using var factory = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string>
        {
            ["environment"] = environment,
            ["Telemetry:Prometheus:Enabled"] = "true",
        });

        var refused = Assert.ThrowsAny<Exception>(() => factory.Services);

        var messages = string.Join(" | ", Flatten(refused).Select(e => e.Message));
        Assert.Contains("Telemetry:Prometheus:Enabled", messages, StringComparison.Ordinal);
        Assert.Contains("Telemetry:Prometheus:Key", messages, StringComparison.Ordinal);
        Assert.Contains("Telemetry:Prometheus:Port", messages, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Telemetry:Prometheus:Key", "short-key", "Key")]
    [InlineData("Telemetry:Prometheus:Key", "sha256:abc", "Key")]
    [InlineData("Telemetry:Prometheus:Port", "70000", "Port")]
    public void A_weak_key_or_a_port_out_of_range_stops_the_start_and_names_the_setting(string setting, string value, string named)
    {
        using var factory = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string>
        {
            ["Telemetry:Prometheus:Enabled"] = "true",
            [setting] = value,
        });

        var refused = Assert.ThrowsAny<Exception>(() => factory.Services);

        var messages = string.Join(" | ", Flatten(refused).Select(e => e.Message));
        Assert.Contains("Telemetry", messages, StringComparison.Ordinal);
        Assert.Contains($"Prometheus:{named}", messages, StringComparison.Ordinal);
    }

    [Fact]
    public void The_key_may_be_given_as_its_SHA256_and_is_compared_hashed()
    {
        const string key = "a-scrape-key-of-enough-length";
        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Request.Headers.Authorization = "Bearer " + key;

        Assert.True(new ScrapeKey("sha256:" + hash.ToLowerInvariant()).Accepts(context.Request));
        Assert.True(new ScrapeKey(key).Accepts(context.Request));
        Assert.False(new ScrapeKey(key + "-other").Accepts(context.Request));
    }

    private static IEnumerable<Exception> Flatten(Exception e)
    {
        for (var current = e; current is not null; current = current.InnerException)
        {
            yield return current;
            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Flatten))
                {
                    yield return inner;
                }
            }
        }
    }
}
