using System.Diagnostics;

namespace LeadRouting.Tests.EndToEnd;

/// <summary>
/// The app's command line (<c>dotnet LeadRouting.Web.dll --backup FILE</c> and the like) as a process of its own over a
/// data folder, as an operator runs it: Production, the same demo settings as <see cref="AppProcess"/>.
/// </summary>
public static class AppCommand
{
    public sealed record Result(int ExitCode, string Output);

    public static async Task<Result> RunAsync(string dataDirectory, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "LeadRouting.Web.dll"), .. arguments])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Storage__DataDirectory"] = dataDirectory;
        start.Environment["Demo__Enabled"] = "true";
        start.Environment["Demo__Password"] = AppProcess.DemoPassword;
        start.Environment["Demo__ApiKey"] = AppProcess.DemoApiKey;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("The command did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet LeadRouting.Web.dll {string.Join(' ', arguments)} did not end within {timeout}.");
        }

        return new Result(process.ExitCode, await output + await error);
    }
}
