using System.Security.Claims;
using Bunit;
using LeadRouting.Web.Components.Layout;
using LeadRouting.Web.Live;
using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace LeadRouting.Tests.Components;

public sealed class MainLayoutTests : ComponentTestContext
{
    /// <summary>The layout hosts the live toasts, which listen to the notifier as the signed-in person.</summary>
    public MainLayoutTests()
    {
        Services.AddSingleton(new LeadEventNotifier(NullLogger<LeadEventNotifier>.Instance));
        Services.AddScoped<ICurrentUser, CurrentUser>();
    }

    /// <summary>
    /// Signs in the way the sign-in cookie does: Identity's authentication type, id, display name, role. (bUnit rebuilds
    /// the principal on SetRoles/SetPolicies, so claims and the authentication type come last.)
    /// </summary>
    private void SignIn(string displayName, string role, params string[] policies)
    {
        var authorization = AddAuthorization();
        authorization.SetAuthorized($"{displayName}@example.com");
        authorization.SetRoles(role);
        authorization.SetPolicies(policies);
        authorization.SetClaims(new Claim(ClaimTypes.NameIdentifier, "user-1"), new Claim(LeadRoutingClaims.DisplayName, displayName));
        authorization.SetAuthenticationType(IdentityConstants.ApplicationScheme);
    }

    private IRenderedComponent<MainLayout> RenderLayout() =>
        Render<MainLayout>(p => p.Add(l => l.Body, builder => builder.AddMarkupContent(0, "<p>page</p>")));

    [Fact]
    public void Shows_the_signed_in_person_their_role_and_a_sign_out_form()
    {
        SignIn("Clara Fischer", LeadRoutingRoles.Rep, LeadRoutingPolicies.Rep);

        var cut = RenderLayout();

        Assert.Equal("Clara Fischer", cut.Find("[data-testid=signed-in-name]").TextContent);
        Assert.Contains("Rep", cut.Find("[data-testid=signed-in-role]").TextContent, StringComparison.Ordinal);
        var signOut = cut.Find("form[data-testid=sign-out]");
        Assert.Equal(AccountEndpoints.LogoutPath, signOut.GetAttribute("action"));
        Assert.Equal("post", signOut.GetAttribute("method"));
        Assert.NotNull(signOut.QuerySelector("input[name=__RequestVerificationToken]"));
    }

    [Fact]
    public void Renders_a_display_name_as_text_not_markup()
    {
        SignIn("<b>Mallory</b>", LeadRoutingRoles.Rep, LeadRoutingPolicies.Rep);

        var cut = RenderLayout();

        Assert.Equal("<b>Mallory</b>", cut.Find("[data-testid=signed-in-name]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=signed-in-name] b"));
    }

    [Fact]
    public void Shows_a_rep_the_playground_and_the_rules_which_everyone_may_read()
    {
        SignIn("Clara Fischer", LeadRoutingRoles.Rep, LeadRoutingPolicies.Rep);

        var nav = RenderLayout().Find(".mud-navmenu").TextContent;

        Assert.Contains("Playground", nav, StringComparison.Ordinal);
        Assert.Contains("Routing rules", nav, StringComparison.Ordinal);
        Assert.Contains("My inbox", nav, StringComparison.Ordinal);
    }

    [Fact]
    public void Shows_the_rules_to_a_manager()
    {
        SignIn("Katrin Vogel", LeadRoutingRoles.Manager, LeadRoutingPolicies.Manager);

        var cut = RenderLayout();

        Assert.Contains("Routing rules", cut.Find(".mud-navmenu").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("My inbox", cut.Find(".mud-navmenu").TextContent, StringComparison.Ordinal);
        Assert.Contains("Manager", cut.Find("[data-testid=signed-in-role]").TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(LeadRoutingRoles.Rep, false)]
    [InlineData(LeadRoutingRoles.Manager, false)]
    [InlineData(LeadRoutingRoles.Ops, true)]
    public void Shows_the_settings_only_to_Ops(string role, bool shown)
    {
        var policies = role switch
        {
            LeadRoutingRoles.Ops => new[] { LeadRoutingPolicies.Ops, LeadRoutingPolicies.Manager },
            LeadRoutingRoles.Manager => [LeadRoutingPolicies.Manager],
            _ => [LeadRoutingPolicies.Rep],
        };
        SignIn("Someone", role, policies);

        var links = RenderLayout().FindAll(".mud-navmenu a").Select(a => a.GetAttribute("href")).ToList();

        string[] settings = ["/settings/teams", "/settings/reps", "/settings/calendars", "/settings/segments", "/settings/scoring",
            "/settings/matrix", "/settings/tiers", "/settings/sla", "/settings/fallback", "/settings/versions", "/settings/accounts", "/settings/api-keys", "/settings/privacy"];
        foreach (var href in settings)
        {
            Assert.Equal(shown, links.Contains(href));
        }
    }

    [Fact]
    public void Shows_nobody_when_nobody_is_signed_in()
    {
        AddAuthorization();

        var cut = RenderLayout();

        Assert.Empty(cut.FindAll("[data-testid=signed-in-user]"));
        Assert.Empty(cut.FindAll("[data-testid=sign-out]"));
    }
}
