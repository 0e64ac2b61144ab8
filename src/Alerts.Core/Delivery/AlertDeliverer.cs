using Alerts.Core.Archive;
using Alerts.Core.Email;
using Alerts.Core.Statements;
using Alerts.Core.Subscriptions;
using Microsoft.Extensions.Logging;

namespace Alerts.Core.Delivery;

/// <summary>
/// The delivery stage: claim the ledger row, render, send, record. A claimed row that is already sent
/// means a redelivered message, and nothing is sent twice. Past the subscriber's hourly cap the alert
/// is folded into their next digest instead of sent.
/// </summary>
public sealed class AlertDeliverer(
    StatementStore statements,
    SubscriptionStore subscriptions,
    DeliveryLedger ledger,
    AlertEmailRenderer renderer,
    IEmailSender sender,
    DeliveryCap cap,
    AlertIndex archive,
    ILogger<AlertDeliverer> logger)
{
    /// <param name="owner">The queue message's id: a redelivery of the same message may take over its own claim.</param>
    public async Task<DeliveryOutcome> DeliverAsync(DeliveryRequest request, string owner, CancellationToken cancellationToken)
    {
        var statement = await statements.GetAsync(request.StatementId, cancellationToken);
        if (statement is null)
        {
            logger.LogDeliveryForUnknownStatement(request.StatementId);
            return DeliveryOutcome.Skipped("unknown statement");
        }

        var subscription = await subscriptions.GetAsync(request.SubscriptionId, cancellationToken);
        if (subscription is null || subscription.Status != SubscriptionStatus.Active)
        {
            return DeliveryOutcome.Skipped("subscription not active");
        }

        var claim = await ledger.TryClaimAsync(request.StatementId, request.SubscriptionId, owner, cancellationToken);
        if (claim != ClaimOutcome.Claimed)
        {
            logger.LogDeliveryNotClaimed(request.StatementId, request.SubscriptionId, claim);
            return DeliveryOutcome.Skipped(claim.ToString());
        }

        if (!await cap.TryTakeSlotAsync(subscription.Id, statement.Id, cancellationToken))
        {
            await cap.FoldAsync(subscription.Id, statement.Id, cancellationToken);
            await ledger.MarkFoldedAsync(request.StatementId, request.SubscriptionId, cancellationToken);
            await archive.RecordAsync(subscription.Id, statement, cancellationToken);
            logger.LogAlertFoldedIntoDigest(request.StatementId, request.SubscriptionId);
            return new DeliveryOutcome(DeliveryOutcomeKind.Folded, "hourly cap reached");
        }

        EmailSendResult result;
        try
        {
            result = await sender.SendAsync(renderer.Render(statement, subscription), cancellationToken);
        }
        catch (Exception ex)
        {
            // Rendering or sending threw, or the host is shutting down: nothing says the email went out (a send that
            // may have happened is reported as a Retryable result, like a timeout, and released the same way).
            // Keeping the claim would make the immediate redelivery stop at HeldByOther and lose the alert.
            await ledger.ReleaseAsync(request.StatementId, request.SubscriptionId, owner, $"{ex.GetType().Name}: {ex.Message}", CancellationToken.None);
            throw;
        }

        switch (result.Status)
        {
            case EmailSendStatus.Sent:
                await ledger.MarkSentAsync(request.StatementId, request.SubscriptionId, result.MessageId, cancellationToken);
                await archive.RecordAsync(subscription.Id, statement, cancellationToken);
                logger.LogAlertSent(request.StatementId, request.SubscriptionId, result.MessageId);
                return new DeliveryOutcome(DeliveryOutcomeKind.Sent, result.MessageId);
            case EmailSendStatus.Permanent:
                await ledger.MarkFailedAsync(request.StatementId, request.SubscriptionId, result.Error ?? "permanent failure", cancellationToken);
                logger.LogAlertFailed(request.StatementId, request.SubscriptionId, result.Error);
                return new DeliveryOutcome(DeliveryOutcomeKind.Failed, result.Error);
            default:
                // Released, so the queue's redelivery (this message or any copy) claims it and tries again.
                await ledger.ReleaseAsync(request.StatementId, request.SubscriptionId, owner, result.Error ?? "retryable", cancellationToken);
                throw new DeliveryRetryException($"Alert {request.StatementId} to {request.SubscriptionId} not sent yet: {result.Error}", result.RetryAfter);
        }
    }
}

public enum DeliveryOutcomeKind
{
    Sent,
    Skipped,
    Failed,

    /// <summary>Over the hourly cap: kept for the next digest.</summary>
    Folded,
}

public sealed record DeliveryOutcome(DeliveryOutcomeKind Kind, string? Detail)
{
    public static DeliveryOutcome Skipped(string reason) => new(DeliveryOutcomeKind.Skipped, reason);
}

/// <summary>Thrown so the queue redelivers the message later; the Functions host counts it toward the poison limit.</summary>
public sealed class DeliveryRetryException(string message, TimeSpan? retryAfter) : Exception(message)
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
