using System.Globalization;
using Alerts.Core.Archive;
using Alerts.Core.Email;
using Alerts.Core.Statements;
using Alerts.Core.Subscriptions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alerts.Core.Delivery;

/// <summary>
/// The daily digest: one email per subscriber with something to read — digest subscribers get the
/// alerts their filters select since their last digest (at most <see cref="DeliveryOptions.MaxDigestCatchUpDays"/>),
/// immediate subscribers get the alerts the hourly cap held back. Nobody gets an email on a day with nothing.
/// Each (subscriber, UTC day) is a ledger row claimed before sending, so a rerun the same day sends nothing twice.
/// </summary>
public sealed class DigestSender(
    SubscriptionStore subscriptions,
    StatementStore statements,
    DeliveryLedger ledger,
    DeliveryCap cap,
    DigestEmailRenderer renderer,
    IEmailSender sender,
    AlertIndex archive,
    IOptions<DeliveryOptions> options,
    TimeProvider time,
    ILogger<DigestSender> logger)
{
    public static string DigestKey(DateOnly day) => "digest-" + day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    public async Task<DigestRunResult> SendAsync(string owner, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var day = DateOnly.FromDateTime(now.UtcDateTime);
        var key = DigestKey(day);
        var earliest = now.AddDays(-options.Value.MaxDigestCatchUpDays);
        var weeklyDue = now.UtcDateTime.DayOfWeek == options.Value.WeeklyDigestDay;
        var earliestWeekly = now.AddDays(-7 - options.Value.MaxDigestCatchUpDays);

        var recipients = (await subscriptions.FindDigestRecipientsAsync(cancellationToken)).ToDictionary(s => s.Id, StringComparer.Ordinal);
        foreach (var id in await cap.SubscribersWithFoldedAsync(cancellationToken))
        {
            if (!recipients.ContainsKey(id) && await subscriptions.GetAsync(id, cancellationToken) is { Status: SubscriptionStatus.Active } folded)
            {
                recipients[id] = folded;
            }
        }

        var recent = new List<StoredStatement>();
        await foreach (var statement in statements.ListAsync(weeklyDue ? earliestWeekly : earliest, cancellationToken))
        {
            if (statement.Analysis.Threat && statement.DetectedAt < now)
            {
                recent.Add(statement);
            }
        }

        var result = new DigestRunResult();
        foreach (var subscription in recipients.Values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (subscription.Mode == DeliveryMode.WeeklyDigest && !weeklyDue)
            {
                // Not their day: the alerts wait (folded ones too) until the weekly run.
                result.Empty++;
                continue;
            }

            var from = subscription.Mode switch
            {
                DeliveryMode.Digest => Max(subscription.LastDigestThrough ?? now.AddDays(-1), earliest),
                DeliveryMode.WeeklyDigest => Max(subscription.LastDigestThrough ?? now.AddDays(-7), earliestWeekly),
                _ => now,
            };
            var chosen = recent.Where(s => s.DetectedAt >= from && subscription.Wants(s)).ToDictionary(s => s.Id, StringComparer.Ordinal);
            var foldedIds = await cap.FoldedStatementsAsync(subscription.Id, cancellationToken);
            foreach (var id in foldedIds.Where(id => !chosen.ContainsKey(id)))
            {
                if (await statements.GetAsync(id, cancellationToken) is { } statement)
                {
                    chosen[id] = statement;
                }
            }

            if (chosen.Count == 0)
            {
                result.Empty++;
                continue;
            }

            var claim = await ledger.TryClaimAsync(key, subscription.Id, owner, cancellationToken);
            if (claim != ClaimOutcome.Claimed)
            {
                result.AlreadyDone++;
                continue;
            }

            var email = renderer.Render(day, [.. chosen.Values], subscription);
            var sent = await sender.SendAsync(email, cancellationToken);
            switch (sent.Status)
            {
                case EmailSendStatus.Sent:
                    await ledger.MarkSentAsync(key, subscription.Id, sent.MessageId, cancellationToken);
                    foreach (var statement in chosen.Values)
                    {
                        await archive.RecordAsync(subscription.Id, statement, cancellationToken);
                    }

                    await cap.ClearFoldedAsync(subscription.Id, foldedIds, cancellationToken);
                    await subscriptions.SetLastDigestThroughAsync(subscription.Id, now, cancellationToken);
                    logger.LogInformation("Digest {DigestKey} with {Count} alerts sent to {SubscriptionId} as {MessageId}", key, chosen.Count, subscription.Id, sent.MessageId);
                    result.Sent++;
                    break;
                case EmailSendStatus.Permanent:
                    await ledger.MarkFailedAsync(key, subscription.Id, sent.Error ?? "permanent failure", cancellationToken);
                    logger.LogError("Digest {DigestKey} to {SubscriptionId} failed for good: {Reason}", key, subscription.Id, sent.Error);
                    result.Failed++;
                    break;
                default:
                    // Released: the next tick (or a rerun) claims it and tries again.
                    await ledger.ReleaseAsync(key, subscription.Id, owner, sent.Error ?? "retryable", cancellationToken);
                    logger.LogWarning("Digest {DigestKey} to {SubscriptionId} not sent yet: {Reason}", key, subscription.Id, sent.Error);
                    result.Retry++;
                    break;
            }
        }

        return result;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}

public sealed class DigestRunResult
{
    public int Sent { get; set; }

    public int Empty { get; set; }

    public int AlreadyDone { get; set; }

    public int Failed { get; set; }

    public int Retry { get; set; }
}
