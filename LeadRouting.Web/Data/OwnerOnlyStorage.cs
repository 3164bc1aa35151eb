using Microsoft.Data.Sqlite;

namespace LeadRouting.Web.Data;

/// <summary>
/// The data folder holds every lead, the password hashes, the API key hashes and (in <c>keys/</c>) the Data Protection
/// key ring that decrypts webhook secrets, so on Unix only the account the app runs as may read it: folders the app
/// creates are 0700 and its SQLite files 0600 (README "Production start and secrets at rest"). On Windows the folder
/// inherits its parent's ACL; nothing is changed there.
/// </summary>
public static class OwnerOnlyStorage
{
    public const UnixFileMode OwnerFolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode OwnerFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode GroupOrOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>
    /// Creates <paramref name="path"/> (and missing parents) as 0700. A folder that exists keeps its mode: an operator
    /// may have chosen it (a backup group); <see cref="IsOpenToOthers"/> lets the start-up check warn about it.
    /// </summary>
    public static void CreateFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        Directory.CreateDirectory(path, OwnerFolderMode);
    }

    /// <summary>
    /// Makes the SQLite database of <paramref name="connectionString"/> owner-only before SQLite opens it: a missing
    /// file is created empty as 0600 (SQLite takes an empty file for an empty database), an existing one and its
    /// <c>-wal</c>, <c>-shm</c> and <c>-journal</c> files are set to 0600. SQLite creates those companion files with the
    /// main file's mode, so they stay 0600 from then on.
    /// </summary>
    public static void PrepareSqliteFile(string connectionString)
    {
        if (OperatingSystem.IsWindows() || SqliteFile(connectionString) is not { } path)
        {
            return;
        }

        if (!File.Exists(path))
        {
            try
            {
                using var created = new FileStream(path, new FileStreamOptions
                {
                    Mode = FileMode.CreateNew,
                    Access = FileAccess.Write,
                    Share = FileShare.ReadWrite,
                    UnixCreateMode = OwnerFileMode,
                });
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process (an instance starting beside this one) created it first; its mode is set below.
            }
        }

        foreach (var file in new[] { path, path + "-wal", path + "-shm", path + "-journal" }.Where(File.Exists))
        {
            File.SetUnixFileMode(file, OwnerFileMode);
        }
    }

    /// <summary>The database file of a SQLite connection string; null for an in-memory database.</summary>
    public static string? SqliteFile(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var path = builder.DataSource;
        return builder.Mode == SqliteOpenMode.Memory || string.IsNullOrEmpty(path) || path == ":memory:" ? null : path;
    }

    /// <summary>Whether group or others have any permission on <paramref name="path"/> (always false on Windows).</summary>
    public static bool IsOpenToOthers(string path, out UnixFileMode mode)
    {
        mode = default;
        if (OperatingSystem.IsWindows() || !Directory.Exists(path))
        {
            return false;
        }

        mode = File.GetUnixFileMode(path);
        return (mode & GroupOrOthers) != 0;
    }
}
