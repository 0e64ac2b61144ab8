using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;

namespace Alerts.Core.Storage;

internal static class TableClientExtensions
{
    /// <summary>Deletes one entity whatever its ETag; false when there was none (a 404 is an answer, not an error).</summary>
    public static async Task<bool> DeleteIfExistsAsync(this TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(partitionKey, rowKey, ETag.All, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }
    }

    /// <summary>
    /// The stores' shared read frame: one entity by its keys, mapped to the store's record; null when there is none.
    /// </summary>
    public static async Task<T?> GetOrNullAsync<T>(this TableClient table, string partitionKey, string rowKey, Func<TableEntity, T> map, CancellationToken cancellationToken)
        where T : class
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken);
        return response.HasValue ? map(response.Value!) : null;
    }

    /// <summary>Every entity of one partition (only the <paramref name="select"/> columns when given), mapped to the store's record.</summary>
    public static async IAsyncEnumerable<T> ListPartitionAsync<T>(
        this TableClient table,
        string partitionKey,
        Func<TableEntity, T> map,
        [EnumeratorCancellation] CancellationToken cancellationToken,
        IEnumerable<string>? select = null)
    {
        await foreach (var entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == partitionKey, select: select, cancellationToken: cancellationToken))
        {
            yield return map(entity);
        }
    }
}
