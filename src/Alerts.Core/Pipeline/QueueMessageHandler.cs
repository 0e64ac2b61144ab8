using Alerts.Core.Configuration;
using Alerts.Core.Delivery;
using Alerts.Core.Sources;
using Alerts.Core.Statements;
using Alerts.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Alerts.Core.Pipeline;

/// <summary>
/// Reads a raw queue message and hands it to its stage. A message that cannot be read goes straight to
/// the poison queue with the reason logged (retrying cannot help it); a stage failure propagates so the
/// queue retries and, after the last attempt, poisons it.
/// </summary>
public sealed class QueueMessageHandler(
    SourcePoller poller,
    StatementProcessor processor,
    AlertDeliverer deliverer,
    QueueWriter queues,
    ILogger<QueueMessageHandler> logger)
{
    public async Task HandleAsync(string queue, string messageText, string messageId, CancellationToken cancellationToken)
    {
        switch (queue)
        {
            case AlertsNames.Queues.PollRequests when Read<PollRequest>(queue, messageText, messageId) is { } poll:
                using (logger.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = poll.CorrelationId }))
                {
                    await poller.PollAsync(poll, cancellationToken);
                }

                return;
            case AlertsNames.Queues.Statements when Read<StatementCandidate>(queue, messageText, messageId) is { } candidate:
                using (logger.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = candidate.CorrelationId }))
                {
                    await processor.ProcessAsync(candidate, cancellationToken);
                }

                return;
            case AlertsNames.Queues.Deliveries when Read<DeliveryRequest>(queue, messageText, messageId) is { } delivery:
                using (logger.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = delivery.CorrelationId }))
                {
                    await deliverer.DeliverAsync(delivery, messageId, cancellationToken);
                }

                return;
            case AlertsNames.Queues.PollRequests or AlertsNames.Queues.Statements or AlertsNames.Queues.Deliveries:
                await queues.SendToPoisonAsync(queue, messageText, cancellationToken);
                return;
            default:
                throw new ArgumentException($"No handler for queue '{queue}'.", nameof(queue));
        }
    }

    private T? Read<T>(string queue, string text, string messageId)
        where T : class
    {
        if (QueueMessageJson.TryDeserialize<T>(text, out var message, out var reason))
        {
            return message;
        }

        logger.LogError("Unreadable message {MessageId} on {Queue} moved to {PoisonQueue}: {Reason}", messageId, queue, AlertsNames.Queues.PoisonOf(queue), reason);
        return null;
    }
}
