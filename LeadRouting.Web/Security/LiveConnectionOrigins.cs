using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Extensions.Options;

namespace LeadRouting.Web.Security;

/// <summary>The <c>Security</c> settings this file reads.</summary>
public sealed class OriginOptions
{
    public const string Section = "Security";

    /// <summary>
    /// Origins besides the app's own whose pages may open <c>/hubs/*</c> and <c>/_blazor</c>, separated by <c>;</c>
    /// (like <c>AllowedHosts</c>): e.g. <c>https://wallboard.example.com</c>. Empty by default.
    /// </summary>
    public string AllowedOrigins { get; set; } = "";

    /// <summary>The configured origins, or the reason one of them is not an origin.</summary>
    public static (IReadOnlyList<Uri> Origins, string? Error) Parse(string? value)
    {
        var origins = new List<Uri>();
        foreach (var entry in (value ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(entry, UriKind.Absolute, out var origin)
                || (origin.Scheme != Uri.UriSchemeHttp && origin.Scheme != Uri.UriSchemeHttps)
                || origin.PathAndQuery != "/" || entry.EndsWith('/') || !string.IsNullOrEmpty(origin.UserInfo) || !string.IsNullOrEmpty(origin.Fragment))
            {
                return ([], $"Security:AllowedOrigins: '{entry}' is not an origin; write scheme, host and port only, e.g. https://leads.example.com or http://localhost:5080.");
            }

            origins.Add(origin);
        }

        return (origins, null);
    }
}

/// <summary>
/// Which pages may open the live connections: the hub (<c>/hubs/*</c>) and the Blazor circuit (<c>/_blazor</c>).
/// Browsers send the sign-in cookie with a WebSocket from any page of the same site (another port, another
/// subdomain: SameSite=Lax does not stop them) and WebSockets are not bound by CORS, so the page's <c>Origin</c> is
/// the only thing that tells the app's own pages from another site's. A request that names an origin other than the
/// app's own (the scheme and host it was asked for, after host filtering and forwarded headers) or one listed in
/// <see cref="OriginOptions.AllowedOrigins"/> is refused with 403. A request without <c>Origin</c> passes: browsers
/// always send it on WebSocket handshakes and on cross-origin requests, so only a non-browser client (the .NET
/// SignalR client with an API key, curl) or a same-origin page omits it, and neither carries someone else's cookie.
/// </summary>
public sealed class LiveConnectionOrigins(IOptions<OriginOptions> options)
{
    /// <summary>Blazor's circuit endpoint (negotiate, WebSocket, long polling, disconnect) under the app's base path.</summary>
    public const string BlazorPath = "/_blazor";

    private readonly IReadOnlyList<Uri> _allowed = OriginOptions.Parse(options.Value.AllowedOrigins).Origins;

    public static bool IsLiveConnection(PathString path) =>
        path.StartsWithSegments(ApiKeyAuthenticationHandler.HubPathPrefix, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(BlazorPath, StringComparison.OrdinalIgnoreCase);

    /// <summary>The origin the request was made to, as a browser on one of the app's own pages would name it.</summary>
    public static string OwnOrigin(HttpRequest request) => UriHelper.BuildAbsolute(request.Scheme, request.Host).TrimEnd('/');

    public bool Allows(HttpRequest request, string origin)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var presented) || presented.PathAndQuery != "/")
        {
            // "null" (a sandboxed frame, a file:// page) and anything malformed.
            return false;
        }

        return Uri.TryCreate(OwnOrigin(request), UriKind.Absolute, out var own) && SameOrigin(presented, own)
            || _allowed.Any(allowed => SameOrigin(presented, allowed));
    }

    /// <summary>Scheme, host and port (defaults filled in: <c>https://a</c> is <c>https://a:443</c>), case-insensitively.</summary>
    public static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;
}

/// <summary>Applies <see cref="LiveConnectionOrigins"/> before authentication, so a refused page never reaches the hub.</summary>
public sealed partial class LiveConnectionOriginMiddleware(RequestDelegate next, LiveConnectionOrigins origins, ILogger<LiveConnectionOriginMiddleware> logger)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!LiveConnectionOrigins.IsLiveConnection(request.Path) || !request.Headers.TryGetValue("Origin", out var values))
        {
            return next(context);
        }

        var origin = values.Count == 1 ? values[0] ?? "" : string.Join(", ", values.ToArray());
        if (values.Count == 1 && origins.Allows(request, origin))
        {
            return next(context);
        }

        // Logged, because the usual cause is a deployment detail: a TLS proxy whose https the app does not see
        // (ForwardedHeaders off), so the app's own pages look like another origin and never go live.
        LogRefused(logger, request.Path, origin, LiveConnectionOrigins.OwnOrigin(request));
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return context.Response.WriteAsJsonAsync(
            new
            {
                type = "https://tools.ietf.org/html/rfc9110#section-15.5.4",
                title = "This page's origin may not open the live connection.",
                status = StatusCodes.Status403Forbidden,
                detail = "Origin is neither this app's own origin nor listed in Security:AllowedOrigins.",
            },
            options: null,
            "application/problem+json",
            context.RequestAborted);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Path} from Origin {Origin}: the app answers as {OwnOrigin} and Security:AllowedOrigins does not list it. Behind a TLS proxy, turn ForwardedHeaders:Enabled on.")]
    private static partial void LogRefused(ILogger logger, PathString path, string origin, string ownOrigin);
}
