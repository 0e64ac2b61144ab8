using Alerts.Core.Configuration;
using Alerts.Core.Delivery;
using Alerts.Core.Sources;
using Alerts.Core.Statements;
using Alerts.Core.Storage;
using Alerts.Core.Telemetry;
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
    AlertsMetrics metrics,
    ILogger<QueueMessageHandler> logger)
{
    public async Task HandleAsync(string queue, string messageText, string messageId, CancellationToken cancellationToken)
    {
        switch (queue)
        {
            case AlertsNames.Queues.PollRequests when Read<PollRequest>(queue, messageText, messageId) is { } poll:
                using (logger.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = poll.CorrelationId }))
                {
                    var polled = await poller.PollAsync(poll, cancellationToken);
                    metrics.SourcesPolled.Add(1, new KeyValuePair<string, object?>("outcome", polled.Status.ToString()));
                }

                return;
            case AlertsNames.Queues.Statements when Read<StatementCandidate>(queue, messageText, messageId) is { } candidate:
                using (logger.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = candidate.CorrelationId }))
                {
                    var processed = await processor.ProcessAsync(candidate, cancellationToken);
                    if (processed.Added)
                    {
                        metrics.StatementsFound.Add(1);
                        if (processed.Statement.Analysis.Threat)
                        {
                            metrics.Threats.Add(1, new KeyValuePair<string, object?>("level", processed.Statement.Analysis.Level.ToString()));
                        }
                    }
                }

                return;
            case AlertsNames.Queues.Deliveries when Read<DeliveryRequest>(queue, messageText, messageId) is { } delivery:
                using (logger.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = delivery.CorrelationId }))
                {
                    var delivered = await deliverer.DeliverAsync(delivery, messageId, cancellationToken);
                    if (delivered.Kind == DeliveryOutcomeKind.Sent)
                    {
                        metrics.EmailsSent.Add(1);
                    }
                    else if (delivered.Kind == DeliveryOutcomeKind.Failed)
                    {
                        metrics.DeliveryFailures.Add(1);
                    }
                }

                return;
            case AlertsNames.Queues.PollRequests or AlertsNames.Queues.Statements or AlertsNames.Queues.Deliveries:
                await queues.SendToPoisonAsync(queue, messageText, cancellationToken);
                metrics.Poisoned.Add(1, new KeyValuePair<string, object?>("queue", queue));
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

        logger.LogUnreadableMessagePoisoned(messageId, queue, AlertsNames.Queues.PoisonOf(queue), reason);
        return null;
    }
}
