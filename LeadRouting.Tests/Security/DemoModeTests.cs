using System.Net;
using System.Text.Json;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Security;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;

namespace LeadRouting.Tests.Security;

/// <summary>
/// Demo data by environment (README "Production start and secrets at rest"): the demo world in Development, as
/// <c>dotnet run --project LeadRouting.Web</c> starts it; outside Development only when asked for, and then never with
/// the published password. (Production on an empty folder, the output and the warning: <c>EndToEnd/ProductionStartTests</c>.)
/// </summary>
public sealed class DemoModeTests : IDisposable
{
    private const string Nora = "nora.klein@leadrouting.demo";
    private const string OperatorPassword = "the operator's own demo passphrase";

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("leadrouting-demo-mode-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task Development_without_any_demo_setting_has_the_demo_world_that_dotnet_run_starts_with()
    {
        // README's command runs the launch profile "http", which sets Development.
        var launch = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "LeadRouting.Web", "Properties", "launchSettings.json")));
        Assert.Equal(Environments.Development, launch.RootElement.GetProperty("profiles").GetProperty("http").GetProperty("environmentVariables").GetProperty("ASPNETCORE_ENVIRONMENT").GetString());

        using var app = StartupApp.Create(_dataDirectory, Environments.Development);
        var html = await Browser(app).GetStringAsync(AccountEndpoints.LoginPath);
        var signIn = await LeadRoutingApiFactory.PostLoginAsync(Browser(app), Nora, DemoUsers.Password);

        Assert.Contains("data-testid=\"demo-users\"", html, StringComparison.Ordinal);
        Assert.Contains(DemoUsers.Password, html, StringComparison.Ordinal);
        Assert.All(DemoUsers.All, u => Assert.Contains(u.Email, html, StringComparison.Ordinal));
        Assert.Equal("/", signIn.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_database_seeded_in_Development_keeps_no_published_password_when_started_in_Production()
    {
        using (var development = StartupApp.Create(_dataDirectory, Environments.Development))
        {
            Assert.Equal("/", (await LeadRoutingApiFactory.PostLoginAsync(Browser(development), Nora, DemoUsers.Password)).Headers.Location?.OriginalString);
        }

        using var production = StartupApp.Create(_dataDirectory, Environments.Production, new Dictionary<string, string> { ["Demo:Enabled"] = "true" });
        var html = await Browser(production).GetStringAsync(AccountEndpoints.LoginPath);
        var signIn = await LeadRoutingApiFactory.PostLoginAsync(Browser(production), Nora, DemoUsers.Password);

        Assert.Equal("/account/login?error=invalid", signIn.Headers.Location?.OriginalString);
        Assert.DoesNotContain("demo-users", html, StringComparison.Ordinal);
        Assert.DoesNotContain(DemoUsers.Password, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_users_seeded_in_Production_without_a_password_sign_in_once_the_operator_sets_Demo_Password()
    {
        using (var withoutPassword = StartupApp.Create(_dataDirectory, Environments.Production, new Dictionary<string, string> { ["Demo:Enabled"] = "true" }))
        {
            Assert.Equal("/account/login?error=invalid", (await LeadRoutingApiFactory.PostLoginAsync(Browser(withoutPassword), Nora, DemoUsers.Password)).Headers.Location?.OriginalString);
            Assert.Equal("/account/login?error=invalid", (await LeadRoutingApiFactory.PostLoginAsync(Browser(withoutPassword), Nora, OperatorPassword)).Headers.Location?.OriginalString);
        }

        using var withPassword = StartupApp.Create(_dataDirectory, Environments.Production, new Dictionary<string, string> { ["Demo:Enabled"] = "true", ["Demo:Password"] = OperatorPassword });
        var signIn = await LeadRoutingApiFactory.PostLoginAsync(Browser(withPassword), Nora, OperatorPassword);

        Assert.Equal("/", signIn.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("Demo:Password", DemoUsers.Password, "must not be the published demo password")]
    [InlineData("Demo:Password", "short", "at least 12 characters")]
    [InlineData("Demo:ApiKey", "lr_not-a-key", "Demo:ApiKey must read lr_")]
    public void Production_refuses_to_start_with_an_unusable_demo_secret_and_says_which_setting(string setting, string value, string reason)
    {
        using var app = StartupApp.Create(_dataDirectory, Environments.Production, new Dictionary<string, string> { ["Demo:Enabled"] = "true", [setting] = value });

        var refused = Assert.Throws<InvalidOperationException>(() => app.Services);

        Assert.Contains(setting, refused.Message, StringComparison.Ordinal);
        Assert.Contains(reason, refused.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dataDirectory, "leadrouting.db")) && new FileInfo(Path.Combine(_dataDirectory, "leadrouting.db")).Length > 0,
            "nothing was seeded before the refusal");
    }

    private static HttpClient Browser(WebApplicationFactory<Program> app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
}
