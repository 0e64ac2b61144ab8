using Alerts.Core.Email;
using Microsoft.Extensions.Logging;

namespace Alerts.Core.Delivery;

/// <summary>What one reconciliation run decided.</summary>
public sealed record ReconcileResult(int Sent, int Released, int Unknown, int Skipped);

/// <summary>
/// Settles ledger rows left at <see cref="LedgerStatus.Sending"/> after the lease (a worker claimed the
/// delivery and never recorded how the send ended) from the email service's own record, found by the custom
/// args every send carries. It never sends: an email SendGrid has becomes <see cref="LedgerStatus.Sent"/>;
/// one it has no record of is given back (released), so the message's redelivery or a poison replay can send
/// it once; when the record cannot be read the row becomes <see cref="LedgerStatus.Unknown"/>, which nothing
/// sends again, and ops are alerted (log marker <c>LedgerUnknown</c>). Each verdict is ETag-conditional, so a
/// worker that came back to the row meanwhile wins.
/// </summary>
public sealed class DeliveryReconciler(DeliveryLedger ledger, IEmailActivity activity, TimeProvider time, ILogger<DeliveryReconciler> logger)
{
    /// <summary>
    /// How long past its claim a row must be before it is settled: the lease, plus time for SendGrid's activity
    /// feed to show a message (it lags acceptance by minutes), so "no record" means no email.
    /// </summary>
    public static readonly TimeSpan StaleAfter = DeliveryLedger.Lease + TimeSpan.FromMinutes(20);

    public async Task<ReconcileResult> ReconcileAsync(CancellationToken cancellationToken)
    {
        int sent = 0, released = 0, unknown = 0, skipped = 0;
        foreach (var claim in await ledger.FindStaleSendingAsync(time.GetUtcNow() - StaleAfter, cancellationToken))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var record = await activity.FindAsync(claim.StatementId, claim.SubscriptionId, cancellationToken);
            switch (record.Status)
            {
                case EmailActivityStatus.Found when await ledger.ResolveStaleAsync(claim, LedgerStatus.Sent, release: false, record.MessageId ?? "", $"reconciled: SendGrid has it ({record.Detail})", cancellationToken):
                    sent++;
                    logger.LogDeliveryReconciledAsSent(claim.StatementId, claim.SubscriptionId, record.MessageId);
                    break;
                case EmailActivityStatus.NotFound when await ledger.ResolveStaleAsync(claim, LedgerStatus.Sending, release: true, null, "reconciled: SendGrid has no record; released for the next attempt", cancellationToken):
                    released++;
                    logger.LogDeliveryReleasedNeverSent(claim.StatementId, claim.SubscriptionId);
                    break;
                case EmailActivityStatus.Unavailable when await ledger.ResolveStaleAsync(claim, LedgerStatus.Unknown, release: false, null, $"reconciled: {record.Detail}", cancellationToken):
                    unknown++;
                    logger.LogLedgerUnknown(claim.StatementId, claim.SubscriptionId, claim.ClaimedAt, record.Detail);
                    break;
                default:
                    // The row changed while we looked: its worker came back, so it is theirs.
                    skipped++;
                    break;
            }
        }

        return new ReconcileResult(sent, released, unknown, skipped);
    }
}
