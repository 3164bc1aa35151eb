using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace LeadRouting.Web.Security;

/// <summary>
/// The ingestion rate limit: a token bucket per API key, one token per lead — a lead posted, a signal post, or a row of
/// a CSV import — so a key's limit holds however its leads arrive. Defaults sit above the throughput one instance
/// sustains, so the limit protects the store rather than capping normal use. A request takes its tokens at once or not
/// at all, so a refused request has stored nothing.
/// </summary>
public sealed class IngestRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _buckets;

    public IngestRateLimiter(IOptions<RateLimitingOptions> options)
    {
        PerSecond = options.Value.IngestPerSecond;
        Burst = options.Value.IngestBurst;
        _buckets = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = Burst,
            TokensPerPeriod = PerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    /// <summary>Tokens that come back each second.</summary>
    public int PerSecond { get; }

    /// <summary>The most tokens a key holds, so the most leads it may send at once (and the largest import).</summary>
    public int Burst { get; }

    /// <summary>
    /// Takes <paramref name="tokens"/> (at most <see cref="Burst"/>) from the bucket of the key that signed
    /// <paramref name="caller"/> in; null when they were taken, else how long until the bucket holds that many.
    /// </summary>
    public TimeSpan? TryTake(ClaimsPrincipal caller, int tokens)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(tokens, Burst);
        if (tokens <= 0)
        {
            return null;
        }

        // The key's public prefix (never the secret) names its bucket; the endpoints need a key, so there is one.
        var key = caller.FindFirstValue(ClaimTypes.NameIdentifier) ?? "anonymous";
        using var lease = _buckets.AttemptAcquire(key, tokens);
        if (lease.IsAcquired)
        {
            return null;
        }

        var missing = tokens - (_buckets.GetStatistics(key)?.CurrentAvailablePermits ?? 0);
        return TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling((double)missing / PerSecond)));
    }

    /// <summary><c>429 Too Many Requests</c> with <c>Retry-After</c> and a problem body saying what was refused.</summary>
    public static ProblemHttpResult TooManyRequests(HttpContext context, TimeSpan retryAfter, string detail)
    {
        var seconds = (int)Math.Ceiling(retryAfter.TotalSeconds);
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            title: "Too many requests.",
            detail: detail,
            statusCode: StatusCodes.Status429TooManyRequests,
            type: "https://tools.ietf.org/html/rfc6585#section-4",
            extensions: new Dictionary<string, object?> { ["retryAfterSeconds"] = seconds });
    }

    public void Dispose() => _buckets.Dispose();
}

/// <summary>One token per request, from the key's ingestion bucket, before the endpoint reads anything.</summary>
internal sealed class IngestRateLimitFilter(IngestRateLimiter limiter) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        limiter.TryTake(context.HttpContext.User, 1) is { } wait
            ? IngestRateLimiter.TooManyRequests(context.HttpContext, wait, "This API key is over its ingestion rate. Nothing was stored; retry after the Retry-After seconds.")
            : await next(context);
}

public static class IngestRateLimitExtensions
{
    /// <summary>The endpoint costs one token of the caller's ingestion bucket per request (an import adds one per row).</summary>
    public static TBuilder RequireIngestRateLimit<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter<TBuilder, IngestRateLimitFilter>();
}
