using System.Text.Json;

namespace Alerts.Infrastructure.Tests.Support;

/// <summary>infra/main.bicep compiled once per test run with <c>bicep build --stdout</c>.</summary>
public static class CompiledMain
{
    private static readonly Lazy<(BicepResult Build, ArmTemplate? Template)> Compiled = new(Compile);

    /// <summary>The build run itself, for the tests that check its diagnostics.</summary>
    public static BicepResult Build => Compiled.Value.Build;

    /// <summary>The compiled template; a failed build fails the caller with the CLI's output.</summary>
    public static ArmTemplate Template
    {
        get
        {
            var (build, template) = Compiled.Value;
            Assert.True(template is not null, build.Describe());
            return template;
        }
    }

    public static ArmTemplate Module(string name) => Template.Module(name);

    private static (BicepResult, ArmTemplate?) Compile()
    {
        var build = BicepCli.Run("build", Path.Combine("infra", "main.bicep"), "--stdout");
        if (build.ExitCode != 0)
        {
            return (build, null);
        }

        using var document = JsonDocument.Parse(build.StandardOutput);
        return (build, new ArmTemplate("main", document.RootElement.Clone()));
    }
}
