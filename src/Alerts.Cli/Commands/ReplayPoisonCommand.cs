using System.CommandLine;
using Alerts.Core.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Alerts.Cli.Commands;

/// <summary><c>replay-poison QUEUE [--max N] [--connection CONN]</c>: poison messages back onto their queue after a fix.</summary>
internal sealed class ReplayPoisonCommand(StorageOpener? open = null) : ICliCommand
{
    private readonly StorageOpener _open = open ?? StorageCommandContext.OpenAsync;

    public Command Create(CliConsole console)
    {
        var queue = new Argument<string>("QUEUE") { Description = "The queue: poll-requests, statements or deliveries" };
        var max = new Option<int>("--max")
        {
            Description = "Move at most this many messages (default: all)",
            HelpName = "N",
            DefaultValueFactory = _ => int.MaxValue,
            CustomParser = OptionValues.WholeNumber(1, int.MaxValue, "--max takes a positive whole number."),
        };
        var connection = StorageCommandContext.ConnectionOption();
        var command = new Command("replay-poison", "Move QUEUE-poison messages back to QUEUE") { queue, max, connection };
        command.SetAction(async (result, ct) =>
        {
            var name = result.GetRequiredValue(queue);
            try
            {
                await using var context = await _open(result.GetValue(connection), ct);
                var moved = await context.Services.GetRequiredService<PoisonReplayer>().ReplayAsync(name, result.GetValue(max), ct);
                await console.Out.WriteLineAsync($"Moved {moved} message(s) from {name}-poison to {name}.");
                return 0;
            }
            catch (ArgumentException ex)
            {
                await console.Error.WriteLineAsync($"replay-poison: {ex.Message}");
                return CliApp.UsageError;
            }
        });
        return command;
    }
}
