using System.Net;
using LeadRouting.Core.Configuration;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadRouting.Tests.Security;

/// <summary>Demo users exist with demo data only; outside demo mode there is nobody and no default password.</summary>
public sealed class DemoUsersTests
{
    [Fact]
    public async Task With_demo_data_every_demo_user_exists_in_their_role_and_reps_are_linked_to_their_rep_record()
    {
        using var factory = new LeadRoutingApiFactory();
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<LeadRoutingUser>>();
        var roster = DemoRoster.Configuration().Organisation;

        foreach (var demo in DemoUsers.All)
        {
            var user = await users.FindByEmailAsync(demo.Email);
            Assert.NotNull(user);
            Assert.Equal([demo.Role], await users.GetRolesAsync(user));
            Assert.Equal(demo.RepId, user.RepId);
            if (demo.RepId is not null)
            {
                Assert.Equal(roster.Reps.Single(r => r.Id.Value == demo.RepId).Name, user.DisplayName);
            }
        }

        Assert.Equal(roster.Teams.Count, DemoUsers.All.Count(u => u.Role == LeadRoutingRoles.Rep));
        Assert.Contains(DemoUsers.All, u => u is { Role: LeadRoutingRoles.Manager, DisplayName: "Katrin Vogel" });
        Assert.Contains(DemoUsers.All, u => u.Role == LeadRoutingRoles.Ops);
    }

    [Fact]
    public async Task With_demo_data_the_login_page_lists_the_demo_users_and_their_password()
    {
        using var factory = new LeadRoutingApiFactory();

        var html = await factory.CreateBrowserClient().GetStringAsync(AccountEndpoints.LoginPath);

        Assert.Contains("data-testid=\"demo-users\"", html, StringComparison.Ordinal);
        Assert.Contains(DemoUsers.Password, html, StringComparison.Ordinal);
        Assert.All(DemoUsers.All, u => Assert.Contains(u.Email, html, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_demo_data_there_are_no_users_and_the_login_page_shows_no_password()
    {
        using var factory = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string> { ["Demo:Enabled"] = "false" });
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<LeadRoutingUser>>();
        var client = factory.CreateBrowserClient();

        var html = await client.GetStringAsync(AccountEndpoints.LoginPath);
        var demoSignIn = await LeadRoutingApiFactory.PostLoginAsync(client, DemoUsers.All[0].Email, DemoUsers.Password);

        Assert.Equal(0, await users.Users.CountAsync());
        Assert.DoesNotContain("demo-users", html, StringComparison.Ordinal);
        Assert.DoesNotContain(DemoUsers.Password, html, StringComparison.Ordinal);
        Assert.Equal("/account/login?error=invalid", demoSignIn.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Demo_mode_switched_on_later_does_not_list_users_a_database_never_had()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("leadrouting-demo-later-").FullName;
        using (var plain = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string> { ["Storage:DataDirectory"] = dataDirectory, ["Demo:Enabled"] = "false" }))
        {
            _ = plain.Services; // starts the app: migrates and seeds without demo data
        }

        try
        {
            using var demo = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string> { ["Storage:DataDirectory"] = dataDirectory });

            var html = await demo.CreateBrowserClient().GetStringAsync(AccountEndpoints.LoginPath);

            Assert.DoesNotContain("demo-users", html, StringComparison.Ordinal);
            Assert.DoesNotContain(DemoUsers.Password, html, StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
