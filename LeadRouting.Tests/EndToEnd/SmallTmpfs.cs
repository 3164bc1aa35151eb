using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace LeadRouting.Tests.EndToEnd;

/// <summary>
/// A small tmpfs mounted for one test, so the app's data folder really runs out of space (no fake file system).
/// Mounting needs root: CI runs as root, and anyone else gets a failing test that says why — never a silent pass.
/// Disposing unmounts it (lazily if something still holds a file there), so no mount outlives the test.
/// </summary>
internal sealed class SmallTmpfs : IDisposable
{
    private const string FillerPrefix = "filler-";

    /// <summary>
    /// The device name of this run's mounts: scripts/test.sh unmounts what a killed test host left mounted, and only its
    /// own run's (another checkout's test run on the same machine may have a disk-full test going at that moment).
    /// </summary>
    public static readonly string DeviceName = "leadrouting-test-" + (Environment.GetEnvironmentVariable("LEADROUTING_TEST_RUN") ?? "manual");

    private readonly long _capacity;
    private int _fillers;

    private SmallTmpfs(string path, long capacity) => (Path, _capacity) = (path, capacity);

    /// <summary>The mount point: an empty folder of <c>megabytes</c> MiB.</summary>
    public string Path { get; }

    /// <summary>Bytes still free on the mount.</summary>
    public long FreeBytes => new DriveInfo(Path).AvailableFreeSpace;

    public static SmallTmpfs Mount(int megabytes)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            throw new InvalidOperationException(
                "This test runs the app on a full disk: it mounts a small tmpfs and so needs root (CI runs as root). " +
                "Run it as root, e.g. `sudo dotnet test LeadRouting.Tests --filter DiskFull`.");
        }

        var path = Directory.CreateTempSubdirectory("leadrouting-tmpfs-").FullName;
        try
        {
            Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m,mode=0700", DeviceName, path);
        }
        catch
        {
            Directory.Delete(path);
            throw;
        }

        var tmpfs = new SmallTmpfs(path, megabytes * (1L << 20));
        tmpfs.EnsureMounted();
        return tmpfs;
    }

    /// <summary>
    /// Fails unless the folder is still this small tmpfs. Filling a folder whose mount is gone fills the machine's real
    /// disk: seen once, when another test run's clean-up unmounted every test tmpfs and a filler wrote 67 GB to /tmp.
    /// </summary>
    private void EnsureMounted()
    {
        var mounted = File.ReadLines("/proc/mounts")
            .Select(line => line.Split(' '))
            .Any(fields => fields.Length > 2 && fields[0] == DeviceName && fields[1] == Path && fields[2] == "tmpfs");
        if (!mounted)
        {
            throw new InvalidOperationException($"{Path} is no longer the {_capacity >> 20} MiB tmpfs of this test (unmounted from outside?); nothing is written there.");
        }
    }

    /// <summary>
    /// Writes a new filler file until the file system refuses another byte. Called again, it takes what was given back
    /// since (a rolled-back write's journal, say) without first freeing what the earlier fillers hold.
    /// </summary>
    public void Fill()
    {
        EnsureMounted();
        var name = System.IO.Path.Combine(Path, FillerPrefix + Interlocked.Increment(ref _fillers).ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var filler = new FileStream(name, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
        // Counted per call: one call can never write more than the mount holds. (Counted across calls it can, rightly:
        // the app gives space back between fills — a rolled-back journal, a checkpointed WAL — and a later call takes it.)
        long written = 0;
        foreach (var chunk in new[] { 1 << 20, 4096 })
        {
            var zeros = new byte[chunk];
            try
            {
                while (true)
                {
                    // Never more than the mount can hold: if it vanished after the check above, stop at its size.
                    if (written + chunk > _capacity)
                    {
                        EnsureMounted();
                        throw new InvalidOperationException($"{Path} took more than its {_capacity >> 20} MiB in one fill; it is not the test's tmpfs.");
                    }

                    filler.Write(zeros);
                    written += chunk;
                }
            }
            catch (IOException)
            {
                // No space left for a chunk this size: go on with smaller ones, then stop.
            }
        }
    }

    /// <summary>Gives every filler's space back.</summary>
    public void Free()
    {
        foreach (var filler in Directory.EnumerateFiles(Path, FillerPrefix + "*"))
        {
            File.Delete(filler);
        }

    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (!TryRun("umount", Path))
        {
            // Something still holds a file there: detach it now, the kernel frees it when the last file closes.
            Run("umount", "--lazy", Path);
        }

        Directory.Delete(Path);
    }

    private static void Run(string command, params string[] arguments)
    {
        if (!TryRun(command, arguments, out var error))
        {
            throw new InvalidOperationException($"{command} {string.Join(' ', arguments)} failed: {error}");
        }
    }

    private static bool TryRun(string command, params string[] arguments) => TryRun(command, arguments, out _);

    private static bool TryRun(string command, string[] arguments, out string error)
    {
        using var process = Process.Start(new ProcessStartInfo(command, arguments)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException($"{command} did not start.");
        error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0;
    }
}
