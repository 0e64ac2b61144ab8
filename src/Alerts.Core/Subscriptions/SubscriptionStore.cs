using Alerts.Core.Configuration;
using Alerts.Core.Statements;
using Alerts.Core.Storage;
using Alerts.Core.Threats;
using Azure;
using Azure.Data.Tables;

namespace Alerts.Core.Subscriptions;

/// <summary>The <c>subscriptions</c> table, one partition; the id is derived from the address so one address has one subscription.</summary>
public sealed class SubscriptionStore(StorageClients clients)
{
    private const string Partition = "subscription";

    private TableClient Table => clients.Table(AlertsNames.Tables.Subscriptions);

    public static string IdFor(string email) => "sub-" + TableKeys.Hash(email.Trim().ToLowerInvariant(), 24);

    public async Task UpsertAsync(Subscription subscription, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(Partition, TableKeys.Require(subscription.Id, "Subscription id"))
        {
            ["Email"] = subscription.Email,
            ["OfficialIds"] = TableJson.Write(subscription.OfficialIds),
            ["MinimumLevel"] = subscription.MinimumLevel.ToString(),
            ["Categories"] = TableJson.Write(subscription.Categories),
            ["Mode"] = subscription.Mode.ToString(),
            ["Status"] = subscription.Status.ToString(),
            ["CreatedAt"] = subscription.CreatedAt,
            ["ConfirmedAt"] = subscription.ConfirmedAt,
            ["Version"] = subscription.Version,
            ["ConfirmationSentAt"] = subscription.ConfirmationSentAt,
            ["UnsubscribedAt"] = subscription.UnsubscribedAt,
            ["LastDigestThrough"] = subscription.LastDigestThrough,
        };
        await Table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<Subscription?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var response = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, id, cancellationToken: cancellationToken);
        return response.HasValue ? FromEntity(response.Value!) : null;
    }

    public async IAsyncEnumerable<Subscription> ListAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var entity in Table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, cancellationToken: cancellationToken))
        {
            yield return FromEntity(entity);
        }
    }

    /// <summary>Active, immediate subscriptions whose filters take this statement.</summary>
    public async Task<IReadOnlyList<Subscription>> FindRecipientsAsync(StoredStatement statement, CancellationToken cancellationToken)
    {
        var result = new List<Subscription>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and Status eq {nameof(SubscriptionStatus.Active)}");
        await foreach (var entity in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var subscription = FromEntity(entity);
            if (subscription.Mode == DeliveryMode.Immediate && subscription.Wants(statement))
            {
                result.Add(subscription);
            }
        }

        return result;
    }

    /// <summary>Active subscriptions that take their alerts as a daily or weekly digest.</summary>
    public async Task<IReadOnlyList<Subscription>> FindDigestRecipientsAsync(CancellationToken cancellationToken)
    {
        var result = new List<Subscription>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and Status eq {nameof(SubscriptionStatus.Active)}");
        await foreach (var entity in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var subscription = FromEntity(entity);
            if (subscription.Mode is DeliveryMode.Digest or DeliveryMode.WeeklyDigest)
            {
                result.Add(subscription);
            }
        }

        return result;
    }

    /// <summary>Pending subscriptions created before <paramref name="cutoff"/>: never confirmed, due for removal.</summary>
    public async Task<IReadOnlyList<Subscription>> FindUnconfirmedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var result = new List<Subscription>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and Status eq {nameof(SubscriptionStatus.Pending)} and CreatedAt lt {cutoff}");
        await foreach (var entity in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            result.Add(FromEntity(entity));
        }

        return result;
    }

    /// <summary>Records how far the digest has covered, without touching the filters a subscriber may be changing.</summary>
    public Task SetLastDigestThroughAsync(string id, DateTimeOffset through, CancellationToken cancellationToken) =>
        Table.UpdateEntityAsync(new TableEntity(Partition, id) { ["LastDigestThrough"] = through }, ETag.All, TableUpdateMode.Merge, cancellationToken);

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) =>
        Table.DeleteIfExistsAsync(Partition, id, cancellationToken);

    private static Subscription FromEntity(TableEntity e) => new(
        e.RowKey,
        e.GetString("Email") ?? "",
        TableJson.Read<List<string>>(e.GetString("OfficialIds"), []),
        Enum.TryParse<ThreatLevel>(e.GetString("MinimumLevel"), out var level) ? level : ThreatLevel.Medium,
        TableJson.Read<List<string>>(e.GetString("Categories"), []),
        Enum.TryParse<DeliveryMode>(e.GetString("Mode"), out var mode) ? mode : DeliveryMode.Immediate,
        Enum.TryParse<SubscriptionStatus>(e.GetString("Status"), out var status) ? status : SubscriptionStatus.Pending,
        e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        e.GetDateTimeOffset("ConfirmedAt"))
    {
        Version = e.GetInt32("Version") ?? 0,
        ConfirmationSentAt = e.GetDateTimeOffset("ConfirmationSentAt"),
        UnsubscribedAt = e.GetDateTimeOffset("UnsubscribedAt"),
        LastDigestThrough = e.GetDateTimeOffset("LastDigestThrough"),
    };
}
