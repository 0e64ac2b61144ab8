using System.Diagnostics;
using System.Text;

namespace Alerts.Infrastructure.Tests.Support;

/// <summary>Runs the Bicep CLI restored from the Azure.Bicep.CommandLine.linux-x64 package.</summary>
public static class BicepCli
{
    /// <summary>
    /// Values for the environment variables the .bicepparam files read for secrets. Placeholders:
    /// the tests only compile, they never deploy.
    /// </summary>
    public static IReadOnlyDictionary<string, string> PlaceholderEnvironment { get; } = new Dictionary<string, string>
    {
        ["SENDGRID_API_KEY"] = "placeholder-sendgrid-api-key",
        ["TOKENS_SIGNING_KEY"] = "placeholder-token-signing-key-of-at-least-32-characters",
    };

    private static readonly Lazy<string> Executable = new(FindExecutable);

    public static string Path => Executable.Value;

    public static BicepResult Run(params string[] arguments) => RunIn(Repository.Root, arguments);

    public static BicepResult RunIn(string workingDirectory, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(Path)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in PlaceholderEnvironment)
        {
            startInfo.Environment[name] = value;
        }

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start {Path}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish within 3 minutes.");
        }

        return new BicepResult(string.Join(' ', arguments), process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    private static string FindExecutable()
    {
        var path = Repository.Metadata("BicepCliPath");
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            throw new FileNotFoundException(
                $"The Bicep CLI was not found at '{path}'. It comes from the Azure.Bicep.CommandLine.linux-x64 "
                + "package (tools/bicep), restored by 'dotnet restore' of this project; the package only runs on linux-x64.");
        }

        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            if ((mode & UnixFileMode.UserExecute) == 0)
            {
                File.SetUnixFileMode(path, mode | execute);
            }
        }

        return path;
    }
}

/// <summary>What one Bicep CLI run printed and returned.</summary>
public sealed record BicepResult(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Diagnostic lines (errors, warnings, infos) the CLI printed.</summary>
    public IReadOnlyList<string> Diagnostics =>
        [.. StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    public bool IsClean => ExitCode == 0 && Diagnostics.Count == 0;

    public string Describe() =>
        $"bicep {Command} exited with {ExitCode}.{Environment.NewLine}"
        + $"stderr:{Environment.NewLine}{StandardError}{Environment.NewLine}"
        + $"stdout (first 2000 chars):{Environment.NewLine}{StandardOutput[..Math.Min(2000, StandardOutput.Length)]}";
}
