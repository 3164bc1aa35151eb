using System.Security.Claims;
using Bunit;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Components.Pages.Settings;
using LeadRouting.Web.Demo;
using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Components;

/// <summary><c>/settings/demo</c> for a German reader: the switch, the rate and the status line in German.</summary>
public sealed class DemoTrafficPageTests : ComponentTestContext, IClassFixture<LeadRoutingApiFactory>
{
    public DemoTrafficPageTests(LeadRoutingApiFactory app)
    {
        Services.AddSingleton(app.Services.GetRequiredService<DemoTrafficService>());
        Services.AddScoped<ICurrentUser, CurrentUser>();
        var authorization = AddAuthorization();
        authorization.SetAuthorized("nora.klein@leadrouting.demo");
        authorization.SetRoles(LeadRoutingRoles.Ops);
        authorization.SetPolicies(LeadRoutingPolicies.Ops, LeadRoutingPolicies.Manager);
        authorization.SetClaims(new Claim(ClaimTypes.NameIdentifier, "user-ops"), new Claim(LeadRoutingClaims.DisplayName, "Nora Klein"));
        authorization.SetAuthenticationType(IdentityConstants.ApplicationScheme);
    }

    [Fact]
    public void A_German_reader_sees_the_demo_traffic_page_in_German()
    {
        using var german = CultureScope.Of("de-DE");

        var cut = RenderPage<DemoTraffic>();

        Assert.Equal("Demo-Verkehr", cut.Find("h1").TextContent.Trim());
        Assert.Contains("seit dem Start der App gesendet.", cut.Find("[data-testid=traffic-status]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Leads pro Minute", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("since the app started", cut.Markup, StringComparison.Ordinal);
    }
}
