using Alerts.Core.Configuration;
using Alerts.Core.Storage;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;

namespace Alerts.Core.Statements;

/// <summary>
/// Maps a new statement to the one already known when it is the same words reported differently, so
/// outlets corroborate one statement (and one alert) instead of raising several. Kept in the
/// <c>sourceitems</c> table, one partition per official (<c>neardup|{officialId}</c>), one row per
/// statement key seen in the last <see cref="Window"/>: a few hundred rows per official, read in one query.
/// </summary>
/// <remarks>
/// Concurrent polls of two outlets can race. Each poll claims its row first and only then reads the
/// partition, choosing the earliest row (server timestamp, then id) among the matches: the later of two
/// racing polls always sees the earlier one's claim, so both settle on the same statement.
/// </remarks>
public sealed class NearDuplicateIndex(StorageClients clients, TimeProvider time, ILogger<NearDuplicateIndex> logger)
{
    public static readonly TimeSpan Window = TimeSpan.FromDays(14);

    private const int MaxKeyTextChars = 4_000;

    private TableClient Table => clients.Table(AlertsNames.Tables.SourceItems);

    public static string PartitionFor(string officialId) => "neardup|" + officialId;

    /// <summary>The id the statement is stored under: an earlier near-duplicate's, or its own exact key.</summary>
    public async Task<string> ResolveAsync(string officialId, string keyText, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyText);
        var ownId = StatementKey.Compute(officialId, keyText);
        var fingerprint = NearDuplicateFingerprint.Of(keyText);
        if (fingerprint.WordCount < NearDuplicateMatcher.MinWords)
        {
            return ownId;
        }

        var partition = PartitionFor(officialId);
        var now = time.GetUtcNow();
        try
        {
            await Table.AddEntityAsync(
                new TableEntity(partition, ownId)
                {
                    ["SimHash"] = unchecked((long)fingerprint.Hash),
                    ["KeyText"] = keyText.Length > MaxKeyTextChars ? keyText[..MaxKeyTextChars] : keyText,
                    ["FirstSeenAt"] = now,
                },
                cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Seen before (a re-poll, or another outlet with the very same words): the read below still resolves it.
        }

        var since = now - Window;
        var matches = new List<(string Id, DateTimeOffset Order)>();
        await foreach (var row in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition} and FirstSeenAt ge {since}"), cancellationToken: cancellationToken))
        {
            var other = row.RowKey == ownId
                ? fingerprint
                : new NearDuplicateFingerprint(unchecked((ulong)(row.GetInt64("SimHash") ?? 0)), SimHash.Bigrams(row.GetString("KeyText") ?? ""), SimHash.Words(row.GetString("KeyText") ?? "").Length);
            if (row.RowKey == ownId || NearDuplicateMatcher.IsNearDuplicate(fingerprint, other))
            {
                matches.Add((row.RowKey, row.Timestamp ?? row.GetDateTimeOffset("FirstSeenAt") ?? now));
            }
        }

        var canonical = matches.Count == 0 ? ownId : matches.OrderBy(m => m.Order).ThenBy(m => m.Id, StringComparer.Ordinal).First().Id;
        if (canonical != ownId)
        {
            logger.LogInformation("Statement {StatementId} by {OfficialId} is a near-duplicate of {CanonicalId}", ownId, officialId, canonical);
        }

        return canonical;
    }

    /// <summary>Removes rows older than the window for one official (housekeeping; the lookup ignores them anyway).</summary>
    public async Task<int> PruneAsync(string officialId, CancellationToken cancellationToken)
    {
        var before = time.GetUtcNow() - Window;
        var removed = 0;
        await foreach (var row in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {PartitionFor(officialId)} and FirstSeenAt lt {before}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            await Table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken);
            removed++;
        }

        return removed;
    }
}
