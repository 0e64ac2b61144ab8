using Alerts.Core.Delivery;
using Microsoft.Azure.Functions.Worker;

namespace Alerts.Functions.Functions;

/// <summary>
/// Timer (<c>DigestSchedule</c>, e.g. <c>0 0 7 * * *</c>): the <see cref="DailyDigest"/> run (one digest email
/// per subscriber with something to read, idempotent per (subscriber, UTC day); then subscriptions never
/// confirmed in 7 days and sign-up rate-limit counters of ended windows are removed). The CLI's <c>digest</c>
/// runs the same. A missed run is caught up by the next one (each digest covers the time since the subscriber's last).
/// </summary>
public sealed class SendDailyDigest(DailyDigest digest)
{
    [Function(nameof(SendDailyDigest))]
    public async Task Run([TimerTrigger("%DigestSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        await digest.RunAsync(cancellationToken);
    }
}
