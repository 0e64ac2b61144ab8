using Alerts.Core.Storage;

namespace Alerts.Core.Delivery;

/// <summary>The <c>deliveries</c> queue message: send this statement's alert to this subscriber.</summary>
public sealed record DeliveryRequest(string StatementId, string SubscriptionId, string CorrelationId) : IValidatableMessage
{
    public string? Validate() =>
        !TableKeys.IsValid(StatementId) ? "statementId is missing or not a valid key"
        : !TableKeys.IsValid(SubscriptionId) ? "subscriptionId is missing or not a valid key"
        : null;
}
