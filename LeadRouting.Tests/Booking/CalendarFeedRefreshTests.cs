using System.Collections.Concurrent;
using System.Net;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Booking;
using LeadRouting.Web.Data;
using LeadRouting.Web.Data.Entities;
using LeadRouting.Web.Jobs;
using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quartz;

namespace LeadRouting.Tests.Booking;

/// <summary>
/// Issue 20: reps' calendar feeds, fetched from a feed the test serves on loopback (Kestrel): the body is stored, a 304
/// keeps it, a dead endpoint stores the error (without the address's secret) and the next run recovers.
/// </summary>
public sealed class CalendarFeedRefreshTests : IAsyncLifetime
{
    private const string Rep = "dach-mid-1";
    private const string SecretPath = "/calendar/ical/private-7f3a9c2e51b4d8/basic.ics";
    private const string Ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:busy-1\r\nDTSTART:20261207T100000Z\r\nDTEND:20261207T110000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

    private readonly LogCapture _logs = new();
    private readonly LeadRoutingApiFactory _app;
    private WebApplication? _server;
    private volatile string _mode = "ok";
    private volatile string _body = Ics;
    private readonly ConcurrentQueue<string?> _ifNoneMatch = new();

    public CalendarFeedRefreshTests() =>
        _app = LeadRoutingApiFactory.WithSettings(
            new Dictionary<string, string> { ["Notifications:DispatcherEnabled"] = "false", ["CalendarFeeds:Timeout"] = "00:00:05" },
            services => services.AddSingleton<ILoggerProvider>(_logs));

    private string FeedUrl => $"{_server!.Urls.First().TrimEnd('/')}{SecretPath}";

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _server = builder.Build();
        _server.MapGet(SecretPath, (HttpContext context) =>
        {
            var tag = context.Request.Headers.IfNoneMatch.ToString();
            _ifNoneMatch.Enqueue(tag.Length == 0 ? null : tag);
            if (_mode == "dead")
            {
                context.Abort();
                return Results.Empty;
            }

            if (tag == "\"v1\"" && _body == Ics)
            {
                return Results.StatusCode(StatusCodes.Status304NotModified);
            }

            context.Response.Headers.ETag = _body == Ics ? "\"v1\"" : "\"v2\"";
            return Results.Text(_body, "text/calendar");
        });
        await _server.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _server!.DisposeAsync();
        _app.Dispose();
    }

    private static SignedInUser Ops => new("ops-1", "Olga Ops", "ops@example.com", [LeadRoutingRoles.Ops], null);

    private RepCalendarFeeds Feeds => _app.Services.GetRequiredService<RepCalendarFeeds>();

    private async Task<RepCalendarFeedEntity> FeedAsync()
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        return await db.RepCalendarFeeds.AsNoTracking().SingleAsync(f => f.RepId == Rep);
    }

    [Fact]
    public async Task A_feed_is_fetched_a_304_keeps_its_body_a_dead_endpoint_stores_the_error_and_the_next_run_recovers()
    {
        Assert.Null(await Feeds.SetAsync(Ops, Rep, FeedUrl, CancellationToken.None));

        Assert.Equal(new CalendarFeedRefreshReport(1, 0, 0), await Feeds.RefreshAllAsync(CancellationToken.None));
        var fetched = await FeedAsync();
        Assert.Equal((Ics, "\"v1\"", LeadRoutingApiFactory.Now, (string?)null), (fetched.Body, fetched.ETag, fetched.FetchedAt, fetched.LastError));

        _app.Time.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(new CalendarFeedRefreshReport(0, 1, 0), await Feeds.RefreshAllAsync(CancellationToken.None));
        var notModified = await FeedAsync();
        Assert.Equal((Ics, LeadRoutingApiFactory.Now.AddMinutes(15)), (notModified.Body, notModified.FetchedAt));
        Assert.Equal("(none)|\"v1\"", string.Join('|', _ifNoneMatch.Select(t => t ?? "(none)")));

        _mode = "dead";
        _app.Time.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(new CalendarFeedRefreshReport(0, 0, 1), await Feeds.RefreshAllAsync(CancellationToken.None));
        var failed = await FeedAsync();
        Assert.Equal((Ics, LeadRoutingApiFactory.Now.AddMinutes(15), LeadRoutingApiFactory.Now.AddMinutes(30)), (failed.Body, failed.FetchedAt, failed.ErrorAt));
        Assert.NotNull(failed.LastError);
        Assert.DoesNotContain("private-", failed.LastError, StringComparison.Ordinal);

        _mode = "ok";
        _body = Ics.Replace("busy-1", "busy-2", StringComparison.Ordinal);
        _app.Time.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(new CalendarFeedRefreshReport(1, 0, 0), await Feeds.RefreshAllAsync(CancellationToken.None));
        var recovered = await FeedAsync();
        Assert.Equal((_body, "\"v2\"", (string?)null, (DateTimeOffset?)null), (recovered.Body, recovered.ETag, recovered.LastError, recovered.ErrorAt));

        // The address's secret is in no log line and no audit detail; the settings page sees it masked.
        Assert.NotEmpty(_logs.Messages);
        Assert.DoesNotContain(_logs.Messages, m => m.Contains("private-7f3a9c2e51b4d8", StringComparison.Ordinal));
        var status = (await Feeds.StatusesAsync(CancellationToken.None))[Rep];
        Assert.Equal($"{_server!.Urls.First().TrimEnd('/')}/…", status.MaskedUrl);
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        var audit = await db.AuditEvents.Where(e => e.Type == "CalendarFeedChanged").Select(e => e.Detail).ToListAsync();
        Assert.Single(audit);
        Assert.DoesNotContain("private-", audit[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_refresh_stores_the_busy_times_once_a_body_that_is_no_feed_keeps_the_last_ones_and_a_304_reads_them_again_a_day_later()
    {
        // A UTC event and a floating one (the rep's local time: 09:00 Berlin = 08:00 UTC).
        _body = Ics.Replace("END:VCALENDAR", "BEGIN:VEVENT\r\nUID:float-1\r\nDTSTART:20261208T090000\r\nDTEND:20261208T093000\r\nEND:VEVENT\r\nEND:VCALENDAR", StringComparison.Ordinal);
        Assert.Null(await Feeds.SetAsync(Ops, Rep, FeedUrl, CancellationToken.None));
        Assert.Equal(HttpStatusCode.OK, await Feeds.RefreshAsync(Rep, CancellationToken.None));
        var read = await FeedAsync();
        var now = LeadRoutingApiFactory.Now;
        Assert.Equal((now.AddDays(-1), now.AddDays(70)), (read.BusyFrom, read.BusyUntil));
        var utc = new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);
        var floating = new DateTimeOffset(2026, 12, 8, 8, 0, 0, TimeSpan.Zero);
        Assert.Equal(
            new[] { new LeadRouting.Core.Booking.TimeRange(utc, utc.AddHours(1)), new LeadRouting.Core.Booking.TimeRange(floating, floating.AddMinutes(30)) },
            FeedBusyJson.Read(read.BusyJson));

        // A web page instead of the feed: an error like a failed fetch; body and busy times stay.
        _body = "<!DOCTYPE html><html><body>Sign in</body></html>";
        _app.Time.Advance(TimeSpan.FromMinutes(15));
        Assert.Null(await Feeds.RefreshAsync(Rep, CancellationToken.None));
        var refused = await FeedAsync();
        Assert.StartsWith("The feed could not be read", refused.LastError, StringComparison.Ordinal);
        Assert.Equal((read.Body, read.BusyJson, read.BusyFrom, read.ETag), (refused.Body, refused.BusyJson, refused.BusyFrom, refused.ETag));

        // A good feed again: read at once; unchanged (304) within a day its busy times are kept, two days on read again.
        _body = Ics;
        _app.Time.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(HttpStatusCode.OK, await Feeds.RefreshAsync(Rep, CancellationToken.None));
        var good = await FeedAsync();
        Assert.Equal((_app.Time.GetUtcNow().AddDays(-1), 1, (string?)null), (good.BusyFrom, FeedBusyJson.Read(good.BusyJson).Count, good.LastError));
        _app.Time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(HttpStatusCode.NotModified, await Feeds.RefreshAsync(Rep, CancellationToken.None));
        Assert.Equal(good.BusyFrom, (await FeedAsync()).BusyFrom);
        _app.Time.Advance(TimeSpan.FromDays(2));
        Assert.Equal(HttpStatusCode.NotModified, await Feeds.RefreshAsync(Rep, CancellationToken.None));
        var reread = await FeedAsync();
        Assert.Equal((_app.Time.GetUtcNow().AddDays(-1), _app.Time.GetUtcNow().AddDays(70)), (reread.BusyFrom, reread.BusyUntil));
        Assert.Equal(FeedBusyJson.Read(good.BusyJson), FeedBusyJson.Read(reread.BusyJson));

        // Another address is another calendar: nothing of the old one's busy times is kept.
        Assert.Null(await Feeds.SetAsync(Ops, Rep, FeedUrl + "?other=1", CancellationToken.None));
        var changed = await FeedAsync();
        Assert.Equal(((string?)null, (DateTimeOffset?)null, (string?)null), (changed.BusyJson, changed.BusyUntil, changed.Body));
    }

    [Fact]
    public async Task A_closed_port_and_a_body_over_the_limit_are_errors_that_keep_the_last_body()
    {
        using var app = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string>
        {
            ["Notifications:DispatcherEnabled"] = "false",
            ["CalendarFeeds:MaxBodyBytes"] = "100",
        });
        var feeds = app.Services.GetRequiredService<RepCalendarFeeds>();
        Assert.Null(await feeds.SetAsync(Ops, Rep, FeedUrl, CancellationToken.None));
        Assert.Null(await feeds.RefreshAsync(Rep, CancellationToken.None));
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync())
        {
            var feed = await db.RepCalendarFeeds.AsNoTracking().SingleAsync(f => f.RepId == Rep);
            Assert.Equal(("The feed is larger than 100 bytes.", (string?)null), (feed.LastError, feed.Body));
        }

        // Nothing listens on the port of a server that was stopped.
        var closedPort = _server!.Urls.First();
        await _server.StopAsync();
        Assert.Null(await feeds.SetAsync(Ops, "dach-mid-2", $"{closedPort.TrimEnd('/')}{SecretPath}", CancellationToken.None));
        Assert.Null(await feeds.RefreshAsync("dach-mid-2", CancellationToken.None));
        await using var check = await app.Services.GetRequiredService<IDbContextFactory<LeadRoutingDbContext>>().CreateDbContextAsync();
        var dead = await check.RepCalendarFeeds.AsNoTracking().SingleAsync(f => f.RepId == "dach-mid-2");
        Assert.StartsWith("The feed could not be fetched", dead.LastError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://calendar.google.com/calendar/ical/x/private-abc/basic.ics", null)]
    [InlineData("http://127.0.0.1:8080/feed.ics", null)]
    [InlineData("http://[::1]/feed.ics", null)]
    [InlineData("http://calendar.example.com/feed.ics", CalendarFeedProblem.NotHttps)]
    [InlineData("ftp://calendar.example.com/feed.ics", CalendarFeedProblem.NotAnAddress)]
    [InlineData("https://user:secret@calendar.example.com/feed.ics", CalendarFeedProblem.NotAnAddress)]
    [InlineData("calendar.example.com/feed.ics", CalendarFeedProblem.NotAnAddress)]
    [InlineData("  ", CalendarFeedProblem.Required)]
    public void Only_https_addresses_or_http_to_loopback_are_feeds(string url, CalendarFeedProblem? expected) =>
        Assert.Equal(expected, RepCalendarFeeds.Problem(url));

    [Fact]
    public void The_masked_address_keeps_scheme_and_host_only() =>
        Assert.Equal("https://calendar.google.com/…", RepCalendarFeeds.Mask("https://calendar.google.com/calendar/ical/x/private-abc/basic.ics"));

    [Fact]
    public async Task Only_Ops_sets_a_feed_and_a_refused_address_stores_nothing()
    {
        var manager = new SignedInUser("m-1", "Mara Manager", "m@example.com", [LeadRoutingRoles.Manager], null);
        Assert.Equal(CalendarFeedProblem.NotAllowed, await Feeds.SetAsync(manager, Rep, FeedUrl, CancellationToken.None));
        Assert.Equal(CalendarFeedProblem.NotAllowed, await Feeds.SetAsync(null, Rep, FeedUrl, CancellationToken.None));
        Assert.Equal(CalendarFeedProblem.NotHttps, await Feeds.SetAsync(Ops, Rep, "http://calendar.example.com/x.ics", CancellationToken.None));
        Assert.Empty(await Feeds.StatusesAsync(CancellationToken.None));

        Assert.Null(await Feeds.SetAsync(Ops, Rep, FeedUrl, CancellationToken.None));
        Assert.Single(await Feeds.StatusesAsync(CancellationToken.None));
        Assert.Null(await Feeds.SetAsync(Ops, Rep, "", CancellationToken.None));
        Assert.Empty(await Feeds.StatusesAsync(CancellationToken.None));
    }

    [Fact]
    public async Task The_refresh_job_is_scheduled_every_fifteen_minutes_by_default_and_never_overlaps()
    {
        using var app = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string> { ["Scheduling:Enabled"] = "true" });
        var scheduler = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        await Eventually.HoldsAsync(() => scheduler.Status == SchedulerStatus.Running, "the scheduler running");
        Assert.True((await scheduler.GetJobDetail(CalendarFeedRefreshJob.Key))!.ConcurrentExecutionDisallowed);
        var trigger = Assert.IsAssignableFrom<ISimpleTrigger>(await scheduler.GetTrigger(CalendarFeedRefreshJob.TriggerKey));
        Assert.Equal(TimeSpan.FromMinutes(15), trigger.RepeatInterval);
    }

    /// <summary>Every log line of the app, formatted.</summary>
    private sealed class LogCapture : ILoggerProvider
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(LogCapture capture) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                capture.Messages.Enqueue($"{formatter(state, exception)} {exception}");
        }
    }
}
