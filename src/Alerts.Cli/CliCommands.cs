using Alerts.Cli.Commands;

namespace Alerts.Cli;

/// <summary>The registry of commands, one line each, so parallel work adds commands without touching dispatch.</summary>
internal static class CliCommands
{
    public static IReadOnlyList<ICliCommand> All() =>
    [
        new ClassifyCommand(),
        new EvalCommand(),
    ];
}
