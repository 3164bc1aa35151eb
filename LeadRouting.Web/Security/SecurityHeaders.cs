using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace LeadRouting.Web.Security;

/// <summary>
/// The headers every response carries (pages, API, hub, static files, error pages): a content security policy,
/// <c>X-Content-Type-Options: nosniff</c> and <c>Referrer-Policy: same-origin</c>. Kestrel's <c>Server</c> header is
/// switched off in <see cref="HttpSecurityServiceCollectionExtensions.AddLeadRoutingHttpSecurity"/>.
/// </summary>
public static partial class SecurityHeaders
{
    public const string ReferrerPolicy = "same-origin";

    /// <summary>
    /// The policy for a response whose page may run <paramref name="nonce"/>'d inline scripts. Scripts come only from
    /// the app (blazor.web.js, MudBlazor.min.js) plus the one inline import map, which carries the nonce; there is no
    /// <c>'unsafe-inline'</c> or <c>'unsafe-eval'</c> for scripts. Styles allow <c>'unsafe-inline'</c> because MudBlazor
    /// writes <c>style</c> attributes and its theme as a <c>&lt;style&gt;</c> element, and Blazor applies them at run time;
    /// user text is rendered as text, so that opens no way to run script. The circuit's WebSocket is the same origin:
    /// <c>'self'</c> covers it in current browsers, the explicit <c>ws:</c>/<c>wss:</c> source in older Safari.
    /// </summary>
    public static string ContentSecurityPolicy(string nonce, HttpRequest request)
    {
        var webSocket = SafeHost().IsMatch(request.Host.Value ?? "")
            ? $" {(request.IsHttps ? "wss" : "ws")}://{request.Host.Value}"
            : "";
        return "default-src 'self'; "
            + $"script-src 'self' 'nonce-{nonce}'; "
            + "style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; "
            + $"connect-src 'self'{webSocket}; "
            + $"frame-ancestors {request.HttpContext.Features.Get<FrameAncestors>()?.Sources ?? "'self'"}; "
            + "base-uri 'self'; "
            + "form-action 'self'; "
            + "object-src 'none'";
    }

    /// <summary>The nonce this request's page gives its inline scripts (the import map), or null outside the middleware.</summary>
    public static string? NonceOf(HttpContext context) => context.Features.Get<ContentSecurityPolicyNonce>()?.Value;

    // Host filtering has already vetted the Host; this keeps anything else (AllowedHosts "*") out of the policy text.
    [GeneratedRegex(@"^[A-Za-z0-9.\-]+(:[0-9]{1,5})?$|^\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?$")]
    private static partial Regex SafeHost();

    internal sealed record ContentSecurityPolicyNonce(string Value);

    /// <summary>
    /// Lets this response be framed by <paramref name="sources"/> (CSP <c>frame-ancestors</c> sources, vetted by the
    /// caller) instead of <c>'self'</c> only: the booking page for <c>Booking:EmbedOrigins</c> (issue 20).
    /// </summary>
    public static void AllowFraming(HttpContext context, string sources) => context.Features.Set(new FrameAncestors(sources));

    internal sealed record FrameAncestors(string Sources);
}

/// <summary>Sets <see cref="SecurityHeaders"/> as the response starts, so error pages and re-executed status pages get them too.</summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        // 128 random bits; hex rather than base64, so the nonce reads the same in the header and in the HTML attribute
        // (Razor would encode base64's '+' as an entity there).
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        context.Features.Set(new SecurityHeaders.ContentSecurityPolicyNonce(nonce));
        context.Response.OnStarting(static state =>
        {
            var (context, nonce) = ((HttpContext, string))state;
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = SecurityHeaders.ContentSecurityPolicy(nonce, context.Request);
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = SecurityHeaders.ReferrerPolicy;
            return Task.CompletedTask;
        }, (context, nonce));
        return next(context);
    }
}
