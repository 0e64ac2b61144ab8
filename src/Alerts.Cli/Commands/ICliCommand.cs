using System.CommandLine;

namespace Alerts.Cli.Commands;

/// <summary>
/// One CLI verb: its System.CommandLine definition (name, arguments, options, help text) with an action that
/// calls the core services. Output goes to the given console so tests can run commands in-process.
/// </summary>
internal interface ICliCommand
{
    Command Create(CliConsole console);
}

internal sealed record CliConsole(TextReader In, TextWriter Out, TextWriter Error)
{
    public static CliConsole System { get; } = new(global::System.Console.In, global::System.Console.Out, global::System.Console.Error);
}

internal static class CliCommandExtensions
{
    /// <summary>Runs one command on its own, as <c>alerts NAME ARGS...</c> would, with the same parsing, help and errors.</summary>
    public static Task<int> RunAsync(this ICliCommand command, IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken) =>
        new CliApp([command]).RunAsync([command.Create(console).Name, .. args], console, cancellationToken);
}
