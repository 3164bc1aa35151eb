namespace LeadRouting.Tests;

/// <summary>The repository's root folder (the one holding <c>LeadRouting.sln</c>), found above the test output.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "LeadRouting.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("LeadRouting.sln not found above the test output.");
    }
}
