using System.Globalization;
using Alerts.Core.Configuration;
using Alerts.Core.Storage;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace Alerts.Core.Delivery;

/// <summary>
/// The per-subscriber hourly cap, kept in the <c>deliveries</c> table beside the ledger: a counter row per
/// (subscriber, UTC hour) in partition <c>cap-{subscriptionId}</c> listing the alerts that took a slot,
/// updated under ETag checks so concurrent deliveries cannot both take the last slot; and the alerts over the cap, one row each in partition
/// <c>folded-{subscriptionId}</c>, which the next daily digest picks up and clears.
/// </summary>
public sealed class DeliveryCap(StorageClients clients, IOptions<DeliveryOptions> options, TimeProvider time)
{
    public const string CapPrefix = "cap-";
    public const string FoldedPrefix = "folded-";

    private TableClient Table => clients.Table(AlertsNames.Tables.Deliveries);

    /// <summary>
    /// Takes one of this hour's slots for this alert; false when the subscriber has had their fill this hour.
    /// Idempotent per alert: a retried delivery of the same statement reuses its slot rather than taking another.
    /// </summary>
    public async Task<bool> TryTakeSlotAsync(string subscriptionId, string statementId, CancellationToken cancellationToken)
    {
        var max = options.Value.MaxAlertsPerHour;
        if (max == 0)
        {
            return true;
        }

        var partition = CapPrefix + subscriptionId;
        var hour = time.GetUtcNow().UtcDateTime.ToString("yyyyMMddHH", CultureInfo.InvariantCulture);
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var existing = await Table.GetEntityIfExistsAsync<TableEntity>(partition, hour, cancellationToken: cancellationToken);
            try
            {
                if (!existing.HasValue)
                {
                    await Table.AddEntityAsync(new TableEntity(partition, hour) { ["Count"] = 1, ["Statements"] = TableJson.Write(new[] { statementId }) }, cancellationToken);
                    return true;
                }

                var row = existing.Value!;
                var taken = TableJson.Read<List<string>>(row.GetString("Statements"), []);
                if (taken.Contains(statementId, StringComparer.Ordinal))
                {
                    return true;
                }

                if (taken.Count >= max)
                {
                    return false;
                }

                taken.Add(statementId);
                row["Count"] = taken.Count;
                row["Statements"] = TableJson.Write(taken);
                await Table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
                return true;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another delivery to the same subscriber moved the counter first: read again.
            }
        }

        throw new DeliveryRetryException($"Hourly cap counter for {subscriptionId} is too contended; try later.", TimeSpan.FromSeconds(5));
    }

    /// <summary>Keeps an alert over the cap for the subscriber's next digest (idempotent).</summary>
    public Task FoldAsync(string subscriptionId, string statementId, CancellationToken cancellationToken) =>
        Table.UpsertEntityAsync(
            new TableEntity(FoldedPrefix + subscriptionId, statementId) { ["FoldedAt"] = time.GetUtcNow() },
            TableUpdateMode.Replace,
            cancellationToken);

    public async Task<IReadOnlyList<string>> FoldedStatementsAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        var result = new List<string>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {FoldedPrefix + subscriptionId}");
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            result.Add(row.RowKey);
        }

        return result;
    }

    /// <summary>Subscribers with alerts waiting in the fold (a range scan over the folded partitions).</summary>
    public async Task<IReadOnlyList<string>> SubscribersWithFoldedAsync(CancellationToken cancellationToken)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {FoldedPrefix} and PartitionKey lt {"folded."}");
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, select: ["PartitionKey"], cancellationToken: cancellationToken))
        {
            result.Add(row.PartitionKey[FoldedPrefix.Length..]);
        }

        return [.. result];
    }

    public async Task ClearFoldedAsync(string subscriptionId, IEnumerable<string> statementIds, CancellationToken cancellationToken)
    {
        foreach (var statementId in statementIds)
        {
            await Table.DeleteEntityAsync(FoldedPrefix + subscriptionId, statementId, ETag.All, cancellationToken);
        }
    }
}
