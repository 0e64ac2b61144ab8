using Alerts.Core.Configuration;
using Alerts.Core.Pipeline;
using Microsoft.Azure.Functions.Worker;

namespace Alerts.Functions.Functions;

/// <summary>Queue: Renders and sends one alert to one subscriber, at most once (delivery ledger). Exceptions propagate so the host retries and then poisons.</summary>
public sealed class DeliverAlert(QueueMessageHandler handler)
{
    [Function(nameof(DeliverAlert))]
    public Task Run(
        [QueueTrigger(AlertsNames.Queues.Deliveries, Connection = AlertsNames.Settings.Storage)] string message,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return handler.HandleAsync(AlertsNames.Queues.Deliveries, message, QueueMessageContext.MessageId(context), cancellationToken);
    }
}
