namespace Alerts.Local;

/// <summary>Finds the checkout root (the folder holding Alerts.sln) from the running binary or the working directory.</summary>
public static class RepositoryRoot
{
    public static string? TryFind(params string?[] startingPoints)
    {
        foreach (var start in startingPoints.Append(AppContext.BaseDirectory).Append(Directory.GetCurrentDirectory()))
        {
            for (var dir = start is null ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Alerts.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }

    public static string Find() =>
        TryFind() ?? throw new InvalidOperationException("Cannot find the Alerts checkout (the folder holding Alerts.sln) above the working directory.");
}
