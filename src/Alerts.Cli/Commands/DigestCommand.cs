using System.CommandLine;
using Alerts.Core.Delivery;
using Microsoft.Extensions.DependencyInjection;

namespace Alerts.Cli.Commands;

/// <summary><c>digest</c>: runs what the <c>SendDailyDigest</c> timer runs (<see cref="DailyDigest"/>), now (idempotent per subscriber and UTC day).</summary>
internal sealed class DigestCommand(StorageOpener? open = null) : ICliCommand
{
    private readonly StorageOpener _open = open ?? StorageCommandContext.OpenAsync;

    public Command Create(CliConsole console)
    {
        var connection = StorageCommandContext.ConnectionOption();
        var command = new Command("digest", "Send today's daily digests now (as the timer would)") { connection };
        StorageCommandContext.SetAction(command, connection, _open, async (_, services, ct) =>
        {
            var (result, purged) = await services.GetRequiredService<DailyDigest>().RunAsync(ct);
            await console.Out.WriteLineAsync($"Digests: {result.Sent} sent, {result.Empty} with nothing to send, {result.AlreadyDone} already sent today, {result.Failed} failed, {result.Retry} to retry. {purged} unconfirmed subscription(s) removed.");
            return result.Failed > 0 ? 1 : 0;
        });
        return command;
    }
}
