using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Npgsql;

namespace LeadRouting.Tests.ScaleOut;

/// <summary>
/// A private PostgreSQL cluster for one test: Debian's server binaries, <c>initdb</c> into a fresh folder, the postmaster
/// as a child process on 127.0.0.1 and a free port, trust authentication for <c>postgres</c>. Every wait has a timeout.
/// Disposing stops it at once and deletes its folder.
/// </summary>
/// <remarks>
/// The folder goes under <c>$LEADROUTING_TEST_SERVERS_DIR</c> (scripts/test.sh sets it and, on exit, stops whatever a
/// crashed test host left running there, from the <c>postmaster.pid</c> files), else under the system temp folder.
/// PostgreSQL refuses to run as root, so as root the cluster belongs to the <c>postgres</c> system user and its programs
/// run through <c>setpriv</c>, which execs (unlike <c>runuser</c>, which forks): the <see cref="Process"/> kept is the
/// postmaster itself, and a signal sent to it reaches the postmaster.
/// </remarks>
public sealed partial class PostgresServer : IDisposable
{
    public const string ServersDirectoryVariable = "LEADROUTING_TEST_SERVERS_DIR";
    public const string User = "postgres";

    private const int SigInt = 2;
    private const int SigQuit = 3;
    private const int MaxLogLines = 200;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan InitTimeout = TimeSpan.FromSeconds(120);

    private readonly string _binDirectory;
    private readonly string _directory;
    private readonly bool _asRoot;
    private readonly Lock _logLock = new();
    private readonly Queue<string> _log = new();
    private Process? _postmaster;

    private PostgresServer(string binDirectory, string directory, bool asRoot, int port)
    {
        _binDirectory = binDirectory;
        _directory = directory;
        _asRoot = asRoot;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The cluster's data directory (<c>PGDATA</c>).</summary>
    public string DataDirectory => Path.Combine(_directory, "data");

    /// <summary>True while the postmaster process runs.</summary>
    public bool IsRunning => _postmaster is { HasExited: false };

    /// <summary>Creates a cluster in a fresh folder and starts it; throws with the server's log when it does not come up.</summary>
    public static async Task<PostgresServer> StartAsync()
    {
        var binDirectory = FindBinDirectory();
        var asRoot = Environment.IsPrivilegedProcess;
        var directory = await CreateDirectoryAsync(asRoot);
        var server = new PostgresServer(binDirectory, directory, asRoot, FreePort());
        try
        {
            await server.InitAsync();
            await server.StartAgainAsync();
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>An Npgsql connection string for <paramref name="database"/> on this server (nothing is created).</summary>
    public string ConnectionString(string database) =>
        string.Create(CultureInfo.InvariantCulture, $"Host=127.0.0.1;Port={Port};Username={User};Database={database};");

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        if (!DatabaseName().IsMatch(name))
        {
            throw new ArgumentException("A database name here is lower-case letters, digits and '_', starting with a letter.", nameof(name));
        }

        await using (var connection = new NpgsqlConnection(ConnectionString("postgres") + "Pooling=false;Timeout=10;"))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection) { CommandTimeout = 30 };
            await create.ExecuteNonQueryAsync();
        }

        return ConnectionString(name);
    }

    /// <summary>Fast shutdown (clients are disconnected, data is checkpointed), then the same cluster starts again on the same port.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAgainAsync();
    }

    /// <summary>Fast shutdown (SIGINT): open connections are ended, committed data stays. Returns once the postmaster has exited.</summary>
    public async Task StopAsync()
    {
        if (_postmaster is not { } postmaster)
        {
            return;
        }

        if (!postmaster.HasExited)
        {
            _ = Kill(postmaster.Id, SigInt);
            using var timeout = new CancellationTokenSource(StopTimeout);
            try
            {
                await postmaster.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                postmaster.Kill(entireProcessTree: true);
                throw new TimeoutException($"PostgreSQL did not stop within {StopTimeout} of a fast shutdown; it was killed.{LogText()}");
            }
        }

        postmaster.Dispose();
        _postmaster = null;
    }

    /// <summary>Starts the postmaster on the existing cluster (after <see cref="StopAsync"/>) and waits until it accepts connections.</summary>
    public async Task StartAgainAsync()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("PostgreSQL is running already.");
        }

        lock (_logLock)
        {
            _log.Clear();
        }

        _postmaster = Run(
            "postgres",
            [
                "-D", DataDirectory,
                "-p", Port.ToString(CultureInfo.InvariantCulture),
                "-k", _directory,
                "-c", "listen_addresses=127.0.0.1",
                "-c", "max_connections=200",
                "-c", "shared_buffers=32MB",

                // A test cluster does not outlive the machine: skip the flushes that only an operating system crash needs.
                "-c", "fsync=off",
                "-c", "synchronous_commit=off",
                "-c", "full_page_writes=off",
            ]);
        _postmaster.OutputDataReceived += (_, e) => AddLog(e.Data);
        _postmaster.ErrorDataReceived += (_, e) => AddLog(e.Data);
        _postmaster.BeginOutputReadLine();
        _postmaster.BeginErrorReadLine();

        Exception? last = null;
        try
        {
            await Eventually.HoldsAsync(async () =>
            {
                if (_postmaster.HasExited)
                {
                    throw new InvalidOperationException($"PostgreSQL exited with code {_postmaster.ExitCode} while starting.{LogText()}");
                }

                try
                {
                    await using var connection = new NpgsqlConnection(ConnectionString("postgres") + "Pooling=false;Timeout=2;");
                    await connection.OpenAsync();
                    return true;
                }
                catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException)
                {
                    // Not listening yet, or "the database system is starting up".
                    last = ex;
                    return false;
                }
            }, "PostgreSQL to accept connections", StartTimeout);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message} ({last?.Message}){LogText()}", ex);
        }
    }

    /// <summary>Immediate shutdown (SIGQUIT, then SIGKILL), then the cluster's folder is deleted.</summary>
    public void Dispose()
    {
        if (_postmaster is { } postmaster)
        {
            if (!postmaster.HasExited)
            {
                _ = Kill(postmaster.Id, SigQuit);
                if (!postmaster.WaitForExit(StopTimeout))
                {
                    postmaster.Kill(entireProcessTree: true);
                    postmaster.WaitForExit(StopTimeout);
                }
            }

            postmaster.Dispose();
            _postmaster = null;
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A backend still closing its files; the test script's exit trap removes the servers folder.
        }
    }

    private async Task InitAsync()
    {
        using var initdb = Run(
            "initdb",
            ["-D", DataDirectory, "-A", "trust", "-U", User, "--no-sync", "-E", "UTF8", "--locale=C"]);
        var output = initdb.StandardOutput.ReadToEndAsync();
        var error = initdb.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(InitTimeout);
        try
        {
            await initdb.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            initdb.Kill(entireProcessTree: true);
            throw new TimeoutException($"initdb did not finish within {InitTimeout}.");
        }

        if (initdb.ExitCode != 0)
        {
            throw new InvalidOperationException($"initdb failed with code {initdb.ExitCode}:\n{await output}\n{await error}");
        }
    }

    /// <summary>Starts one of the server's programs, as the postgres user when we are root.</summary>
    private Process Run(string program, IEnumerable<string> arguments)
    {
        var path = Path.Combine(_binDirectory, program);
        var start = _asRoot
            ? new ProcessStartInfo("setpriv", ["--reuid", User, "--regid", User, "--init-groups", "--", path, .. arguments])
            : new ProcessStartInfo(path, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.WorkingDirectory = _directory;
        return Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
    }

    private void AddLog(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_logLock)
        {
            _log.Enqueue(line);
            if (_log.Count > MaxLogLines)
            {
                _log.Dequeue();
            }
        }
    }

    private string LogText()
    {
        lock (_logLock)
        {
            return _log.Count == 0 ? " The server wrote no log." : "\nServer log:\n" + string.Join('\n', _log);
        }
    }

    /// <summary>The newest installed major version's binaries (Debian installs each under /usr/lib/postgresql/&lt;major&gt;/bin).</summary>
    private static string FindBinDirectory()
    {
        const string Root = "/usr/lib/postgresql";
        var newest = Directory.Exists(Root)
            ? Directory.EnumerateDirectories(Root)
                .Select(d => (Directory: d, Major: int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var major) ? major : -1))
                .Where(v => v.Major >= 0 && File.Exists(Path.Combine(v.Directory, "bin", "postgres")) && File.Exists(Path.Combine(v.Directory, "bin", "initdb")))
                .OrderByDescending(v => v.Major)
                .Select(v => Path.Combine(v.Directory, "bin"))
                .FirstOrDefault()
            : null;
        return newest ?? throw new InvalidOperationException("PostgreSQL is missing: run scripts/test.sh, which installs it.");
    }

    /// <summary>
    /// A fresh folder for the cluster, owned by the postgres user when we are root. Falls back to the system temp folder
    /// when the postgres user cannot reach the configured one (a checkout under a folder closed to other users).
    /// </summary>
    private static async Task<string> CreateDirectoryAsync(bool asRoot)
    {
        var configured = Environment.GetEnvironmentVariable(ServersDirectoryVariable);
        var parents = string.IsNullOrEmpty(configured) ? [Path.GetTempPath()] : new[] { configured, Path.GetTempPath() };
        foreach (var parent in parents)
        {
            Directory.CreateDirectory(parent);
            var directory = Path.Combine(parent, "postgres-" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray().AsSpan(0, 4)));
            Directory.CreateDirectory(directory);
            if (!asRoot)
            {
                return directory;
            }

            if (await RunQuietlyAsync("chown", [$"{User}:{User}", directory]) != 0)
            {
                Directory.Delete(directory);
                throw new InvalidOperationException($"Could not give {directory} to the '{User}' user: is the postgresql package installed? Run scripts/test.sh, which installs it.");
            }

            if (await RunQuietlyAsync("setpriv", ["--reuid", User, "--regid", User, "--init-groups", "--", "test", "-w", directory]) == 0)
            {
                return directory;
            }

            Directory.Delete(directory);
        }

        throw new InvalidOperationException($"The '{User}' user cannot write to a folder under {string.Join(" or ", parents)}.");
    }

    private static async Task<int> RunQuietlyAsync(string program, IEnumerable<string> arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException($"{program} did not start.");
        var drain = Task.WhenAll(process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        using var timeout = new CancellationTokenSource(StopTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} did not finish within {StopTimeout}.");
        }

        await drain;
        return process.ExitCode;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    [GeneratedRegex("^[a-z][a-z0-9_]{0,62}$")]
    private static partial Regex DatabaseName();
}
