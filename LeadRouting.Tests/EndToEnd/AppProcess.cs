using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using LeadRouting.Web.Security;

namespace LeadRouting.Tests.EndToEnd;

/// <summary>
/// The real app as a separate process on 127.0.0.1 and a free port, over a data folder the test owns. Used where a
/// process matters (crash, restart). Every wait has a timeout; disposing kills the process if it still runs.
/// </summary>
/// <remarks>
/// It runs in Production with demo data asked for explicitly, as an operator would (README "Production start and
/// secrets at rest"): the demo users' password and the demo API key are settings (<see cref="DemoPassword"/>,
/// <see cref="DemoApiKey"/>), never the published password, and the app prints no secret. Both are random per test
/// run and the same for every process of the run, so a restarted app or a second cluster instance knows them too.
/// </remarks>
public sealed class AppProcess : IDisposable
{
    /// <summary>The demo users' password (<c>Demo:Password</c>) of every app this test run starts.</summary>
    public static readonly string DemoPassword = "e2e-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    /// <summary>The demo API key (<c>Demo:ApiKey</c>, scopes admin, ingest, read) of every app this test run starts.</summary>
    public static readonly string DemoApiKey = ApiKeyService.NewKey();

    /// <summary>
    /// How long an app may take to answer <c>/health</c>: a bound against hanging, not a measurement. Generous, because
    /// on a loaded 2-core CI machine a start has taken more than 90 s, where an idle one takes seconds.
    /// </summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(180);

    private readonly Process _process;
    private readonly Lock _outputLock = new();
    private readonly List<string> _output = [];
    private readonly List<(string Text, TaskCompletionSource Seen)> _outputWaiters = [];

    private AppProcess(string dataDirectory, int port, IReadOnlyDictionary<string, string>? environment, bool demoData)
    {
        Port = port;
        var webDll = Path.Combine(AppContext.BaseDirectory, "LeadRouting.Web.dll");
        var start = new ProcessStartInfo("dotnet", [webDll])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Storage__DataDirectory"] = dataDirectory;
        if (demoData)
        {
            start.Environment["Demo__Enabled"] = "true";
            start.Environment["Demo__Password"] = DemoPassword;
            start.Environment["Demo__ApiKey"] = DemoApiKey;
            start.Environment["Demo__HistoryDays"] = "0";
        }

        start.Environment["RateLimiting__IngestPerSecond"] = "100000";
        start.Environment["RateLimiting__IngestBurst"] = "100000";
        start.Environment["RateLimiting__SignInPerMinute"] = "100000";
        start.Environment["RateLimiting__SignInBurst"] = "100000";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("The app did not start.");
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                OnOutput(line);
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                OnOutput(line);
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    /// <summary>True once the process ended (crashed, or stopped by its host).</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The demo key the app stores when it seeds a fresh database with demo data (<see cref="DemoApiKey"/>).</summary>
    public Task<string> DemoKey => Task.FromResult(DemoApiKey);

    /// <summary>A client of the app's API with the demo API key (every scope), answering within 30 s.</summary>
    public HttpClient CreateApiClient()
    {
        var api = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        api.DefaultRequestHeaders.Add(LeadRouting.Web.Security.ApiKeyAuthenticationHandler.HeaderName, DemoApiKey);
        return api;
    }

    /// <summary>Every line the app wrote so far, standard output and standard error.</summary>
    public IReadOnlyList<string> Output
    {
        get
        {
            lock (_outputLock)
            {
                return [.. _output];
            }
        }
    }

    /// <summary>Completes when a line of the app's standard output (seen already or later) contains <paramref name="text"/>.</summary>
    public Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        lock (_outputLock)
        {
            if (_output.Any(line => line.Contains(text, StringComparison.Ordinal)))
            {
                return Task.CompletedTask;
            }

            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _outputWaiters.Add((text, seen));
            return seen.Task.WaitAsync(timeout);
        }
    }

    /// <param name="dataDirectory">The app's data folder (database, mail sink, keys).</param>
    /// <param name="timeout">How long the app may take to answer <c>/health</c>.</param>
    /// <param name="environment">Extra environment variables for the app, e.g. <c>Scheduling__SweepIntervalSeconds</c>.</param>
    /// <param name="demoData">False: no <c>Demo__*</c> variable at all, as a production install starts.</param>
    public static async Task<AppProcess> StartAsync(string dataDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null, bool demoData = true)
    {
        var app = new AppProcess(dataDirectory, FreePort(), environment, demoData);
        using var http = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            await Eventually.HoldsAsync(async () =>
            {
                if (app._process.HasExited)
                {
                    throw new InvalidOperationException($"The app exited with code {app._process.ExitCode} before it answered /health.");
                }

                try
                {
                    using var response = await http.GetAsync("/health");
                    return response.StatusCode == HttpStatusCode.OK;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    // Not listening, or not answering, yet.
                    return false;
                }
            }, "the app to answer /health", timeout);
            return app;
        }
        catch
        {
            // Whatever went wrong, the process does not outlive the test that started it.
            app.Dispose();
            throw;
        }
    }

    /// <summary>
    /// SIGTERM, as a service manager stops the app: it shuts down and flushes its logs. Completes when the process has
    /// exited and every line it wrote has been read (<see cref="Output"/> is then complete).
    /// </summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!)
        {
            await kill.WaitForExitAsync();
        }

        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing; what is committed must survive.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(TimeSpan.FromSeconds(30));
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            KillHard();
        }

        _process.Dispose();
    }

    private void OnOutput(string line)
    {
        lock (_outputLock)
        {
            _output.Add(line);
            foreach (var waiter in _outputWaiters.Where(w => line.Contains(w.Text, StringComparison.Ordinal)).ToList())
            {
                waiter.Seen.TrySetResult();
                _outputWaiters.Remove(waiter);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
