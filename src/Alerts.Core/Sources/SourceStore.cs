using Alerts.Core.Configuration;
using Alerts.Core.Storage;
using Azure;
using Azure.Data.Tables;

namespace Alerts.Core.Sources;

/// <summary>
/// The <c>sources</c> table: one row per source holding its definition and its checkpoint (validators,
/// cursor, failures, and the hashes of the items already seen), so one read tells a poll everything.
/// </summary>
public sealed class SourceStore(StorageClients clients)
{
    private const string Partition = "source";

    /// <summary>How many item hashes a source remembers; a feed carries far fewer items than this.</summary>
    public const int MaxSeenItems = 2_000;

    /// <summary>
    /// Stands for "no value" in a merge: the SDK leaves null properties out of a merge, so a null would never
    /// clear a backoff once set, and a recovered source would keep polling on its old retry time.
    /// </summary>
    private static readonly DateTimeOffset NoTime = new(1601, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private TableClient Table => clients.Table(AlertsNames.Tables.Sources);

    /// <summary>Adds or changes a source's definition, keeping its checkpoint.</summary>
    public async Task UpsertDefinitionAsync(SourceDefinition source, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(Partition, TableKeys.Require(source.Id, "Source id"))
        {
            ["Name"] = source.Name,
            ["Kind"] = source.Kind.ToString(),
            ["Location"] = source.Location,
            ["PollIntervalSeconds"] = (int)source.PollInterval.TotalSeconds,
            ["Enabled"] = source.Enabled,
            ["Selector"] = source.Selector ?? "",
        };
        await Table.UpsertEntityAsync(entity, TableUpdateMode.Merge, cancellationToken);
    }

    public Task<SourceRecord?> GetAsync(string id, CancellationToken cancellationToken) =>
        Table.GetOrNullAsync(Partition, id, FromEntity, cancellationToken);

    /// <summary>
    /// Every source with its definition and checkpoint but without <see cref="SourceRecord.SeenItems"/>: the
    /// scheduler needs no item hashes, and at 5,000 sources they would be most of the bytes read each tick.
    /// </summary>
    public IAsyncEnumerable<SourceRecord> ListAsync(CancellationToken cancellationToken)
    {
        string[] columns =
        [
            "PartitionKey", "RowKey", "Name", "Kind", "Location", "PollIntervalSeconds", "Enabled", "Selector", "ETag", "LastModified", "SinceId",
            "LastPolledAt", "NextPollAt", "ConsecutiveFailures", "TotalFailures", "LastError", "LastErrorAt",
        ];
        return Table.ListPartitionAsync(Partition, FromEntity, cancellationToken, columns);
    }

    public async Task SaveCheckpointAsync(string id, SourceCheckpoint checkpoint, IReadOnlyList<string> seenItems, CancellationToken cancellationToken)
    {
        var kept = seenItems.Count > MaxSeenItems ? seenItems.Skip(seenItems.Count - MaxSeenItems).ToList() : seenItems;
        var entity = new TableEntity(Partition, id)
        {
            ["ETag"] = checkpoint.ETag,
            ["LastModified"] = checkpoint.LastModified,
            ["SinceId"] = checkpoint.SinceId,
            ["LastPolledAt"] = checkpoint.LastPolledAt,
            ["NextPollAt"] = checkpoint.NextPollAt ?? NoTime,
            ["ConsecutiveFailures"] = checkpoint.ConsecutiveFailures,
            ["TotalFailures"] = checkpoint.TotalFailures,
            ["LastError"] = checkpoint.LastError is null ? null : TableJson.Cap(checkpoint.LastError, 1_000),
            ["LastErrorAt"] = checkpoint.LastErrorAt,
            ["SeenItems"] = string.Join(',', kept),
        };
        await Table.UpdateEntityAsync(entity, ETag.All, TableUpdateMode.Merge, cancellationToken);
    }

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) =>
        Table.DeleteIfExistsAsync(Partition, id, cancellationToken);

    private static SourceRecord FromEntity(TableEntity e)
    {
        var definition = new SourceDefinition(
            e.RowKey,
            e.GetString("Name") ?? e.RowKey,
            Enum.TryParse<SourceKind>(e.GetString("Kind"), out var kind) ? kind : SourceKind.Feed,
            e.GetString("Location") ?? "",
            TimeSpan.FromSeconds(Math.Max(60, e.GetInt32("PollIntervalSeconds") ?? 300)),
            e.GetBoolean("Enabled") ?? true,
            e.GetString("Selector") is { Length: > 0 } selector ? selector : null);
        var checkpoint = new SourceCheckpoint(
            e.GetString("ETag"),
            e.GetString("LastModified"),
            e.GetString("SinceId"),
            e.GetDateTimeOffset("LastPolledAt"),
            e.GetDateTimeOffset("NextPollAt") is { } next && next > NoTime ? next : null,
            e.GetInt32("ConsecutiveFailures") ?? 0,
            e.GetInt64("TotalFailures") ?? 0,
            e.GetString("LastError"),
            e.GetDateTimeOffset("LastErrorAt"));
        var seen = e.GetString("SeenItems") is { Length: > 0 } s ? s.Split(',') : [];
        return new SourceRecord(definition, checkpoint, seen);
    }
}
