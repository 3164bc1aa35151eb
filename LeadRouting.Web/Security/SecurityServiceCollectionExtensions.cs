using LeadRouting.Web.Hosting;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.RateLimiting;

namespace LeadRouting.Web.Security;

public static class SecurityServiceCollectionExtensions
{
    /// <summary>The rate-limit policy on the sign-in form's post.</summary>
    public const string SignInRateLimit = "sign-in";

    /// <summary>API keys (authentication), scope policies (authorization), the ingestion and sign-in rate limits.</summary>
    public static IServiceCollection AddLeadRoutingSecurity(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        // Webhook secrets and sign-in cookies are protected with this key ring.
        services.AddLeadRoutingKeyRing(configuration, environment);
        services.AddSingleton<ApiKeyService>();
        // The default scheme is set by AddLeadRoutingIdentity, which forwards /api requests here.
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, _ => { });
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiScopes.Ingest, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireClaim(ApiKeyAuthenticationHandler.ScopeClaim, ApiScopes.Ingest))
            .AddPolicy(ApiScopes.Read, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireClaim(ApiKeyAuthenticationHandler.ScopeClaim, ApiScopes.Read))
            .AddPolicy(ApiScopes.Admin, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireClaim(ApiKeyAuthenticationHandler.ScopeClaim, ApiScopes.Admin));

        // Ingestion: a token bucket per API key and lead, taken by the endpoints themselves (an import takes one per row).
        services.AddSingleton<IngestRateLimiter>();

        // Sign-in attempts per client address: enough for an office behind one address signing in on a Monday morning,
        // far too few for password spraying (which tries one password on many accounts, so per-account lockout never
        // sees it). A token bucket: up to SignInBurst at once, then SignInPerMinute.
        var limits = services.AddSettings<RateLimitingOptions>(configuration);
        var signInPerMinute = limits.SignInPerMinute;
        var signInBurst = limits.SignInBurst;
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(SignInRateLimit, context => RateLimitPartition.GetTokenBucketLimiter(
                SignInClient.Of(context),
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = signInBurst,
                    TokensPerPeriod = 1,
                    ReplenishmentPeriod = TimeSpan.FromMinutes(1) / signInPerMinute,
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
            options.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await SignInClient.WriteTooManyAttemptsAsync(context.HttpContext, seconds, cancellationToken);
            };
        });
        return services;
    }
}
