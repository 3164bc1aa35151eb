using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using LeadRouting.Tests.Api;
using LeadRouting.Web.Security;
using Microsoft.Data.Sqlite;

namespace LeadRouting.Tests.Security;

/// <summary>Outside demo mode, the first Ops user comes from <c>--create-ops-user</c>, with a password printed once.</summary>
[Slow(SlowBecause.AppProcess)]
public sealed partial class FirstOpsUserTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("leadrouting-ops-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    private async Task<(int ExitCode, string Output)> RunAppAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "LeadRouting.Web.dll"), .. arguments])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["Storage__DataDirectory"] = _dataDirectory;
        start.Environment["Demo__Enabled"] = "false";
        start.Environment["Scheduling__Enabled"] = "false";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The command did not exit within 90 s.");
        }

        return (process.ExitCode, await output + await errors);
    }

    [Fact]
    public async Task Create_ops_user_prints_a_password_once_that_signs_in_as_Ops_and_refuses_a_second_time()
    {
        var (exitCode, output) = await RunAppAsync("--create-ops-user", "ada@example.com", "--display-name", "Ada Lovelace");
        var again = await RunAppAsync("--create-ops-user", "ada@example.com");

        Assert.True(exitCode == 0, output);
        var password = PasswordPattern().Match(output).Groups[1].Value;
        Assert.True(password.Length >= 20, output);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("exists", again.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(password, again.Output, StringComparison.Ordinal);

        using var app = LeadRoutingApiFactory.WithSettings(new Dictionary<string, string> { ["Storage:DataDirectory"] = _dataDirectory, ["Demo:Enabled"] = "false" });
        using var client = await app.CreateSignedInClientAsync("ada@example.com", password);
        var rules = await client.GetAsync("/rules");
        Assert.Equal(HttpStatusCode.OK, rules.StatusCode);
        Assert.Contains("Ada Lovelace", await rules.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"Password, shown only now: (\S+)")]
    private static partial Regex PasswordPattern();
}
