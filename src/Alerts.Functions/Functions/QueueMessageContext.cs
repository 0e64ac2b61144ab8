using Microsoft.Azure.Functions.Worker;

namespace Alerts.Functions.Functions;

internal static class QueueMessageContext
{
    /// <summary>The queue message id from the trigger's binding data; the delivery ledger uses it to recognise a redelivery.</summary>
    public static string MessageId(FunctionContext context) =>
        context.BindingContext.BindingData.TryGetValue("Id", out var id) && id?.ToString() is { Length: > 0 } value
            ? value.Trim('"')
            : context.InvocationId;
}
