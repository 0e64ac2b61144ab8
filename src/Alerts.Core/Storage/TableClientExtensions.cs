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
}
