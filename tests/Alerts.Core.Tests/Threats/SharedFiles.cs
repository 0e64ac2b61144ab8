using Alerts.Local;

namespace Alerts.Core.Tests.Threats;

/// <summary>
/// Finds the repository root (the folder holding Alerts.sln) and the team's read-only <c>../shared</c>
/// folder next to it; tests that need shared files skip, rather than fail, where it is absent.
/// </summary>
internal static class SharedFiles
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string SeedArticlePath => Path.Combine(RepositoryRoot, "seeds", "khawaja-asif-taliban-warning.txt");

    public static string RequireShared(params string[] parts)
    {
        var path = Path.GetFullPath(Path.Combine([RepositoryRoot, "..", "shared", .. parts]));
        if (!File.Exists(path))
        {
            Assert.Skip($"Shared file '{path}' is not available on this machine.");
        }

        return path;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Alerts.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Alerts.sln not found above " + AppContext.BaseDirectory);
    }
}
