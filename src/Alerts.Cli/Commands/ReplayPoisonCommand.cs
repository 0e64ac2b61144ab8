using Alerts.Core.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Alerts.Cli.Commands;

/// <summary><c>replay-poison QUEUE [--max N] [--connection CONN]</c>: poison messages back onto their queue after a fix.</summary>
internal sealed class ReplayPoisonCommand : ICliCommand
{
    public string Name => "replay-poison";

    public string Usage => "replay-poison QUEUE [--max N] [--connection CONN]  move QUEUE-poison messages back to QUEUE";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        if (args.Count == 0 || args[0].StartsWith('-'))
        {
            await console.Error.WriteLineAsync("replay-poison: name the queue (poll-requests, statements or deliveries).");
            return 2;
        }

        var max = int.MaxValue;
        var maxIndex = args.ToList().IndexOf("--max");
        if (maxIndex >= 0 && (maxIndex + 1 >= args.Count || !int.TryParse(args[maxIndex + 1], out max) || max < 1))
        {
            await console.Error.WriteLineAsync("replay-poison: --max takes a positive whole number.");
            return 2;
        }

        try
        {
            await using var context = await StorageCommandContext.OpenAsync(StorageCommandContext.ConnectionOption(args), cancellationToken);
            var moved = await context.Services.GetRequiredService<PoisonReplayer>().ReplayAsync(args[0], max, cancellationToken);
            await console.Out.WriteLineAsync($"Moved {moved} message(s) from {args[0]}-poison to {args[0]}.");
            return 0;
        }
        catch (ArgumentException ex)
        {
            await console.Error.WriteLineAsync($"replay-poison: {ex.Message}");
            return 2;
        }
    }
}
