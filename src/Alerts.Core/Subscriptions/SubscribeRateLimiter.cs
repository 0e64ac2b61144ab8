using System.Globalization;
using Alerts.Core.Configuration;
using Alerts.Core.Storage;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace Alerts.Core.Subscriptions;

/// <summary>Whether a sign-up request may go ahead, and if not, which limit stopped it and for how long.</summary>
public sealed record RateLimitDecision(bool Allowed, string? Limit, TimeSpan RetryAfter)
{
    public static RateLimitDecision Allow { get; } = new(true, null, TimeSpan.Zero);
}

/// <summary>
/// Per-client and global limits on <c>POST /api/subscribe</c> in fixed one-hour windows. The counters live in
/// the <c>ratelimits</c> table, so every instance of a scaled-out app counts against the same limit; each
/// increment is ETag-conditional (insert-if-absent for the first), so concurrent requests never lose a count.
/// Under contention that does not settle, the request is refused: the limits fail closed.
/// </summary>
public sealed class SubscribeRateLimiter(StorageClients clients, IOptions<SubscribeOptions> options, TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    private TableClient Table => clients.Table(AlertsNames.Tables.RateLimits);

    /// <param name="clientAddress">The caller's address as <see cref="ClientAddress.From"/> found it, or null when unknown (all unknown callers share one counter).</param>
    public async Task<RateLimitDecision> TryAcquireAsync(string? clientAddress, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var windowStart = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % Window.Ticks), TimeSpan.Zero);
        var retryAfter = windowStart + Window - now;
        var limits = options.Value;

        // Per client first, so one noisy client spends its own allowance and not everyone's.
        if (!await TryCountAsync("ip", TableKeys.Hash("ip:" + (clientAddress ?? "unknown"), 32), limits.PerIpPerHour, windowStart, cancellationToken))
        {
            return new RateLimitDecision(false, "per-client", retryAfter);
        }

        return await TryCountAsync("global", "all", limits.GlobalPerHour, windowStart, cancellationToken)
            ? RateLimitDecision.Allow
            : new RateLimitDecision(false, "global", retryAfter);
    }

    /// <summary>Deletes counters of windows that have ended; the daily housekeeping calls it.</summary>
    public async Task<int> PurgeExpiredAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - Window - Window;
        var removed = 0;
        var filter = TableClient.CreateQueryFilter($"WindowStart lt {cutoff}");
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            if (await Table.DeleteIfExistsAsync(row.PartitionKey, row.RowKey, cancellationToken))
            {
                removed++;
            }
        }

        return removed;
    }

    private async Task<bool> TryCountAsync(string scope, string key, int limit, DateTimeOffset windowStart, CancellationToken cancellationToken)
    {
        var partition = scope + "-" + windowStart.ToString("yyyyMMddHH", CultureInfo.InvariantCulture);
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var current = await Table.GetEntityIfExistsAsync<TableEntity>(partition, key, cancellationToken: cancellationToken);
            try
            {
                if (!current.HasValue)
                {
                    await Table.AddEntityAsync(new TableEntity(partition, key) { ["Count"] = 1, ["WindowStart"] = windowStart }, cancellationToken);
                    return true;
                }

                var row = current.Value!;
                var count = row.GetInt32("Count") ?? 0;
                if (count >= limit)
                {
                    return false;
                }

                row["Count"] = count + 1;
                await Table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
                return true;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another request counted in between: read again and count on top of it.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 25 + (attempt * 10))), time, cancellationToken);
            }
        }

        return false;
    }
}
