using Alerts.Core.Delivery;
using Alerts.Core.Subscriptions;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Alerts.Functions.Functions;

/// <summary>
/// Timer (<c>DigestSchedule</c>, e.g. <c>0 0 7 * * *</c>): one digest email per subscriber with something
/// to read, idempotent per (subscriber, UTC day); then removes subscriptions never confirmed in 7 days
/// and sign-up rate-limit counters of ended windows.
/// A missed run is caught up by the next one (each digest covers the time since the subscriber's last).
/// </summary>
public sealed class SendDailyDigest(DigestSender digests, SubscriptionService subscriptions, SubscribeRateLimiter limiter, ILogger<SendDailyDigest> logger)
{
    [Function(nameof(SendDailyDigest))]
    public async Task Run([TimerTrigger("%DigestSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        var result = await digests.SendAsync(nameof(SendDailyDigest), cancellationToken);
        var purged = await subscriptions.PurgeUnconfirmedAsync(cancellationToken);
        await limiter.PurgeExpiredAsync(cancellationToken);
        logger.LogInformation(
            "Daily digest: {Sent} sent, {Empty} with nothing to send, {AlreadyDone} already sent, {Failed} failed, {Retry} to retry; {Purged} unconfirmed removed",
            result.Sent, result.Empty, result.AlreadyDone, result.Failed, result.Retry, purged);
    }
}
