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
        var run = DigestRun.At(time.GetUtcNow(), options.Value);
        var recipients = await FindRecipientsAsync(cancellationToken);
        var recent = await LoadRecentThreatsAsync(run, cancellationToken);

        var result = new DigestRunResult();
        foreach (var subscription in recipients)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (subscription.Mode == DeliveryMode.WeeklyDigest && !run.WeeklyDue)
            {
                // Not their day: the alerts wait (folded ones too) until the weekly run.
                result.Empty++;
                continue;
            }

            var (chosen, foldedIds) = await ChooseAlertsAsync(run, subscription, recent, cancellationToken);
            if (chosen.Count == 0)
            {
                result.Empty++;
                continue;
            }

            var claim = await ledger.TryClaimAsync(run.Key, subscription.Id, owner, cancellationToken);
            if (claim != ClaimOutcome.Claimed)
            {
                result.AlreadyDone++;
                continue;
            }

            await SendDigestAsync(run, owner, subscription, chosen, foldedIds, result, cancellationToken);
        }

        return result;
    }

    /// <summary>Digest subscribers, plus any active subscriber the hourly cap held alerts back for.</summary>
    private async Task<IEnumerable<Subscription>> FindRecipientsAsync(CancellationToken cancellationToken)
    {
        var recipients = (await subscriptions.FindDigestRecipientsAsync(cancellationToken)).ToDictionary(s => s.Id, StringComparer.Ordinal);
        foreach (var id in await cap.SubscribersWithFoldedAsync(cancellationToken))
        {
            if (!recipients.ContainsKey(id) && await subscriptions.GetAsync(id, cancellationToken) is { Status: SubscriptionStatus.Active } folded)
            {
                recipients[id] = folded;
            }
        }

        return recipients.Values;
    }

    /// <summary>The threats detected inside the run's catch-up window (the weekly one on the weekly day).</summary>
    private async Task<List<StoredStatement>> LoadRecentThreatsAsync(DigestRun run, CancellationToken cancellationToken)
    {
        var recent = new List<StoredStatement>();
        await foreach (var statement in statements.ListAsync(run.WeeklyDue ? run.EarliestWeekly : run.Earliest, cancellationToken))
        {
            if (statement.Analysis.Threat && statement.DetectedAt < run.Now)
            {
                recent.Add(statement);
            }
        }

        return recent;
    }

    /// <summary>The alerts this subscriber's filters select since their last digest, plus those the cap folded.</summary>
    private async Task<(Dictionary<string, StoredStatement> Chosen, IReadOnlyList<string> FoldedIds)> ChooseAlertsAsync(
        DigestRun run, Subscription subscription, List<StoredStatement> recent, CancellationToken cancellationToken)
    {
        var from = subscription.Mode switch
        {
            DeliveryMode.Digest => Max(subscription.LastDigestThrough ?? run.Now.AddDays(-1), run.Earliest),
            DeliveryMode.WeeklyDigest => Max(subscription.LastDigestThrough ?? run.Now.AddDays(-7), run.EarliestWeekly),
            _ => run.Now,
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

        return (chosen, foldedIds);
    }

    /// <summary>Sends one claimed digest and settles its ledger row by the sender's answer.</summary>
    private async Task SendDigestAsync(
        DigestRun run, string owner, Subscription subscription, Dictionary<string, StoredStatement> chosen, IReadOnlyList<string> foldedIds, DigestRunResult result, CancellationToken cancellationToken)
    {
        var key = run.Key;
        var email = renderer.Render(run.Day, [.. chosen.Values], subscription);
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
                await subscriptions.SetLastDigestThroughAsync(subscription.Id, run.Now, cancellationToken);
                logger.LogDigestSent(key, chosen.Count, subscription.Id, sent.MessageId);
                result.Sent++;
                break;
            case EmailSendStatus.Permanent:
                await ledger.MarkFailedAsync(key, subscription.Id, sent.Error ?? "permanent failure", cancellationToken);
                logger.LogDigestFailed(key, subscription.Id, sent.Error);
                result.Failed++;
                break;
            default:
                // Released: the next tick (or a rerun) claims it and tries again.
                await ledger.ReleaseAsync(key, subscription.Id, owner, sent.Error ?? "retryable", cancellationToken);
                logger.LogDigestNotSentYet(key, subscription.Id, sent.Error);
                result.Retry++;
                break;
        }
    }

    /// <summary>One run's clock: its UTC day, ledger key and the earliest alerts a daily or weekly digest reaches back to.</summary>
    private sealed record DigestRun(DateTimeOffset Now, DateOnly Day, string Key, DateTimeOffset Earliest, DateTimeOffset EarliestWeekly, bool WeeklyDue)
    {
        public static DigestRun At(DateTimeOffset now, DeliveryOptions options)
        {
            var day = DateOnly.FromDateTime(now.UtcDateTime);
            return new DigestRun(
                now,
                day,
                DigestKey(day),
                now.AddDays(-options.MaxDigestCatchUpDays),
                now.AddDays(-7 - options.MaxDigestCatchUpDays),
                now.UtcDateTime.DayOfWeek == options.WeeklyDigestDay);
        }
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
