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

    /// <summary>The last attempt failed in a way worth retrying; the next claim may send.</summary>
    Released,
}

public enum ClaimOutcome
{
    /// <summary>This worker may send.</summary>
    Claimed,
    AlreadySent,
    AlreadyFailed,

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
    /// <summary>After this, anyone may take over a claim whose worker went silent (it crashed, or its message went to poison).</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);

    /// <summary>
    /// A message's own redelivery may take over sooner, but not at once: the same message can be running twice
    /// for a moment (visibility expired while the first run was still sending), and that must not send twice.
    /// </summary>
    public static readonly TimeSpan OwnRetakeAfter = TimeSpan.FromMinutes(1);

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

        var age = existing.GetDateTimeOffset("ClaimedAt") is { } claimedAt ? now - claimedAt : TimeSpan.MaxValue;
        var mine = existing.GetString("Owner") == owner;
        var free = status == LedgerStatus.Released || age > Lease || (mine && age > OwnRetakeAfter);
        if (!free)
        {
            return ClaimOutcome.HeldByOther;
        }

        existing["Status"] = nameof(LedgerStatus.Sending);

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

    /// <summary>Gives the claim up after a retryable failure, so the retried message (or a duplicate) may send.</summary>
    public Task ReleaseAsync(string statementId, string subscriptionId, string reason, CancellationToken cancellationToken) =>
        Table.UpdateEntityAsync(
            new TableEntity(statementId, subscriptionId)
            {
                ["Status"] = nameof(LedgerStatus.Released),
                ["Error"] = TableJson.Cap(reason, 1_000),
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
