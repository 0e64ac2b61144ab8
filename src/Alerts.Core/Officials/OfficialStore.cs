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
        await foreach (var entity in Table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, cancellationToken: cancellationToken))
        {
            result.Add(ToOfficial(entity));
        }

        return result;
    }

    public async Task<Official?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var response = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, id, cancellationToken: cancellationToken);
        return response.HasValue ? ToOfficial(response.Value!) : null;
    }

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
