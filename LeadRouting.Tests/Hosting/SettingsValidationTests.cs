using LeadRouting.Tests.Api;
using LeadRouting.Web.Data;
using LeadRouting.Web.Demo;
using LeadRouting.Web.Jobs;
using LeadRouting.Web.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LeadRouting.Tests.Hosting;

/// <summary>Every settings section is a typed class validated at start: a bad value stops the app naming its key.</summary>
public sealed class SettingsValidationTests
{
    [Theory]
    [InlineData("Scheduling:SweepIntervalSeconds", "0")]
    [InlineData("RateLimiting:IngestBurst", "0")]
    [InlineData("RateLimiting:SignInPerMinute", "-3")]
    [InlineData("Demo:HistoryDays", "-1")]
    [InlineData("Storage:Provider", "Oracle")]
    [InlineData("Retention:AuditEvents", "-1")]
    [InlineData("Retention:ProcessedOutboxMessages", "-00:05:00")]
    [InlineData("Retention:ClosedLeadsPersonalData", "-730")]
    [InlineData("Retention:BatchSize", "0")]
    [InlineData("Retention:Interval", "00:00:01")]
    public void A_value_out_of_range_stops_the_start_and_names_the_setting(string setting, string value)
    {
        using var factory = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string> { [setting] = value });

        var refused = Assert.ThrowsAny<Exception>(() => factory.Services);

        var messages = string.Join(" | ", Flatten(refused).Select(e => e.Message));
        Assert.Contains(setting.Split(':')[0], messages, StringComparison.Ordinal);
        Assert.Contains(setting.Split(':')[1], messages, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_are_read_through_their_typed_sections()
    {
        using var factory = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string>
        {
            ["RateLimiting:IngestPerSecond"] = "7",
            ["Demo:HistoryDays"] = "3",
        });

        Assert.Equal(7, factory.Services.GetRequiredService<IOptions<RateLimitingOptions>>().Value.IngestPerSecond);
        Assert.Equal(7, factory.Services.GetRequiredService<IngestRateLimiter>().PerSecond);
        Assert.Equal(3, factory.Services.GetRequiredService<IOptions<DemoOptions>>().Value.HistoryDays);
        Assert.Equal(3, factory.Services.GetRequiredService<DemoHistorySeeder>().HistoryDays);
        Assert.Equal(factory.DataDirectory, factory.Services.GetRequiredService<IOptions<StorageOptions>>().Value.DataDirectory);
        Assert.True(factory.Services.GetRequiredService<IOptions<SchedulingOptions>>().Value.SweepIntervalSeconds >= 1);
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
