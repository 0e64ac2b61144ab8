using Alerts.Core.Configuration;
using Alerts.Core.Pipeline;
using Alerts.Core.Storage;
using Azure;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;

namespace Alerts.Local.Pipeline;

/// <summary>
/// Drains the pipeline queues in-process the way the Functions host would (same handler, up to five
/// attempts, then the poison queue), so the CLI and tests run every stage without Core Tools.
/// </summary>
public sealed class LocalPipelineRunner(StorageClients clients, QueueWriter queues, QueueMessageHandler handler, ILogger<LocalPipelineRunner> logger)
{
    public const int MaxDequeueCount = 5;

    /// <summary>
    /// How long a received message stays hidden from other receivers; if this runner dies (or storage goes away)
    /// before it deletes or releases a message, the message comes back after this.
    /// </summary>
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Processes messages until every pipeline queue is empty; returns how many were handled.</summary>
    public async Task<int> DrainAsync(CancellationToken cancellationToken, int maxRounds = 1_000)
    {
        var handled = 0;
        for (var round = 0; round < maxRounds; round++)
        {
            var progressed = false;
            foreach (var queue in AlertsNames.Queues.All)
            {
                var count = await DrainQueueOnceAsync(queue, cancellationToken);
                handled += count;
                progressed |= count > 0;
            }

            if (!progressed)
            {
                return handled;
            }
        }

        return handled;
    }

    private async Task<int> DrainQueueOnceAsync(string queue, CancellationToken cancellationToken)
    {
        var client = clients.Queue(queue);
        QueueMessage[] batch = await client.ReceiveMessagesAsync(32, VisibilityTimeout, cancellationToken);
        await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (message, ct) =>
        {
            Exception? failure = null;
            try
            {
                await handler.HandleAsync(queue, message.MessageText, message.MessageId, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                failure = ex;
            }

            try
            {
                if (failure is null)
                {
                    await client.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct);
                }
                else if (message.DequeueCount >= MaxDequeueCount)
                {
                    logger.LogLocalMessagePoisoned(failure, message.MessageId, queue, message.DequeueCount);
                    await queues.SendToPoisonAsync(queue, message.MessageText, ct);
                    await client.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct);
                }
                else
                {
                    logger.LogLocalMessageFailed(message.MessageId, queue, message.DequeueCount, failure.Message);
                    await client.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: ct);
                }
            }
            catch (RequestFailedException ex) when (ex.ErrorCode is "MessageNotFound" or "PopReceiptMismatch")
            {
                // The pop receipt is stale: the visibility timeout ran out while the message was being handled and a
                // later receive took it (or it is gone). That run owns it now, as with the host; every stage is idempotent.
                logger.LogLocalMessageTakenOver(message.MessageId, queue, ex.ErrorCode);
            }
        });
        return batch.Length;
    }
}
