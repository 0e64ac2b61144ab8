using Alerts.Core.Configuration;
using Alerts.Core.Storage;
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
}

public enum ClaimOutcome
{
    /// <summary>This worker may send.</summary>
    Claimed,
    AlreadySent,
    AlreadyFailed,

    /// <summary>Went into the digest because of the hourly cap.</summary>
    AlreadyFolded,

    /// <summary>Another message holds a fresh claim; it will finish or be retried, so this one stops.</summary>
    HeldByOther,
}

/// <summary>
/// The <c>deliveries</c> table: one row per (statement, subscriber), claimed BEFORE the email is sent.
/// Insert-if-absent makes the claim atomic, so two workers processing the same delivery at once
/// send one email. A claim left by a crashed worker is taken over by its own redelivered message,
/// or by anyone once the lease has expired (ETag-checked, so only one wins).
/// </summary>
public sealed class DeliveryLedger(StorageClients clients, TimeProvider time)
{
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);

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

        var mine = existing.GetString("Owner") == owner;
        var expired = existing.GetDateTimeOffset("ClaimedAt") is not { } claimedAt || now - claimedAt > Lease;
        if (!mine && !expired)
        {
            return ClaimOutcome.HeldByOther;
        }

        existing["Owner"] = owner;
        existing["ClaimedAt"] = now;
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
    /// Every row about one subscriber: their alert rows (one per statement, found by RowKey across
    /// partitions: an admin-only scan), digest rows, cap counters and folded alerts.
    /// </summary>
    public async Task<IReadOnlyList<TableEntity>> ListForSubscriberAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        var result = new List<TableEntity>();
        var filter = TableClient.CreateQueryFilter(
            $"RowKey eq {subscriptionId} or PartitionKey eq {DeliveryCap.CapPrefix + subscriptionId} or PartitionKey eq {DeliveryCap.FoldedPrefix + subscriptionId}");
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
            e.GetString("Error"));
    }
}

public sealed record LedgerEntry(string StatementId, string SubscriptionId, LedgerStatus Status, int Attempts, string? MessageId, string? Error);
