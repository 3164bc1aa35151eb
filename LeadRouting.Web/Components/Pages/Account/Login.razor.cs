using LeadRouting.Web.Demo;
using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace LeadRouting.Web.Components.Pages.Account;

/// <summary>
/// The sign-in form, rendered statically (no circuit): it posts to <see cref="AccountEndpoints"/>, which signs in and
/// redirects back here with an <c>error</c> code when it could not. In Development with demo data, it lists the demo
/// users and their published password (<see cref="DemoSettings.ListsUsersOnLoginPage"/>).
/// </summary>
public sealed partial class Login
{
    private IReadOnlyList<DemoUser> _demoUsers = [];

    [Inject] public required IStringLocalizer<Login> T { get; init; }

    [Inject] public required IConfiguration Configuration { get; init; }

    [Inject] public required IHostEnvironment Environment { get; init; }

    [Inject] public required IDbContextFactory<LeadRoutingDbContext> DbFactory { get; init; }

    [SupplyParameterFromQuery(Name = "ReturnUrl")]
    public string? ReturnUrl { get; set; }

    [SupplyParameterFromQuery(Name = "error")]
    public string? Error { get; set; }

    /// <summary>The static render's request: after a failed sign-in it carries the typed email back (<see cref="AccountEndpoints.TypedEmailCookie"/>).</summary>
    [CascadingParameter]
    public HttpContext? HttpContext { get; set; }

    /// <summary>The email typed before a failed sign-in, shown again; null on a first visit.</summary>
    private string? TypedEmail => ErrorText is not null && HttpContext?.Request.Cookies[AccountEndpoints.TypedEmailCookie] is { Length: > 0 } email ? email : null;

    /// <summary>Only a local path is carried on; anything else falls back to the home page after sign-in.</summary>
    private string SafeReturnUrl => AccountEndpoints.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/";

    private string? ErrorText => Error switch
    {
        // One message for every failure: saying "locked" only to existing accounts would tell who has one.
        AccountEndpoints.InvalidError => T[
            "The email or password is wrong. After {0} wrong passwords an account is locked for {1} minutes: then try again later or ask Ops.",
            SignInServiceCollectionExtensions.MaxFailedSignIns,
            SignInServiceCollectionExtensions.LockoutDuration.TotalMinutes].Value,
        _ => null,
    };

    protected override async Task OnInitializedAsync() =>
        _demoUsers = await DemoUsers.ListedAsync(DemoSettings.From(Configuration, Environment), DbFactory, CancellationToken.None);
}
