using Azure.Data.Tables;

namespace Alerts.Core.Subscriptions;

/// <summary>
/// The rows a later stage keeps about a subscriber (the delivery ledger: alert and digest rows, cap counters,
/// folded alerts, the archive index), which a subscriber's export shows and their erasure deletes. Delivery
/// implements it, so subscriptions need not know the ledger.
/// </summary>
public interface ISubscriberRecords
{
    Task<IReadOnlyList<TableEntity>> ListForSubscriberAsync(string subscriptionId, CancellationToken cancellationToken);

    /// <summary>Deletes every row <see cref="ListForSubscriberAsync"/> finds; returns how many.</summary>
    Task<int> EraseSubscriberAsync(string subscriptionId, CancellationToken cancellationToken);
}
