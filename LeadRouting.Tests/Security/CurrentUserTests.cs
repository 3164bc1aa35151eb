using System.Security.Claims;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Leads;
using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Security;

/// <summary>The person behind a sign-in and the <see cref="LeadActor"/> they act as.</summary>
public sealed class CurrentUserTests(LeadRoutingApiFactory factory) : IClassFixture<LeadRoutingApiFactory>
{
    /// <summary>The principal the real sign-in issues for <paramref name="email"/> (same claims factory as the cookie).</summary>
    private async Task<ClaimsPrincipal> SignInPrincipalAsync(string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<LeadRoutingUser>>();
        var claims = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<LeadRoutingUser>>();
        return await claims.CreateAsync((await users.FindByEmailAsync(email))!);
    }

    private static Task<SignedInUser?> CurrentUserOf(ClaimsPrincipal principal) =>
        new CurrentUser(new FixedAuthenticationState(principal)).GetAsync();

    [Fact]
    public async Task A_rep_acts_as_their_own_rep_record()
    {
        var user = await CurrentUserOf(await SignInPrincipalAsync("dach-mid-1@leadrouting.demo"));

        Assert.NotNull(user);
        Assert.Equal(new LeadActor("Clara Fischer", "dach-mid-1"), user.Actor);
        Assert.Equal(LeadRoutingRoles.Rep, user.Role);
    }

    [Fact]
    public async Task A_manager_acts_as_no_rep_but_may_assign()
    {
        var user = await CurrentUserOf(await SignInPrincipalAsync("katrin.vogel@leadrouting.demo"));

        Assert.Equal(new LeadActor("Katrin Vogel", null) { CanAssign = true }, user!.Actor);
        Assert.Equal(LeadRoutingRoles.Manager, user.Role);
    }

    [Fact]
    public async Task Nobody_is_signed_in_for_an_anonymous_request_or_an_api_key()
    {
        var apiKey = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, "abc"), new Claim(LeadRoutingClaims.RepId, "dach-mid-1")],
            ApiKeyAuthenticationHandler.SchemeName));

        Assert.Null(await CurrentUserOf(new ClaimsPrincipal(new ClaimsIdentity())));
        Assert.Null(await CurrentUserOf(apiKey));
    }

    [Fact]
    public async Task The_rep_policy_admits_a_rep_with_a_rep_record_and_the_manager_policy_does_not()
    {
        var authorization = factory.Services.GetRequiredService<IAuthorizationService>();
        var rep = await SignInPrincipalAsync("dach-mid-1@leadrouting.demo");
        var ops = await SignInPrincipalAsync("nora.klein@leadrouting.demo");

        Assert.True((await authorization.AuthorizeAsync(rep, LeadRoutingPolicies.Rep)).Succeeded);
        Assert.False((await authorization.AuthorizeAsync(rep, LeadRoutingPolicies.Manager)).Succeeded);
        Assert.False((await authorization.AuthorizeAsync(rep, LeadRoutingPolicies.Ops)).Succeeded);
        Assert.False((await authorization.AuthorizeAsync(ops, LeadRoutingPolicies.Rep)).Succeeded);
        Assert.True((await authorization.AuthorizeAsync(ops, LeadRoutingPolicies.Manager)).Succeeded);
        Assert.True((await authorization.AuthorizeAsync(ops, LeadRoutingPolicies.Ops)).Succeeded);
    }

    private sealed class FixedAuthenticationState(ClaimsPrincipal principal) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(principal));
    }
}
