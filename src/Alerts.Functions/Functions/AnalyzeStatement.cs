using Alerts.Core.Configuration;
using Alerts.Core.Pipeline;
using Microsoft.Azure.Functions.Worker;

namespace Alerts.Functions.Functions;

/// <summary>Queue: Judges a statement, stores it once, and queues one delivery per matching subscriber. Exceptions propagate so the host retries and then poisons.</summary>
public sealed class AnalyzeStatement(QueueMessageHandler handler)
{
    [Function(nameof(AnalyzeStatement))]
    public Task Run(
        [QueueTrigger(AlertsNames.Queues.Statements, Connection = AlertsNames.Settings.Storage)] string message,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return handler.HandleAsync(AlertsNames.Queues.Statements, message, QueueMessageContext.MessageId(context), cancellationToken);
    }
}
