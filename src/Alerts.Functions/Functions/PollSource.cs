using Alerts.Core.Configuration;
using Alerts.Core.Pipeline;
using Microsoft.Azure.Functions.Worker;

namespace Alerts.Functions.Functions;

/// <summary>Queue: Fetches one source and queues each new statement by a watched official. Exceptions propagate so the host retries and then poisons.</summary>
public sealed class PollSource(QueueMessageHandler handler)
{
    [Function(nameof(PollSource))]
    public Task Run(
        [QueueTrigger(AlertsNames.Queues.PollRequests, Connection = AlertsNames.Settings.Storage)] string message,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return handler.HandleAsync(AlertsNames.Queues.PollRequests, message, QueueMessageContext.MessageId(context), cancellationToken);
    }
}
