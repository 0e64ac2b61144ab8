using Alerts.Core.Configuration;
using Alerts.Core.Storage;
using Azure.Data.Tables;

namespace Alerts.Core.Officials;

/// <summary>The watched officials, in the <c>officials</c> table (one partition: a few hundred rows at most).</summary>
public sealed class OfficialStore(StorageClients clients)
{
    private const string Partition = "official";

    private TableClient Table => clients.Table(AlertsNames.Tables.Officials);

    public async Task UpsertAsync(Official official, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(Partition, TableKeys.Require(official.Id, "Official id"))
        {
            ["Name"] = official.Name,
            ["Aliases"] = TableJson.Write(official.Aliases),
            ["Role"] = official.Role,
            ["Country"] = official.Country,
            ["XUserId"] = official.XUserId,
            ["Accounts"] = official.Accounts is { Count: > 0 } accounts ? TableJson.Write(accounts) : null,
        };
        await Table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<Official>> ListAsync(CancellationToken cancellationToken)
    {
        var result = new List<Official>();
        await foreach (var official in Table.ListPartitionAsync(Partition, ToOfficial, cancellationToken))
        {
            result.Add(official);
        }

        return result;
    }

    public Task<Official?> GetAsync(string id, CancellationToken cancellationToken) =>
        Table.GetOrNullAsync(Partition, id, ToOfficial, cancellationToken);

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) =>
        Table.DeleteIfExistsAsync(Partition, id, cancellationToken);

    private static Official ToOfficial(TableEntity e) => new(
        e.RowKey,
        e.GetString("Name") ?? e.RowKey,
        TableJson.Read<List<string>>(e.GetString("Aliases"), []),
        e.GetString("Role"),
        e.GetString("Country"),
        e.GetString("XUserId"),
        TableJson.Read<List<string>>(e.GetString("Accounts"), []));
}
