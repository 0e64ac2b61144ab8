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
/// <c>sourceitems00</c>-<c>15</c> tables (<see cref="TableFor"/>), one partition per official (<c>neardup|{officialId}</c>),
/// one row per locality-sensitive key (<see cref="NearDuplicateBands"/>) for the last <see cref="Window"/>: the row
/// names the statement that claimed the key first and carries its precomputed fingerprint.
/// </summary>
/// <remarks>
/// <para>A lookup costs two requests whatever the official has said lately: one query that names each of the
/// statement's keys and gets back the row holding each (at most one per key), and, when none of them is a
/// near-duplicate, one entity group transaction that adds a row for each free key. A statement already known costs the
/// query alone. An earlier version kept a row per (key, statement): a key many statements share (a 16-bit SimHash band,
/// a MinHash band over an official's stock phrases) then returned one row per statement that ever used it, so rows read
/// grew with the official's volume; now the first statement to claim a key keeps it, and rows read are bounded by the
/// statement's own keys. Nothing is re-tokenised: the stored fingerprints are compared as they are.</para>
/// <para>Concurrent polls of two outlets can race. Both may find a key free, but the claim is one atomic transaction
/// of adds, so only one of them gets it; the other's claim fails whole, and its next read finds the winner's row and
/// settles on the same statement.</para>
/// <para>A claim older than the window that still holds a key means nothing has pruned the official's partition lately;
/// the lookup prunes it there and then, and reads again.</para>
/// </remarks>
public sealed class NearDuplicateIndex(StorageClients clients, TimeProvider time, ILogger<NearDuplicateIndex> logger)
{
    public static readonly TimeSpan Window = TimeSpan.FromDays(14);

    private const int MaxKeyTextChars = 4_000;

    private const int MaxRounds = 8;

    public static string PartitionFor(string officialId) => "neardup|" + officialId;

    /// <summary>
    /// The table that holds the official's partition, chosen by a stable hash of the id (the same on every instance and
    /// release). No difference on Azure; on Azurite, which checks each added key against its table's rows and scans a
    /// whole table for the prune's query, a sixteenth of the rows per table keeps both cheaper.
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
        (await LookupAsync(officialId, keyText, rideAlong: null, cancellationToken)).StatementId;

    /// <summary>Reads who holds the statement's keys; a near-duplicate among them is the answer, else the statement claims the free keys.</summary>
    /// <param name="officialId">Whose partition.</param>
    /// <param name="keyText">What identifies the statement.</param>
    /// <param name="rideAlong">
    /// A further row of the official's partition that a new statement needs written (its timeline row), given the
    /// statement's own id: it joins the claim's transaction as an upsert, so it costs nothing more.
    /// <see cref="NearDuplicateLookup.RideAlongWritten"/> says whether it was written (not when the statement is known,
    /// too short to index, or has no free key).
    /// </param>
    /// <param name="cancellationToken">Stops the lookup.</param>
    public async Task<NearDuplicateLookup> LookupAsync(string officialId, string keyText, Func<string, TableEntity>? rideAlong, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyText);
        var ownId = StatementKey.Compute(officialId, keyText);
        var capped = keyText.Length > MaxKeyTextChars ? keyText[..MaxKeyTextChars] : keyText;
        var fingerprint = NearDuplicateFingerprint.Of(capped);
        if (fingerprint.WordCount < NearDuplicateMatcher.MinWords)
        {
            return new NearDuplicateLookup(ownId, ownId, 0);
        }

        var extra = rideAlong?.Invoke(ownId);
        if (extra is not null && extra.PartitionKey != PartitionFor(officialId))
        {
            throw new ArgumentException($"A row riding along with the claim must be in partition {PartitionFor(officialId)}.", nameof(rideAlong));
        }

        var table = Table(officialId);
        var now = time.GetUtcNow();
        var since = now - Window;
        var rows = RowsFor(officialId, ownId, fingerprint, NearDuplicateBands.For(capped, fingerprint), now);
        var rowsRead = 0;
        var pruned = false;

        // A round ends the lookup unless a claim lost a race or a prune was due; both are rare, and bounded here.
        for (var round = 0; round < MaxRounds; round++)
        {
            var holders = await HoldersAsync(table, officialId, rows, cancellationToken);
            rowsRead += holders.Count;
            if (!pruned && holders.Any(h => h.GetDateTimeOffset("FirstSeenAt") is { } seen && seen < since))
            {
                // A claim older than the window still holds a key: nothing has pruned the partition lately.
                await PruneAsync(officialId, cancellationToken);
                pruned = true;
                continue;
            }

            var canonical = EarliestMatch(fingerprint, ownId, holders, since);
            if (canonical is not null)
            {
                if (canonical != ownId)
                {
                    logger.LogNearDuplicateFound(ownId, officialId, canonical);
                }

                return new NearDuplicateLookup(canonical, ownId, rowsRead);
            }

            // Keys held by other statements stay theirs (a shared key is not the same words); the rest become this one's.
            var held = holders.Select(h => h.RowKey).ToHashSet(StringComparer.Ordinal);
            var free = rows.Where(r => !held.Contains(r.RowKey)).ToList();
            if (free.Count == 0)
            {
                return new NearDuplicateLookup(ownId, ownId, rowsRead);
            }

            if (await TryClaimAsync(table, free, extra, cancellationToken))
            {
                return new NearDuplicateLookup(ownId, ownId, rowsRead, RideAlongWritten: extra is not null);
            }

            // Lost a race for a key: wait a little, at random, so two claims that keep colliding (Azurite can fail both
            // of two interleaved transactions) stop doing so, then read again.
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 25 * (round + 1))), cancellationToken);
        }

        logger.LogNearDuplicateClaimContended(ownId, officialId, MaxRounds);
        return new NearDuplicateLookup(ownId, ownId, rowsRead);
    }

    /// <summary>
    /// The filter that reads the rows holding any of the keys: one <c>RowKey eq</c> per key, so at most one row per key
    /// comes back whatever the official has said (Azure still scans the partition for an <c>or</c> of keys, but returns
    /// and bills only these rows). At most 15 comparisons, Azure's limit for one filter.
    /// </summary>
    public static string HoldersFilter(string officialId, IReadOnlyList<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count is 0 or > NearDuplicateBands.MaxKeys)
        {
            throw new ArgumentOutOfRangeException(nameof(keys), keys.Count, $"between 1 and {NearDuplicateBands.MaxKeys} keys");
        }

        var named = string.Join(" or ", keys.Select(k => TableClient.CreateQueryFilter($"RowKey eq {k}")));
        return TableClient.CreateQueryFilter($"PartitionKey eq {PartitionFor(officialId)}") + " and (" + named + ")";
    }

    private static async Task<List<TableEntity>> HoldersAsync(TableClient table, string officialId, IReadOnlyList<TableEntity> rows, CancellationToken cancellationToken)
    {
        var holders = new List<TableEntity>(rows.Count);
        await foreach (var row in table.QueryAsync<TableEntity>(HoldersFilter(officialId, [.. rows.Select(r => r.RowKey)]), cancellationToken: cancellationToken))
        {
            holders.Add(row);
        }

        return holders;
    }

    /// <summary>The statement the earliest claim among the holders belongs to, when it is these words or a near-duplicate of them.</summary>
    private static string? EarliestMatch(NearDuplicateFingerprint fingerprint, string ownId, List<TableEntity> holders, DateTimeOffset since)
    {
        string? best = null;
        var bestOrder = DateTimeOffset.MaxValue;
        var checkedIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in holders)
        {
            var id = row.GetString("StatementId") ?? "";
            var firstSeen = row.GetDateTimeOffset("FirstSeenAt");
            // One statement holds several of the keys with one fingerprint and one claim time: compare it once.
            if ((firstSeen is { } seen && seen < since) || !checkedIds.Add(id))
            {
                continue;
            }

            var other = new NearDuplicateFingerprint(
                unchecked((ulong)(row.GetInt64("SimHash") ?? 0)),
                NearDuplicateFingerprint.BigramsFrom(row.GetBinary("Bigrams") ?? []),
                row.GetInt32("WordCount") ?? 0);
            var order = row.Timestamp ?? firstSeen ?? DateTimeOffset.MaxValue;
            if ((id == ownId || NearDuplicateMatcher.IsNearDuplicate(fingerprint, other))
                && (best is null || order < bestOrder || (order == bestOrder && string.CompareOrdinal(id, best) < 0)))
            {
                best = id;
                bestOrder = order;
            }
        }

        return best;
    }

    /// <summary>The rows one statement claims, one per key, each with the whole fingerprint (so reading one row is enough to compare).</summary>
    public static IReadOnlyList<TableEntity> RowsFor(string officialId, string statementId, NearDuplicateFingerprint fingerprint, IReadOnlyList<string> keys, DateTimeOffset firstSeenAt)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        ArgumentNullException.ThrowIfNull(keys);
        var bigrams = fingerprint.BigramBytes();
        return [.. keys.Select(key => new TableEntity(PartitionFor(officialId), key)
        {
            ["StatementId"] = statementId,
            ["SimHash"] = unchecked((long)fingerprint.Hash),
            ["WordCount"] = fingerprint.WordCount,
            ["Bigrams"] = bigrams,
            ["FirstSeenAt"] = firstSeenAt,
        })];
    }

    /// <summary>Adds the rows in one transaction: all of them, with one timestamp, or none when another statement took one meanwhile.</summary>
    private static async Task<bool> TryClaimAsync(TableClient table, List<TableEntity> rows, TableEntity? extra, CancellationToken cancellationToken)
    {
        var actions = rows.Select(row => new TableTransactionAction(TableTransactionActionType.Add, row)).ToList();
        if (extra is not null)
        {
            // An upsert, so a row left by an earlier attempt never fails the claim.
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, extra));
        }

        try
        {
            await table.SubmitTransactionAsync(actions, cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

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

/// <summary>What one lookup found: the id to store under, the statement's own exact key, how many index rows it read, and whether the claim wrote the row riding along.</summary>
public sealed record NearDuplicateLookup(string StatementId, string OwnId, int RowsRead, bool RideAlongWritten = false)
{
    public bool IsNearDuplicate => StatementId != OwnId;
}
