using Alerts.Core.Delivery;
using Microsoft.Extensions.DependencyInjection;

namespace Alerts.Cli.Commands;

/// <summary><c>digest</c>: runs what the <c>SendDailyDigest</c> timer runs (<see cref="DailyDigest"/>), now (idempotent per subscriber and UTC day).</summary>
internal sealed class DigestCommand : ICliCommand
{
    public string Name => "digest";

    public string Usage => "digest                                              send today's daily digests now (as the timer would)";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        await using var session = await StorageCommandContext.OpenAsync(StorageCommandContext.ConnectionOption(args), cancellationToken);
        var (result, purged) = await session.Services.GetRequiredService<DailyDigest>().RunAsync(cancellationToken);
        await console.Out.WriteLineAsync($"Digests: {result.Sent} sent, {result.Empty} with nothing to send, {result.AlreadyDone} already sent today, {result.Failed} failed, {result.Retry} to retry. {purged} unconfirmed subscription(s) removed.");
        return result.Failed > 0 ? 1 : 0;
    }
}
