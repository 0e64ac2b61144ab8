using System.Reflection;
using Alerts.Local;

namespace Alerts.Infrastructure.Tests.Support;

/// <summary>Paths in the repository, found from the build-time metadata of this assembly.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Infra => Path.Combine(Root, "infra");

    public static string MainTemplate => Path.Combine(Infra, "main.bicep");

    /// <summary>Every .bicepparam file under infra/, as paths relative to the repository root.</summary>
    public static IReadOnlyList<string> ParameterFiles { get; } =
        [.. Directory.EnumerateFiles(Path.Combine(FindRoot(), "infra"), "*.bicepparam", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(FindRoot(), path))
            .Order(StringComparer.Ordinal)];

    internal static string? Metadata(string key) =>
        typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == key)?.Value;

    private static string FindRoot()
    {
        var fromBuild = Metadata("RepositoryRoot");
        if (!string.IsNullOrEmpty(fromBuild) && File.Exists(Path.Combine(fromBuild, "Alerts.sln")))
        {
            return fromBuild;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Alerts.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find the repository root (no Alerts.sln above the test assembly).");
    }
}
