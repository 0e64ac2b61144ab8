using Alerts.Core.Configuration;
using Alerts.Core.Statements;
using Alerts.Core.Storage;
using Alerts.Core.Threats;
using Azure;
using Azure.Data.Tables;

namespace Alerts.Core.Subscriptions;

/// <summary>
/// The <c>subscriptions</c> table. Partition <c>subscription</c> holds one row per subscription under a random
/// id (ids travel in every link, so they must not reveal the address); partition <c>address</c> maps a
/// normalised address to its id. Rows written before random ids (<see cref="IdFor"/>, an unsalted hash)
/// stay readable: <see cref="FindByEmailAsync"/> falls back to them, so their links keep working.
/// Every write the subscriber flows make is conditional on the ETag the decision was read at.
/// </summary>
public sealed class SubscriptionStore(StorageClients clients)
{
    private const string Partition = "subscription";
    private const string AddressPartition = "address";

    private TableClient Table => clients.Table(AlertsNames.Tables.Subscriptions);

    /// <summary>
    /// The legacy id: an unsalted hash of the address. Rows stored under it before random ids stay found by
    /// address; operators and fixtures may still write rows under it, but the sign-up flow never does.
    /// </summary>
    public static string IdFor(string email) => "sub-" + TableKeys.Hash(Normalize(email), 24);

    /// <summary>A fresh, random subscription id (128 bits): it says nothing about the address.</summary>
    public static string NewId() => "s-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    private static string Normalize(string email) => email.Trim().ToLowerInvariant();

    private static string AddressKey(string email) => TableKeys.Hash("address:" + Normalize(email), 40);

    /// <summary>The subscription of an address, if any: through the address row, else under the legacy id.</summary>
    public async Task<Subscription?> FindByEmailAsync(string email, CancellationToken cancellationToken)
    {
        var link = await Table.GetEntityIfExistsAsync<TableEntity>(AddressPartition, AddressKey(email), cancellationToken: cancellationToken);
        if (link.HasValue && link.Value!.GetString("SubscriptionId") is { } id)
        {
            return await GetAsync(id, cancellationToken);
        }

        return await GetAsync(IdFor(email), cancellationToken);
    }

    /// <summary>
    /// The id an address uses: the one already mapped (or the legacy row's), else a new random one claimed
    /// for it with an insert-if-absent address row, so two sign-ups of one address at once share one id.
    /// </summary>
    public async Task<string> IdForAddressAsync(string email, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var link = await Table.GetEntityIfExistsAsync<TableEntity>(AddressPartition, AddressKey(email), cancellationToken: cancellationToken);
            if (link.HasValue && link.Value!.GetString("SubscriptionId") is { } mapped)
            {
                return mapped;
            }

            var legacy = IdFor(email);
            if (await GetAsync(legacy, cancellationToken) is not null)
            {
                return legacy;
            }

            try
            {
                var id = NewId();
                await Table.AddEntityAsync(new TableEntity(AddressPartition, AddressKey(email)) { ["SubscriptionId"] = id }, cancellationToken);
                return id;
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                // Another sign-up of the same address mapped it first: use theirs.
            }
        }

        throw new InvalidOperationException("The address row kept changing; try again.");
    }

    /// <summary>
    /// Writes <paramref name="subscription"/> only if the stored row is still the one it was read from:
    /// an insert for a subscription read as absent (<see cref="Subscription.ETag"/> null), else a replace
    /// conditional on its ETag. Returns the stored copy (with its new ETag), or null when someone wrote in
    /// between (409/412/404): the caller re-reads and decides again.
    /// </summary>
    public async Task<Subscription?> TryWriteAsync(Subscription subscription, CancellationToken cancellationToken)
    {
        var entity = ToEntity(subscription);
        try
        {
            var response = subscription.ETag is null
                ? await Table.AddEntityAsync(entity, cancellationToken)
                : await Table.UpdateEntityAsync(entity, new ETag(subscription.ETag), TableUpdateMode.Replace, cancellationToken);
            return subscription with { ETag = response.Headers.ETag?.ToString() };
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412 or 404)
        {
            return null;
        }
    }

    /// <summary>
    /// Reads the subscription, lets <paramref name="decide"/> say what it should become (null: leave it), and
    /// writes that conditionally; when another write came in between, reads again and decides again.
    /// Returns the stored row after the last decision (the new one, or the current one when nothing was written).
    /// </summary>
    public async Task<Subscription?> UpdateAsync(string id, Func<Subscription?, Subscription?> decide, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var current = await GetAsync(id, cancellationToken);
            var next = decide(current);
            if (next is null)
            {
                return current;
            }

            if (await TryWriteAsync(next with { ETag = current?.ETag }, cancellationToken) is { } written)
            {
                return written;
            }
        }

        throw new InvalidOperationException($"Subscription {id} kept changing under 20 attempts to update it.");
    }

    /// <summary>A blind whole-row write, for seeding, the load generator and tests only: the subscriber flows use <see cref="UpdateAsync"/>.</summary>
    public Task UpsertAsync(Subscription subscription, CancellationToken cancellationToken) =>
        Table.UpsertEntityAsync(ToEntity(subscription), TableUpdateMode.Replace, cancellationToken);

    private static TableEntity ToEntity(Subscription subscription) => new(Partition, TableKeys.Require(subscription.Id, "Subscription id"))
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
        ["LinkEpoch"] = subscription.LinkEpoch,
        ["ConfirmationSentAt"] = subscription.ConfirmationSentAt,
        ["UnsubscribedAt"] = subscription.UnsubscribedAt,
        ["LastDigestThrough"] = subscription.LastDigestThrough,
        ["IncludeNotJudged"] = subscription.IncludeNotJudged,
    };

    public Task<Subscription?> GetAsync(string id, CancellationToken cancellationToken) =>
        Table.GetOrNullAsync(Partition, id, FromEntity, cancellationToken);

    public IAsyncEnumerable<Subscription> ListAsync(CancellationToken cancellationToken) =>
        Table.ListPartitionAsync(Partition, FromEntity, cancellationToken);

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

    /// <summary>Deletes the row only if it is still the copy given (a purge must not remove a sign-up renewed meanwhile).</summary>
    public async Task<bool> TryDeleteAsync(Subscription subscription, CancellationToken cancellationToken)
    {
        try
        {
            await Table.DeleteEntityAsync(Partition, subscription.Id, subscription.ETag is null ? ETag.All : new ETag(subscription.ETag), cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return false;
        }
    }

    /// <summary>Forgets which id an address used (erasure, expired sign-ups).</summary>
    public Task<bool> DeleteAddressAsync(string email, CancellationToken cancellationToken) =>
        Table.DeleteIfExistsAsync(AddressPartition, AddressKey(email), cancellationToken);

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
        LinkEpoch = e.GetInt32("LinkEpoch") ?? 0,
        IncludeNotJudged = e.GetBoolean("IncludeNotJudged") ?? false,
        ETag = e.ETag.ToString(),
    };
}
