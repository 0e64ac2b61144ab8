using Alerts.Core.Configuration;
using Alerts.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Alerts.Core.Pipeline;

/// <summary>
/// Moves messages from <c>queue-poison</c> back to <c>queue</c> after a fix. Each message is sent before
/// it is deleted, so a crash part-way leaves a duplicate (which every stage absorbs), never a loss.
/// </summary>
public sealed class PoisonReplayer(StorageClients clients, ILogger<PoisonReplayer> logger)
{
    public async Task<int> ReplayAsync(string queue, int max, CancellationToken cancellationToken)
    {
        if (!AlertsNames.Queues.All.Contains(queue))
        {
            throw new ArgumentException($"Unknown queue '{queue}'; one of: {string.Join(", ", AlertsNames.Queues.All)}.", nameof(queue));
        }

        var poison = clients.Queue(AlertsNames.Queues.PoisonOf(queue));
        var target = clients.Queue(queue);
        var moved = 0;
        while (moved < max)
        {
            var batch = (await poison.ReceiveMessagesAsync(Math.Min(32, max - moved), TimeSpan.FromMinutes(1), cancellationToken)).Value;
            if (batch.Length == 0)
            {
                break;
            }

            foreach (var message in batch)
            {
                await target.SendMessageAsync(message.MessageText, cancellationToken);
                await poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                moved++;
            }
        }

        logger.LogPoisonReplayed(moved, poison.Name, queue);
        return moved;
    }
}
