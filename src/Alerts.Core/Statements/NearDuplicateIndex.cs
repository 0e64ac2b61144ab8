using System.Security.Cryptography;
using System.Text;
using Alerts.Core.Configuration;
using Alerts.Core.Storage;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;

namespace Alerts.Core.Statements;

/// <summary>
/// Maps a new statement to the one already known when it is the same words reported differently, so
/// outlets corroborate one statement (and one alert) instead of raising several. Kept in one of the
/// <c>sourceitems00</c>-<c>15</c> tables (<see cref="TableFor"/>), one partition per official (<c>neardup|{officialId}</c>), one row per
/// (locality-sensitive key, statement) for the last <see cref="Window"/> (<see cref="NearDuplicateBands"/>),
/// each carrying the statement's precomputed fingerprint.
/// </summary>
/// <remarks>
/// <para>A lookup costs two requests whatever the official has said lately: one entity group transaction that
/// claims the statement's rows, and one query that reads the rows behind its own keys (narrow RowKey ranges of one
/// partition). Rows read are the statement's own first row plus the rows of statements that share a key with it,
/// not the partition; nothing is re-tokenised, the stored fingerprints are compared as they are.</para>
/// <para>Concurrent polls of two outlets can race. Each poll claims its rows first and only then reads, choosing the
/// earliest claim (server timestamp, then id) among the matches: keys are symmetric, so the later of two racing
/// polls always sees the earlier one's claim, and both settle on the same statement.</para>
/// </remarks>
public sealed class NearDuplicateIndex(StorageClients clients, TimeProvider time, ILogger<NearDuplicateIndex> logger)
{
    public static readonly TimeSpan Window = TimeSpan.FromDays(14);

    private const int MaxKeyTextChars = 4_000;

    public static string PartitionFor(string officialId) => "neardup|" + officialId;

    /// <summary>
    /// The table that holds the official's partition, chosen by a stable hash of the id (the same on every instance and
    /// release). A lookup's query then touches one table of sixteen: no difference on Azure, where the query seeks its
    /// partition, but Azurite evaluates the filter on every row of the table, so one table for all officials made each
    /// lookup cost it in proportion to everything indexed.
    /// </summary>
    public static string TableFor(string officialId)
    {
        ArgumentNullException.ThrowIfNull(officialId);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(officialId), hash);
        return AlertsNames.Tables.SourceItemsShards[hash[0] % AlertsNames.Tables.SourceItemsShardCount];
    }

    private TableClient Table(string officialId) => clients.Table(TableFor(officialId));

    /// <summary>The id the statement is stored under: an earlier near-duplicate's, or its own exact key.</summary>
    public async Task<string> ResolveAsync(string officialId, string keyText, CancellationToken cancellationToken) =>
        (await LookupAsync(officialId, keyText, cancellationToken)).StatementId;

    /// <summary>Claims the statement's index rows and finds the earliest near-duplicate among the statements sharing a key.</summary>
    public async Task<NearDuplicateLookup> LookupAsync(string officialId, string keyText, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyText);
        var ownId = StatementKey.Compute(officialId, keyText);
        var capped = keyText.Length > MaxKeyTextChars ? keyText[..MaxKeyTextChars] : keyText;
        var fingerprint = NearDuplicateFingerprint.Of(capped);
        if (fingerprint.WordCount < NearDuplicateMatcher.MinWords)
        {
            return new NearDuplicateLookup(ownId, ownId, 0);
        }

        var partition = PartitionFor(officialId);
        var keys = NearDuplicateBands.For(capped, fingerprint);
        var now = time.GetUtcNow();
        await ClaimAsync(partition, ownId, fingerprint, keys, now, cancellationToken);

        // Only one of the statement's own rows comes back: it carries the claim's timestamp; the others say the same.
        var ownFirst = RowKeyFor(keys[0], ownId);
        var ranges = string.Join(" or ", keys.Select(k => TableClient.CreateQueryFilter($"(RowKey ge {k + "|"} and RowKey lt {k + "}"})")));
        // The window is checked here, not in the filter: a row older than the window is one a prune has not reached yet,
        // so few come back, and a date comparison per row in the filter costs Azurite (which evaluates the filter on
        // every row of the table, whatever the partition) about a third more per query.
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and (StatementId ne {ownId} or RowKey eq {ownFirst})") + " and (" + ranges + ")";
        var rowsRead = 0;
        var since = now - Window;
        var checkedIds = new HashSet<string>(StringComparer.Ordinal);
        var matches = new List<(string Id, DateTimeOffset Order)>();
        await foreach (var row in Table(officialId).QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            rowsRead++;
            var id = row.GetString("StatementId") ?? "";
            if (row.GetDateTimeOffset("FirstSeenAt") is { } firstSeen && firstSeen < since)
            {
                continue;
            }

            if (!checkedIds.Add(id))
            {
                continue;
            }

            var other = new NearDuplicateFingerprint(
                unchecked((ulong)(row.GetInt64("SimHash") ?? 0)),
                NearDuplicateFingerprint.BigramsFrom(row.GetBinary("Bigrams") ?? []),
                row.GetInt32("WordCount") ?? 0);
            if (id == ownId || NearDuplicateMatcher.IsNearDuplicate(fingerprint, other))
            {
                matches.Add((id, row.Timestamp ?? row.GetDateTimeOffset("FirstSeenAt") ?? now));
            }
        }

        var canonical = matches.Count == 0 ? ownId : matches.OrderBy(m => m.Order).ThenBy(m => m.Id, StringComparer.Ordinal).First().Id;
        if (canonical != ownId)
        {
            logger.LogNearDuplicateFound(ownId, officialId, canonical);
        }

        return new NearDuplicateLookup(canonical, ownId, rowsRead);
    }

    /// <summary>The rows one statement claims, one per key, each with the whole fingerprint (so a lookup reads one row per statement it meets).</summary>
    public static IReadOnlyList<TableEntity> RowsFor(string officialId, string statementId, NearDuplicateFingerprint fingerprint, IReadOnlyList<string> keys, DateTimeOffset firstSeenAt)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        ArgumentNullException.ThrowIfNull(keys);
        var bigrams = fingerprint.BigramBytes();
        return [.. keys.Select(key => new TableEntity(PartitionFor(officialId), RowKeyFor(key, statementId))
        {
            ["StatementId"] = statementId,
            ["SimHash"] = unchecked((long)fingerprint.Hash),
            ["WordCount"] = fingerprint.WordCount,
            ["Bigrams"] = bigrams,
            ["FirstSeenAt"] = firstSeenAt,
        })];
    }

    private async Task ClaimAsync(string partition, string ownId, NearDuplicateFingerprint fingerprint, IReadOnlyList<string> keys, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var officialId = partition["neardup|".Length..];
        try
        {
            // One transaction: the statement's rows appear together, with one timestamp, or not at all.
            await Table(officialId).SubmitTransactionAsync(RowsFor(officialId, ownId, fingerprint, keys, now).Select(row => new TableTransactionAction(TableTransactionActionType.Add, row)), cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Claimed before (a re-poll, or another outlet with the very same words): the read below still resolves it.
        }
    }

    private static string RowKeyFor(string key, string statementId) => key + "|" + statementId;

    /// <summary>Removes rows older than the window for one official (housekeeping; the lookup ignores them anyway).</summary>
    public async Task<int> PruneAsync(string officialId, CancellationToken cancellationToken)
    {
        var before = time.GetUtcNow() - Window;
        var removed = 0;
        var table = Table(officialId);
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {PartitionFor(officialId)} and FirstSeenAt lt {before}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken);
            removed++;
        }

        return removed;
    }
}

/// <summary>What one lookup found: the id to store under, the statement's own exact key, and how many index rows it read.</summary>
public sealed record NearDuplicateLookup(string StatementId, string OwnId, int RowsRead)
{
    public bool IsNearDuplicate => StatementId != OwnId;
}
