using System.Text.Json;
using Alerts.Infrastructure.Tests.Support;

namespace Alerts.Infrastructure.Tests;

/// <summary><c>bicep lint</c> over every .bicep and .bicepparam file under infra/ must report nothing.</summary>
public sealed class Bicep_Lint
{
    [Fact]
    public void ReportsNoDiagnosticAnywhereUnderInfra()
    {
        var lint = BicepCli.Run("lint", "--pattern", "infra/**/*.bicep*");

        Assert.True(lint.IsClean, lint.Describe());
    }

    [Fact]
    public void LinterConfigurationLeavesNoRuleOffOrAtInfoLevel()
    {
        using var config = JsonDocument.Parse(
            File.ReadAllText(Path.Combine(Repository.Infra, "bicepconfig.json")),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var core = config.RootElement.GetProperty("analyzers").GetProperty("core");
        var rules = core.GetProperty("rules").EnumerateObject().ToList();

        Assert.True(core.GetProperty("enabled").GetBoolean(), "The core analyzer is disabled.");
        Assert.True(rules.Count >= 40, $"Only {rules.Count} rules are configured; list every core rule.");
        var weak = rules
            .Where(rule => rule.Value.GetProperty("level").GetString() is not ("warning" or "error"))
            .Select(rule => $"{rule.Name}={rule.Value.GetProperty("level").GetString()}")
            .ToList();
        Assert.True(weak.Count == 0, $"Rules below warning level: {string.Join(", ", weak)}");
    }

    [Fact]
    public void FlagsAnUnusedParameterWithTheRepositoryConfiguration()
    {
        // Proves a clean lint means something: the same CLI and bicepconfig.json do report a fault.
        var directory = Directory.CreateTempSubdirectory("alerts-bicep-lint-");
        try
        {
            File.Copy(Path.Combine(Repository.Infra, "bicepconfig.json"), Path.Combine(directory.FullName, "bicepconfig.json"));
            File.WriteAllText(
                Path.Combine(directory.FullName, "faulty.bicep"),
                "@description('Never used.')\nparam unused string\n");

            var lint = BicepCli.RunIn(directory.FullName, "lint", "faulty.bicep");

            Assert.False(lint.IsClean, lint.Describe());
            Assert.Contains(lint.Diagnostics, line => line.Contains("no-unused-params", StringComparison.Ordinal));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
