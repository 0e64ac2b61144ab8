using Alerts.Core.Configuration;
using Alerts.Core.Storage;
using Alerts.Core.Subscriptions;
using Azure;
using Azure.Data.Tables;

namespace Alerts.Core.Delivery;

public enum LedgerStatus
{
    Sending,
    Sent,
    Failed,

    /// <summary>Over the subscriber's hourly cap: not sent on its own, kept for the next digest.</summary>
    Folded,

    /// <summary>
    /// Left at Sending past the lease, and SendGrid's record could not be read to say whether it went out.
    /// Final: never sent again automatically; ops decide (docs/operations.md).
    /// </summary>
    Unknown,
}

public enum ClaimOutcome
{
    /// <summary>This worker may send.</summary>
    Claimed,
    AlreadySent,
    AlreadyFailed,

    /// <summary>Went into the digest because of the hourly cap.</summary>
    AlreadyFolded,

    /// <summary>The reconciler could not tell whether it went out: never sent again automatically.</summary>
    AlreadyUnknown,

    /// <summary>Another message holds a fresh claim; it will finish or be retried, so this one stops.</summary>
    HeldByOther,
}

/// <summary>
/// The <c>deliveries</c> table: one row per (statement, subscriber), claimed BEFORE the email is sent.
/// Insert-if-absent makes the claim atomic, so two workers processing the same delivery at once
/// send one email. A send that will be retried releases its claim; a claim left by a crashed worker is
/// taken over by its own redelivered message once it is no longer in flight, or by anyone once the lease
/// has expired (ETag-checked, so only one wins). A copy of the message processed at the same time never sends.
/// </summary>
public sealed class DeliveryLedger(StorageClients clients, TimeProvider time) : ISubscriberRecords
{
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long a claim counts as in flight even for its own message: a copy of the same queue message
    /// processed at the same time (visibility lapse, duplicate dispatch) must not send a second email.
    /// Longer than one send with its in-process retries; shorter than a queue message's reappearance after a crash.
    /// </summary>
    public static readonly TimeSpan InFlight = TimeSpan.FromMinutes(3);

    private TableClient Table => clients.Table(AlertsNames.Tables.Deliveries);

    public async Task<ClaimOutcome> TryClaimAsync(string statementId, string subscriptionId, string owner, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var row = new TableEntity(statementId, subscriptionId)
        {
            ["Status"] = nameof(LedgerStatus.Sending),
            ["Owner"] = owner,
            ["ClaimedAt"] = now,
            ["Attempts"] = 1,
            ["Released"] = false,
        };
        try
        {
            await Table.AddEntityAsync(row, cancellationToken);
            return ClaimOutcome.Claimed;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Someone claimed it before: look at what they left.
        }

        var existing = (await Table.GetEntityAsync<TableEntity>(statementId, subscriptionId, cancellationToken: cancellationToken)).Value;
        var status = Enum.TryParse<LedgerStatus>(existing.GetString("Status"), out var s) ? s : LedgerStatus.Sending;
        if (status == LedgerStatus.Sent)
        {
            return ClaimOutcome.AlreadySent;
        }

        if (status == LedgerStatus.Failed)
        {
            return ClaimOutcome.AlreadyFailed;
        }

        if (status == LedgerStatus.Folded)
        {
            return ClaimOutcome.AlreadyFolded;
        }

        if (status == LedgerStatus.Unknown)
        {
            return ClaimOutcome.AlreadyUnknown;
        }

        // A claim can be taken over when its holder released it (a send that will be retried), when it is
        // this message's own and no longer in flight (a redelivery after a crash), or when its lease ran out.
        var age = existing.GetDateTimeOffset("ClaimedAt") is { } claimedAt ? now - claimedAt : TimeSpan.MaxValue;
        var released = existing.GetBoolean("Released") == true;
        var mine = existing.GetString("Owner") == owner;
        if (!released && !(mine && age > InFlight) && age <= Lease)
        {
            return ClaimOutcome.HeldByOther;
        }

        existing["Owner"] = owner;
        existing["ClaimedAt"] = now;
        existing["Released"] = false;
        existing["Attempts"] = (existing.GetInt32("Attempts") ?? 1) + 1;
        try
        {
            await Table.UpdateEntityAsync(existing, existing.ETag, TableUpdateMode.Replace, cancellationToken);
            return ClaimOutcome.Claimed;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return ClaimOutcome.HeldByOther;
        }
    }

    /// <summary>
    /// Gives a claim back after a send that will be retried (or was cancelled), so the redelivered message
    /// can claim it at once. Only the holder's own claim is released (ETag-checked).
    /// </summary>
    public async Task ReleaseAsync(string statementId, string subscriptionId, string owner, string reason, CancellationToken cancellationToken)
    {
        var response = await Table.GetEntityIfExistsAsync<TableEntity>(statementId, subscriptionId, cancellationToken: cancellationToken);
        if (!response.HasValue || response.Value!.GetString("Owner") != owner || response.Value.GetString("Status") != nameof(LedgerStatus.Sending))
        {
            return;
        }

        var row = response.Value;
        row["Released"] = true;
        row["Error"] = TableJson.Cap(reason, 1_000);
        try
        {
            await Table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            // Someone else took it over meanwhile: theirs now.
        }
    }

    public Task MarkSentAsync(string statementId, string subscriptionId, string? messageId, CancellationToken cancellationToken) =>
        Table.UpdateEntityAsync(
            new TableEntity(statementId, subscriptionId)
            {
                ["Status"] = nameof(LedgerStatus.Sent),
                ["SentAt"] = time.GetUtcNow(),
                ["MessageId"] = messageId,
            },
            ETag.All,
            TableUpdateMode.Merge,
            cancellationToken);

    public Task MarkFailedAsync(string statementId, string subscriptionId, string reason, CancellationToken cancellationToken) =>
        Table.UpdateEntityAsync(
            new TableEntity(statementId, subscriptionId)
            {
                ["Status"] = nameof(LedgerStatus.Failed),
                ["FailedAt"] = time.GetUtcNow(),
                ["Error"] = TableJson.Cap(reason, 1_000),
            },
            ETag.All,
            TableUpdateMode.Merge,
            cancellationToken);

    public Task MarkFoldedAsync(string statementId, string subscriptionId, CancellationToken cancellationToken) =>
        Table.UpdateEntityAsync(
            new TableEntity(statementId, subscriptionId)
            {
                ["Status"] = nameof(LedgerStatus.Folded),
                ["FoldedAt"] = time.GetUtcNow(),
            },
            ETag.All,
            TableUpdateMode.Merge,
            cancellationToken);

    /// <summary>
    /// Claims still at Sending, not given back, and claimed before <paramref name="claimedBefore"/>: a worker
    /// took them and never said how the send ended. A scan of the table filtered on status (the reconciler's
    /// timer runs it every few minutes; rows at Sending are few).
    /// </summary>
    public async Task<IReadOnlyList<StaleClaim>> FindStaleSendingAsync(DateTimeOffset claimedBefore, CancellationToken cancellationToken)
    {
        var result = new List<StaleClaim>();
        var filter = TableClient.CreateQueryFilter($"Status eq {nameof(LedgerStatus.Sending)} and ClaimedAt lt {claimedBefore}");
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (row.GetBoolean("Released") != true)
            {
                result.Add(new StaleClaim(row.PartitionKey, row.RowKey, row.GetDateTimeOffset("ClaimedAt") ?? DateTimeOffset.MinValue, row.ETag.ToString()));
            }
        }

        return result;
    }

    /// <summary>
    /// The reconciler's verdict on a stale claim, written only if the row is still exactly as it was found
    /// (ETag): a worker that came back to it meanwhile wins. <see cref="LedgerStatus.Sending"/> with
    /// <paramref name="release"/> gives the claim back (SendGrid has no record of the email).
    /// </summary>
    public async Task<bool> ResolveStaleAsync(StaleClaim claim, LedgerStatus status, bool release, string? messageId, string note, CancellationToken cancellationToken)
    {
        var row = new TableEntity(claim.StatementId, claim.SubscriptionId)
        {
            ["Status"] = status.ToString(),
            ["ReconciledAt"] = time.GetUtcNow(),
            ["Reconciliation"] = TableJson.Cap(note, 1_000),
        };
        if (release)
        {
            row["Released"] = true;
        }

        if (messageId is not null)
        {
            row["MessageId"] = messageId;
            row["SentAt"] = time.GetUtcNow();
        }

        try
        {
            await Table.UpdateEntityAsync(row, new ETag(claim.ETag), TableUpdateMode.Merge, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return false;
        }
    }

    /// <summary>
    /// Every row about one subscriber: their alert rows (one per statement, found by RowKey across
    /// partitions: an admin-only scan), digest rows, cap counters, folded alerts and the archive index.
    /// </summary>
    public async Task<IReadOnlyList<TableEntity>> ListForSubscriberAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        var result = new List<TableEntity>();
        var filter = TableClient.CreateQueryFilter(
            $"RowKey eq {subscriptionId} or PartitionKey eq {DeliveryCap.CapPrefix + subscriptionId} or PartitionKey eq {DeliveryCap.FoldedPrefix + subscriptionId} or PartitionKey eq {Archive.AlertIndex.PartitionFor(subscriptionId)}");
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            result.Add(row);
        }

        return result;
    }

    /// <summary>Deletes every row <see cref="ListForSubscriberAsync"/> finds; returns how many.</summary>
    public async Task<int> EraseSubscriberAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        var rows = await ListForSubscriberAsync(subscriptionId, cancellationToken);
        foreach (var row in rows)
        {
            try
            {
                await Table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                // Gone already.
            }
        }

        return rows.Count;
    }

    public async Task<LedgerEntry?> GetAsync(string statementId, string subscriptionId, CancellationToken cancellationToken)
    {
        var response = await Table.GetEntityIfExistsAsync<TableEntity>(statementId, subscriptionId, cancellationToken: cancellationToken);
        if (!response.HasValue)
        {
            return null;
        }

        var e = response.Value!;
        return new LedgerEntry(
            statementId,
            subscriptionId,
            Enum.TryParse<LedgerStatus>(e.GetString("Status"), out var s) ? s : LedgerStatus.Sending,
            e.GetInt32("Attempts") ?? 1,
            e.GetString("MessageId"),
            e.GetString("Error"),
            e.GetBoolean("Released") == true);
    }
}

/// <summary>A claim left at Sending: its key, when it was taken, and the row version it was found at.</summary>
public sealed record StaleClaim(string StatementId, string SubscriptionId, DateTimeOffset ClaimedAt, string ETag);

/// <param name="Released">A Sending claim given back after a retryable failure: the next claim may send at once.</param>
public sealed record LedgerEntry(string StatementId, string SubscriptionId, LedgerStatus Status, int Attempts, string? MessageId, string? Error, bool Released = false);
