using Alerts.Core.Delivery;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Alerts.Functions.Functions;

/// <summary>
/// Timer (<c>ReconcileSchedule</c>, <c>0 */15 * * * *</c> in Azure): settles deliveries left at Sending past
/// their lease from SendGrid's record of them, without ever sending (see <see cref="DeliveryReconciler"/>).
/// </summary>
public sealed class ReconcileDeliveries(DeliveryReconciler reconciler, ILogger<ReconcileDeliveries> logger)
{
    [Function(nameof(ReconcileDeliveries))]
    public async Task Run([TimerTrigger("%ReconcileSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        var result = await reconciler.ReconcileAsync(cancellationToken);
        logger.LogStaleDeliveriesReconciled(result.Sent, result.Released, result.Unknown, result.Skipped);
    }
}
