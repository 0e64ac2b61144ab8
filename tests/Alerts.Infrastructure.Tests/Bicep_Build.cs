using Alerts.Infrastructure.Tests.Support;

namespace Alerts.Infrastructure.Tests;

/// <summary><c>bicep build</c> and <c>bicep build-params</c> must succeed with no diagnostic at all.</summary>
public sealed class Bicep_Build
{
    public static TheoryData<string> ParameterFiles => [.. Repository.ParameterFiles];

    [Fact]
    public void MainTemplateBuildsWithNoErrorOrWarning()
    {
        var build = CompiledMain.Build;

        Assert.True(build.IsClean, build.Describe());
    }

    [Fact]
    public void ThereIsAParameterFileForAzdAndOnePerEnvironment()
    {
        Assert.Contains(Path.Combine("infra", "main.bicepparam"), Repository.ParameterFiles);
        Assert.True(
            Repository.ParameterFiles.Count(file => file.StartsWith(Path.Combine("infra", "env"), StringComparison.Ordinal)) >= 2,
            $"Expected at least two environment parameter files under infra/env, found: {string.Join(", ", Repository.ParameterFiles)}");
    }

    [Theory]
    [MemberData(nameof(ParameterFiles))]
    public void ParameterFileBuildsWithNoErrorOrWarning(string parameterFile)
    {
        var build = BicepCli.Run("build-params", parameterFile, "--stdout");

        Assert.True(build.IsClean, build.Describe());
        Assert.Contains("\"parametersJson\"", build.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void CliIsTheVersionPinnedInDirectoryPackagesProps()
    {
        var version = BicepCli.Run("--version");

        Assert.True(version.ExitCode == 0, version.Describe());
        Assert.Contains("0.49.2", version.StandardOutput, StringComparison.Ordinal);
    }
}
