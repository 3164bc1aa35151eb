using LeadRouting.Tests.Api;
using LeadRouting.Web.Retention;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LeadRouting.Tests.Retention;

/// <summary>The <c>Retention</c> section: documented defaults, days or spans, 0 or empty keeps for ever (a bad value: <c>SettingsValidationTests</c>).</summary>
public sealed class RetentionSettingsTests
{
    [Fact]
    public void The_defaults_are_the_documented_periods_in_days_and_an_hourly_run_in_batches_of_500()
    {
        using var app = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string>());

        var options = app.Services.GetRequiredService<IOptions<RetentionOptions>>().Value;

        Assert.Equal(
            (30d, 90d, 730d, 14d, 730d),
            (options.ProcessedOutboxMessages!.Value.TotalDays, options.NotificationDeliveries!.Value.TotalDays, options.AuditEvents!.Value.TotalDays,
                options.MailSinkFiles!.Value.TotalDays, options.ClosedLeadsPersonalData!.Value.TotalDays));
        Assert.Equal((500, TimeSpan.FromHours(1), true), (options.BatchSize, options.Interval, options.Enabled));
    }

    [Fact]
    public void A_plain_number_is_days_and_a_span_is_a_span()
    {
        using var app = RetentionTestKit.App(new Dictionary<string, string>
        {
            ["Retention:AuditEvents"] = "365",
            ["Retention:ProcessedOutboxMessages"] = "00:05:00",
        });

        var options = app.Services.GetRequiredService<IOptions<RetentionOptions>>().Value;

        Assert.Equal(TimeSpan.FromDays(365), options.PeriodOf(RetentionKind.AuditEvents));
        Assert.Equal(TimeSpan.FromMinutes(5), options.PeriodOf(RetentionKind.ProcessedOutboxMessages));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("")]
    public async Task A_period_of_0_or_empty_keeps_that_kind_for_ever(string value)
    {
        using var app = RetentionTestKit.App(new Dictionary<string, string>
        {
            ["Retention:AuditEvents"] = value,
            ["Retention:ProcessedOutboxMessages"] = value,
        });
        var ancient = app.Now() - TimeSpan.FromDays(10_000);
        var events = await app.AddAuditEventsAsync(3, ancient);
        var messages = await app.AddOutboxAsync(3, ancient, processedAt: ancient);

        var report = await app.RunRetentionAsync();

        Assert.Null(report.For(RetentionKind.AuditEvents));
        Assert.Null(report.For(RetentionKind.ProcessedOutboxMessages));
        Assert.Equal(3, await app.WithDbAsync(db => db.AuditEvents.CountAsync(e => events.Contains(e.Id))));
        Assert.Equal(3, await app.WithDbAsync(db => db.Outbox.CountAsync(m => messages.Contains(m.Id))));
        // The other kinds still ran.
        Assert.NotNull(report.For(RetentionKind.NotificationDeliveries));
    }

    [Fact]
    public async Task Retention_switched_off_removes_nothing()
    {
        using var app = RetentionTestKit.App(new Dictionary<string, string> { ["Retention:Enabled"] = "false" });
        var ancient = app.Now() - TimeSpan.FromDays(10_000);
        var messages = await app.AddOutboxAsync(3, ancient, processedAt: ancient);

        var report = await app.RunRetentionAsync();

        Assert.Empty(report.Outcomes);
        Assert.Equal(3, await app.WithDbAsync(db => db.Outbox.CountAsync(m => messages.Contains(m.Id))));
    }
}
