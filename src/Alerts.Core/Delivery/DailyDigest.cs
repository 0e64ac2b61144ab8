using Alerts.Core.Subscriptions;
using Microsoft.Extensions.Logging;

namespace Alerts.Core.Delivery;

/// <summary>
/// The daily digest run, as the <c>SendDailyDigest</c> timer and the CLI's <c>digest</c> both run it:
/// one digest email per subscriber with something to read (idempotent per subscriber and UTC day), then
/// the housekeeping that rides on it: subscriptions never confirmed in 7 days and the sign-up rate-limit
/// counters of ended windows are removed.
/// </summary>
public sealed class DailyDigest(DigestSender digests, SubscriptionService subscriptions, SubscribeRateLimiter limiter, ILogger<DailyDigest> logger)
{
    /// <summary>The ledger owner of the run's claims, whichever host starts it.</summary>
    public const string Owner = "SendDailyDigest";

    public async Task<DailyDigestResult> RunAsync(CancellationToken cancellationToken)
    {
        var sent = await digests.SendAsync(Owner, cancellationToken);
        var purged = await subscriptions.PurgeUnconfirmedAsync(cancellationToken);
        await limiter.PurgeExpiredAsync(cancellationToken);
        logger.LogDailyDigestRun(sent.Sent, sent.Empty, sent.AlreadyDone, sent.Failed, sent.Retry, purged);
        return new DailyDigestResult(sent, purged);
    }
}

/// <summary>What the digests did, and how many unconfirmed subscriptions were removed after them.</summary>
public sealed record DailyDigestResult(DigestRunResult Digests, int PurgedUnconfirmed);
