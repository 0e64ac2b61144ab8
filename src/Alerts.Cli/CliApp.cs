using Alerts.Cli.Commands;

namespace Alerts.Cli;

/// <summary>Dispatches the first argument to a command; every command calls the same services the functions use.</summary>
internal sealed class CliApp(IReadOnlyList<ICliCommand> commands)
{
    public static CliApp CreateDefault() => new(CliCommands.All());

    public async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            await PrintHelpAsync(console.Out);
            return args.Length == 0 ? 2 : 0;
        }

        var command = commands.FirstOrDefault(c => string.Equals(c.Name, args[0], StringComparison.OrdinalIgnoreCase));
        if (command is null)
        {
            await console.Error.WriteLineAsync($"alerts: unknown command '{args[0]}'. Run 'alerts help' for the list.");
            return 2;
        }

        return await command.RunAsync(args.Skip(1).ToArray(), console, cancellationToken);
    }

    private async Task PrintHelpAsync(TextWriter output)
    {
        await output.WriteLineAsync("usage: dotnet run --project src/Alerts.Cli -- <command> [options]");
        await output.WriteLineAsync();
        foreach (var command in commands)
        {
            await output.WriteLineAsync($"  {command.Usage}");
        }
    }
}
