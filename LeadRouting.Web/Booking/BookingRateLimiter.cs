using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;
using LeadRouting.Web.Security;
using Microsoft.Extensions.Options;

namespace LeadRouting.Web.Booking;

/// <summary>The <c>BookingRateLimit</c> settings: how many booking requests one client address may make per window.</summary>
public sealed class BookingRateLimitOptions
{
    public const string Section = "BookingRateLimit";

    /// <summary>Requests per client address and window (default 60: a buyer paging through weeks and booking is far below).</summary>
    [Range(1, 1_000_000, ErrorMessage = "must be between 1 and 1000000")]
    public int PermitLimit { get; set; } = 60;

    /// <summary>The fixed window (default one minute; 1 s to 1 day).</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    public static bool IsValid(BookingRateLimitOptions options) =>
        options.PermitLimit is >= 1 and <= 1_000_000 && options.Window >= TimeSpan.FromSeconds(1) && options.Window <= TimeSpan.FromDays(1);
}

/// <summary>
/// The public booking surface's rate limit (issue 20): <c>/api/book/…</c> and the page <c>/book/…</c> are open to anyone
/// holding a link, so each client address (IPv6: its /64, as for sign-in, <see cref="SignInClient.Of"/>) gets a fixed
/// window of <see cref="BookingRateLimitOptions.PermitLimit"/> requests, shared by page and API. It slows token guessing
/// (hopeless anyway: the token is authenticated encryption) and slot scraping, and keeps one client from making the
/// server compute slots without end. In memory, per instance.
/// </summary>
public sealed class BookingRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _windows;

    public BookingRateLimiter(IOptions<BookingRateLimitOptions> options)
    {
        var settings = options.Value;
        _windows = PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = settings.PermitLimit,
            Window = settings.Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    /// <summary>Takes one permit for the client of <paramref name="context"/>: null when taken, else how long to wait.</summary>
    public TimeSpan? TryTake(HttpContext context)
    {
        using var lease = _windows.AttemptAcquire(SignInClient.Of(context));
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
    }

    public void Dispose() => _windows.Dispose();
}

/// <summary>One permit per request of the client's booking window, before the endpoint reads anything.</summary>
internal sealed class BookingRateLimitFilter(BookingRateLimiter limiter) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        limiter.TryTake(context.HttpContext) is { } wait
            ? IngestRateLimiter.TooManyRequests(context.HttpContext, wait, "Too many booking requests from this address. Retry after the Retry-After seconds.")
            : await next(context);
}
