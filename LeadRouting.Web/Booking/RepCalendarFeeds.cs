using System.Net;
using System.Net.Http.Headers;
using System.Text;
using LeadRouting.Core.Booking;
using LeadRouting.Web.Routing;
using LeadRouting.Web.Security;
using Microsoft.Extensions.Options;

namespace LeadRouting.Web.Booking;

/// <summary>Why a calendar feed address was not saved.</summary>
public enum CalendarFeedProblem
{
    /// <summary>Only Ops set reps' calendar feeds.</summary>
    NotAllowed,

    Required,
    TooLong,

    /// <summary>Not an absolute http(s) address, or one with a user name or password in it.</summary>
    NotAnAddress,

    /// <summary>Plain http to another machine: the secret address would travel readable.</summary>
    NotHttps,
}

/// <summary>A rep's feed as the settings page shows it: never the full address.</summary>
public sealed record CalendarFeedStatus(string RepId, string MaskedUrl, DateTimeOffset? FetchedAt, string? LastError, DateTimeOffset? ErrorAt, int? BodyLength);

/// <summary>What one refresh run did, feed by feed.</summary>
public sealed record CalendarFeedRefreshReport(int Fetched, int NotModified, int Failed);

/// <summary>
/// Reps' calendar feeds (issue 20): the secret ICS address of a rep's Google or Outlook calendar, set by Ops on
/// <c>/settings/reps</c>, and the refresh that fetches each one into <c>RepCalendarFeeds.Body</c>, whose busy times the
/// booking page leaves out.
/// </summary>
/// <remarks>
/// <para>The address is a credential (whoever has it reads the calendar): it is stored as entered (it must be sent as is),
/// shown back only as <see cref="Mask"/> (scheme and host), and never logged — logs and <c>LastError</c> name the feed by
/// rep and host (<see cref="Mask"/>). https only; plain http only to a loopback host (a feed served by a test, or a local
/// proxy).</para>
/// <para>A fetch sends the stored validators (<c>If-None-Match</c>, <c>If-Modified-Since</c>); a 304 keeps the body and
/// counts as fresh. Each fetch is bounded by <see cref="CalendarFeedOptions.Timeout"/> and its body by
/// <see cref="CalendarFeedOptions.MaxBodyBytes"/>; a failure stores its reason and keeps the last good body, and the
/// next successful run clears the error. Every write is a single-row update, so a run repeated (or on two instances)
/// changes nothing it should not.</para>
/// </remarks>
public sealed class RepCalendarFeeds(
    IDbContextFactory<LeadRoutingDbContext> dbFactory,
    IHttpClientFactory httpClients,
    IOptions<CalendarFeedOptions> options,
    ConfigurationStore configurations,
    TimeProvider time,
    ILogger<RepCalendarFeeds> logger)
{
    /// <summary>The named <see cref="HttpClient"/> of feed fetches.</summary>
    public const string HttpClientName = "calendar-feeds";

    public const int MaxUrlLength = 2048;

    /// <summary>Why <paramref name="url"/> cannot be a feed address, or null when it can.</summary>
    public static CalendarFeedProblem? Problem(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return CalendarFeedProblem.Required;
        }

        if (url.Length > MaxUrlLength)
        {
            return CalendarFeedProblem.TooLong;
        }

        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.UserInfo.Length > 0 || uri.Scheme is not ("https" or "http"))
        {
            return CalendarFeedProblem.NotAnAddress;
        }

        return uri.Scheme == Uri.UriSchemeHttps || uri.IsLoopback ? null : CalendarFeedProblem.NotHttps;
    }

    /// <summary>The address without its secret part: scheme and host (and a port that is not the default).</summary>
    public static string Mask(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? $"{uri.GetLeftPart(UriPartial.Authority)}/…" : "…";

    /// <summary>Every rep's feed, masked, for the settings page.</summary>
    public async Task<IReadOnlyDictionary<string, CalendarFeedStatus>> StatusesAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var feeds = await db.RepCalendarFeeds.AsNoTracking()
            .Select(f => new { f.RepId, f.Url, f.FetchedAt, f.LastError, f.ErrorAt, BodyLength = f.Body == null ? (int?)null : f.Body.Length })
            .ToListAsync(cancellationToken);
        return feeds.ToDictionary(f => f.RepId, f => new CalendarFeedStatus(f.RepId, Mask(f.Url), f.FetchedAt, f.LastError, f.ErrorAt, f.BodyLength), StringComparer.Ordinal);
    }

    /// <summary>
    /// Sets (or, with a blank <paramref name="url"/>, removes) <paramref name="repId"/>'s feed as <paramref name="user"/>,
    /// who must be Ops; answers the problem instead when they are not or the address is not allowed (see
    /// <see cref="Problem"/>). A new address starts without a body; the change is audited with the masked address.
    /// </summary>
    public async Task<CalendarFeedProblem?> SetAsync(SignedInUser? user, string repId, string? url, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(repId);
        if (user is null || !user.Roles.Contains(LeadRoutingRoles.Ops))
        {
            return CalendarFeedProblem.NotAllowed;
        }

        var actor = user.DisplayName;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        if (string.IsNullOrWhiteSpace(url))
        {
            var removed = await db.RepCalendarFeeds.Where(f => f.RepId == repId).ExecuteDeleteAsync(cancellationToken);
            if (removed > 0)
            {
                await AuditAsync(db, repId, actor, "removed", now, cancellationToken);
            }

            return null;
        }

        if (Problem(url) is { } problem)
        {
            return problem;
        }

        url = url.Trim();
        var feed = await db.RepCalendarFeeds.SingleOrDefaultAsync(f => f.RepId == repId, cancellationToken);
        if (feed is null)
        {
            db.RepCalendarFeeds.Add(new RepCalendarFeedEntity { RepId = repId, Url = url, UpdatedAt = now });
        }
        else if (feed.Url != url)
        {
            (feed.Url, feed.UpdatedAt, feed.Body, feed.ETag, feed.LastModified, feed.FetchedAt, feed.LastError, feed.ErrorAt) =
                (url, now, null, null, null, null, null, null);
            // Another calendar: the old one's busy times no longer say anything.
            (feed.BusyJson, feed.BusyFrom, feed.BusyUntil) = (null, null, null);
        }

        await db.SaveChangesAsync(cancellationToken);
        await AuditAsync(db, repId, actor, $"set to {Mask(url)}", now, cancellationToken);
        return null;
    }

    private static async Task AuditAsync(LeadRoutingDbContext db, string repId, string actor, string what, DateTimeOffset now, CancellationToken cancellationToken)
    {
        db.AuditEvents.Add(new AuditEventEntity { At = now, Actor = actor, Type = "CalendarFeedChanged", Detail = $"Calendar feed of {repId} {what}." });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Fetches every feed once (one after another: a handful of reps, each a small GET).</summary>
    public async Task<CalendarFeedRefreshReport> RefreshAllAsync(CancellationToken cancellationToken)
    {
        List<string> reps;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            reps = await db.RepCalendarFeeds.AsNoTracking().OrderBy(f => f.RepId).Select(f => f.RepId).ToListAsync(cancellationToken);
        }

        var (fetched, notModified, failed) = (0, 0, 0);
        foreach (var repId in reps)
        {
            switch (await RefreshAsync(repId, cancellationToken))
            {
                case HttpStatusCode.OK:
                    fetched++;
                    break;
                case HttpStatusCode.NotModified:
                    notModified++;
                    break;
                default:
                    failed++;
                    break;
            }
        }

        return new CalendarFeedRefreshReport(fetched, notModified, failed);
    }

    /// <summary>Fetches <paramref name="repId"/>'s feed: <c>OK</c> (new body), <c>NotModified</c>, or null when it failed (stored in <c>LastError</c>).</summary>
    public async Task<HttpStatusCode?> RefreshAsync(string repId, CancellationToken cancellationToken)
    {
        RepCalendarFeedEntity? feed;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            feed = await db.RepCalendarFeeds.AsNoTracking().SingleOrDefaultAsync(f => f.RepId == repId, cancellationToken);
        }

        if (feed is null)
        {
            return null;
        }

        var settings = options.Value;
        var masked = Mask(feed.Url);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(settings.Timeout);
            using var request = new HttpRequestMessage(HttpMethod.Get, feed.Url);
            request.Headers.Accept.ParseAdd("text/calendar");
            if (feed.ETag is { } etag && EntityTagHeaderValue.TryParse(etag, out var tag))
            {
                request.Headers.IfNoneMatch.Add(tag);
            }
            else if (feed.LastModified is { } lastModified)
            {
                request.Headers.IfModifiedSince = lastModified;
            }

            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (response.StatusCode == HttpStatusCode.NotModified && feed.Body is not null)
            {
                // The body is unchanged, but its busy window moves with the clock: read it again once a day.
                var stale = feed.BusyFrom is not { } busyFrom || busyFrom + FeedBusyJson.Behind + TimeSpan.FromDays(1) <= time.GetUtcNow();
                var reread = stale ? (await ReadBusyAsync(repId, feed.Body, cancellationToken)).Busy : null;
                await StoreAsync(repId, feed.Url, f =>
                {
                    f.SetProperty(x => x.FetchedAt, time.GetUtcNow()).SetProperty(x => x.LastError, (string?)null).SetProperty(x => x.ErrorAt, (DateTimeOffset?)null);
                    if (reread is { } busy)
                    {
                        f.SetProperty(x => x.BusyJson, busy.Json).SetProperty(x => x.BusyFrom, busy.From).SetProperty(x => x.BusyUntil, busy.Until);
                    }
                }, cancellationToken);
                logger.LogDebug("Calendar feed of {RepId} ({Feed}) not modified.", repId, masked);
                return HttpStatusCode.NotModified;
            }

            if (!response.IsSuccessStatusCode)
            {
                return await FailAsync(feed, $"The feed answered HTTP {(int)response.StatusCode}.", cancellationToken);
            }

            if (response.Content.Headers.ContentLength > settings.MaxBodyBytes)
            {
                return await FailAsync(feed, $"The feed is larger than {settings.MaxBodyBytes} bytes.", cancellationToken);
            }

            var body = await ReadLimitedAsync(response.Content, settings.MaxBodyBytes, timeout.Token);
            if (body is null)
            {
                return await FailAsync(feed, $"The feed is larger than {settings.MaxBodyBytes} bytes.", cancellationToken);
            }

            // Read once here, not per slot request: a parse error is a failed fetch (the last good body and busy times stay).
            var (read, parseError) = await ReadBusyAsync(repId, body, cancellationToken);
            if (read is not { } newBusy)
            {
                return await FailAsync(feed, parseError!, cancellationToken);
            }

            var (newTag, newModified) = (response.Headers.ETag?.ToString(), response.Content.Headers.LastModified);
            await StoreAsync(repId, feed.Url, f => f
                .SetProperty(x => x.Body, body).SetProperty(x => x.ETag, newTag).SetProperty(x => x.LastModified, newModified)
                .SetProperty(x => x.BusyJson, newBusy.Json).SetProperty(x => x.BusyFrom, newBusy.From).SetProperty(x => x.BusyUntil, newBusy.Until)
                .SetProperty(x => x.FetchedAt, time.GetUtcNow()).SetProperty(x => x.LastError, (string?)null).SetProperty(x => x.ErrorAt, (DateTimeOffset?)null), cancellationToken);
            logger.LogInformation("Calendar feed of {RepId} ({Feed}) fetched: {Length} characters.", repId, masked, body.Length);
            return HttpStatusCode.OK;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return await FailAsync(feed, $"The feed did not answer within {settings.Timeout.TotalSeconds:0} s.", cancellationToken);
        }
        catch (HttpRequestException failure)
        {
            // The exception's message may carry the address; only its kind and status are kept.
            return await FailAsync(feed, $"The feed could not be fetched ({failure.HttpRequestError}).", cancellationToken);
        }
    }

    /// <summary>
    /// The busy times of <paramref name="body"/> over [now − <see cref="FeedBusyJson.Behind"/>, now + <see cref="FeedBusyJson.Ahead"/>),
    /// floating and all-day times read in the rep's calendar zone (UTC when the rep is not in the published configuration);
    /// or why the body is not a feed (<see cref="CalendarFeed.TryParse"/>'s message, which never holds the address).
    /// </summary>
    private async Task<((string Json, DateTimeOffset From, DateTimeOffset Until)? Busy, string? Error)> ReadBusyAsync(
        string repId, string body, CancellationToken cancellationToken)
    {
        if (!CalendarFeed.TryParse(body, out var parsed, out var error))
        {
            var reason = $"The feed could not be read: {error}";
            return (null, reason.Length > 500 ? reason[..499] + "…" : reason);
        }

        var zone = TimeZoneInfo.Utc;
        try
        {
            var configuration = await configurations.CurrentAsync(cancellationToken);
            zone = configuration.Engine.Organisation.FindRep(new LeadRouting.Core.RepId(repId))?.Calendar.TimeZone ?? zone;
        }
        catch (NoPublishedConfigurationException)
        {
            // Nothing routes without a configuration either; UTC is as good as any zone then.
        }

        var now = time.GetUtcNow();
        var (from, until) = (now - FeedBusyJson.Behind, now + FeedBusyJson.Ahead);
        var busy = parsed!.BusyBetween(from, until, zone);
        if (busy.Problems.Count > 0)
        {
            logger.LogInformation("Calendar feed of {RepId}: {Count} event(s) left out ({First}).", repId, busy.Problems.Count, busy.Problems[0]);
        }

        return ((FeedBusyJson.Write(busy.Busy), from, until), null);
    }

    private async Task<HttpStatusCode?> FailAsync(RepCalendarFeedEntity feed, string error, CancellationToken cancellationToken)
    {
        await StoreAsync(feed.RepId, feed.Url, f => f.SetProperty(x => x.LastError, error).SetProperty(x => x.ErrorAt, time.GetUtcNow()), cancellationToken);
        logger.LogWarning("Calendar feed of {RepId} ({Feed}) failed: {Error}", feed.RepId, Mask(feed.Url), error);
        return null;
    }

    /// <summary>Updates the feed row only while it still has the address fetched (Ops may have changed it meanwhile).</summary>
    private async Task StoreAsync(
        string repId, string url, Action<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<RepCalendarFeedEntity>> set, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.RepCalendarFeeds.Where(f => f.RepId == repId && f.Url == url).ExecuteUpdateAsync(set, cancellationToken);
    }

    /// <summary>The body as text, or null when it is longer than <paramref name="maxBytes"/>.</summary>
    private static async Task<string?> ReadLimitedAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
