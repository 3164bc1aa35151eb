using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;

namespace LeadRouting.Web.Security;

public static class SignInServiceCollectionExtensions
{
    /// <summary>The default scheme: picks the API key or the sign-in cookie per request (see <see cref="SchemeFor"/>).</summary>
    public const string SelectorScheme = "LeadRouting";

    /// <summary>The sign-in cookie's name; the hub looks for it to tell a browser from an API client.</summary>
    public const string CookieName = ".LeadRouting.SignIn";

    public const int MaxFailedSignIns = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    /// <summary>
    /// People: ASP.NET Core Identity over the app's database (roles Rep, Manager, Ops; lockout on), the sign-in cookie,
    /// the role policies and the Blazor authentication state. Call after <see cref="SecurityServiceCollectionExtensions.AddLeadRoutingSecurity"/>,
    /// which adds the API-key scheme this one forwards to.
    /// </summary>
    public static IServiceCollection AddLeadRoutingIdentity(this IServiceCollection services)
    {
        services.AddIdentityCore<LeadRoutingUser>(options =>
            {
                options.User.RequireUniqueEmail = true;

                // Length over composition rules (NIST SP 800-63B): a long passphrase beats "Passw0rd!".
                options.Password.RequiredLength = 12;
                options.Password.RequiredUniqueChars = 4;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;

                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = MaxFailedSignIns;
                options.Lockout.DefaultLockoutTimeSpan = LockoutDuration;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<LeadRoutingDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<LeadRoutingClaimsPrincipalFactory>()
            .AddDefaultTokenProviders();

        services.AddAuthentication(options => options.DefaultScheme = SelectorScheme)
            .AddPolicyScheme(SelectorScheme, "API key or sign-in cookie", options => options.ForwardDefaultSelector = SchemeFor)
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = CookieName;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.LoginPath = AccountEndpoints.LoginPath;
            options.LogoutPath = AccountEndpoints.LogoutPath;
            options.AccessDeniedPath = AccountEndpoints.AccessDeniedPath;
            options.ExpireTimeSpan = TimeSpan.FromHours(10);
            options.SlidingExpiration = true;

            // Identity's validator refreshes the principal every ValidationInterval; in between, a cookie whose security
            // stamp is no longer the person's (signed out, new password or role) is refused at once.
            options.Events.OnValidatePrincipal = async context =>
            {
                await SecurityStampValidator.ValidatePrincipalAsync(context);
                await SignInSession.RejectRevokedAsync(context);
            };

            // A browser's hub connection with a stale cookie gets a status, not a login page it cannot show.
            options.Events.OnRedirectToLogin = context => RedirectOrStatus(context, StatusCodes.Status401Unauthorized);
            options.Events.OnRedirectToAccessDenied = context => RedirectOrStatus(context, StatusCodes.Status403Forbidden);
        });

        // A changed password or role, or a lockout, reaches open sign-ins within minutes rather than the default 30.
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.FromMinutes(5));

        services.AddAuthorizationBuilder()
            .AddPolicy(LeadRoutingPolicies.Rep, p => p.RequireRole(LeadRoutingRoles.Rep).RequireClaim(LeadRoutingClaims.RepId))
            .AddPolicy(LeadRoutingPolicies.Manager, p => p.RequireRole(LeadRoutingRoles.Manager, LeadRoutingRoles.Ops))
            .AddPolicy(LeadRoutingPolicies.Ops, p => p.RequireRole(LeadRoutingRoles.Ops))
            .AddPolicy(LeadRoutingPolicies.HubClient, p => p.RequireAssertion(context =>
                context.User.HasClaim(ApiKeyAuthenticationHandler.ScopeClaim, ApiScopes.Read)
                || context.User.Identities.Any(SignedInUser.IsPersonSignIn)));

        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingIdentityAuthenticationStateProvider>();
        services.AddScoped<ICurrentUser, CurrentUser>();
        services.AddScoped<PasswordSignIn>();
        return services;
    }

    private static Task RedirectOrStatus(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (!context.Request.Path.StartsWithSegments(ApiKeyAuthenticationHandler.HubPathPrefix))
        {
            context.Response.Redirect(context.RedirectUri);
            return Task.CompletedTask;
        }

        // With a body, so the status-code pages leave it alone instead of re-executing it into a page.
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(
            new { title = status == StatusCodes.Status401Unauthorized ? "The sign-in has expired or is invalid." : "Not allowed.", status },
            options: null,
            "application/problem+json",
            context.HttpContext.RequestAborted);
    }

    /// <summary>
    /// API clients get the API key, always under <c>/api</c> (so they see 401/403 problem JSON, never a login
    /// redirect). The hub takes a key when one is presented, the cookie when a browser sends one, and otherwise the
    /// key scheme again, whose challenge is a 401. Everything else is for people: the cookie.
    /// </summary>
    internal static string SchemeFor(HttpContext context)
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments("/api"))
        {
            return ApiKeyAuthenticationHandler.SchemeName;
        }

        // The hub and the OpenAPI document serve both kinds of client: an API key when one is sent, else the cookie.
        if (request.Path.StartsWithSegments(ApiKeyAuthenticationHandler.HubPathPrefix) || request.Path.StartsWithSegments("/openapi"))
        {
            return ApiKeyAuthenticationHandler.PresentedKey(request) is null && request.Cookies.ContainsKey(CookieName)
                ? IdentityConstants.ApplicationScheme
                : ApiKeyAuthenticationHandler.SchemeName;
        }

        return IdentityConstants.ApplicationScheme;
    }
}
