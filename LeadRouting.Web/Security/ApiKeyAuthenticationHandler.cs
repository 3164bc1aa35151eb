using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace LeadRouting.Web.Security;

/// <summary>
/// Authenticates API clients by the <c>X-Api-Key</c> header; each scope of the key becomes a <c>scope</c> claim.
/// Under <see cref="HubPathPrefix"/> only, the key may also come as the <c>access_token</c> query parameter or an
/// <c>Authorization: Bearer</c> header, because that is how SignalR clients pass a token (browsers cannot set
/// headers on a WebSocket).
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyService keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";
    public const string ScopeClaim = "scope";
    public const string HubPathPrefix = "/hubs";
    private const string ProblemJson = "application/problem+json";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = PresentedKey(Request);
        if (string.IsNullOrWhiteSpace(presented))
        {
            return AuthenticateResult.NoResult();
        }

        var key = await keys.VerifyAsync(presented.Trim(), Context.RequestAborted);
        if (key is null)
        {
            return AuthenticateResult.Fail("The API key is unknown or revoked.");
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, $"api-key:{key.Name}"),
            new(ClaimTypes.NameIdentifier, key.Prefix),
        };
        claims.AddRange(key.Scopes.Select(scope => new Claim(ScopeClaim, scope)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    /// <summary>The key the request carries, if any, without checking it.</summary>
    internal static string? PresentedKey(HttpRequest request)
    {
        if (request.Headers.TryGetValue(HeaderName, out var values) && values.Count > 0 && !string.IsNullOrWhiteSpace(values[0]))
        {
            return values[0];
        }

        if (!request.Path.StartsWithSegments(HubPathPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (request.Query.TryGetValue("access_token", out var token) && !string.IsNullOrWhiteSpace(token.ToString()))
        {
            return token.ToString();
        }

        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..] : null;
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = $"{HeaderName}";
        return Response.WriteAsJsonAsync(
            new { type = "https://tools.ietf.org/html/rfc9110#section-15.5.2", title = "An API key is required.", status = 401, detail = $"Send a valid, unrevoked key in the {HeaderName} header." },
            options: null,
            ProblemJson,
            Context.RequestAborted);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Response.WriteAsJsonAsync(
            new { type = "https://tools.ietf.org/html/rfc9110#section-15.5.4", title = "The API key lacks the scope for this action.", status = 403 },
            options: null,
            ProblemJson,
            Context.RequestAborted);
    }
}
