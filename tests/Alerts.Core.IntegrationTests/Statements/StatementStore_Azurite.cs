using Alerts.Core.Configuration;
using Alerts.Core.IntegrationTests.Delivery;
using Alerts.Core.Statements;
using Alerts.Core.Storage;
using Azure.Data.Tables;

namespace Alerts.Core.IntegrationTests.Statements;

/// <summary>The statements table: one RowKey per statement, and rows written under the old shared RowKey still served.</summary>
[Collection(AzuriteSuite.Name)]
public sealed class StatementStore_Azurite(AzuriteFixture azurite)
{
    private async Task<(StatementStore Store, TableClient Table)> StoreAsync()
    {
        var clients = new StorageClients(new StorageOptions { ConnectionString = azurite.ConnectionString });
        var table = clients.Table(AlertsNames.Tables.Statements);
        await table.CreateIfNotExistsAsync(TestContext.Current.CancellationToken);
        return (new StatementStore(clients), table);
    }

    [Fact]
    public async Task StoresEachStatementUnderItsOwnRowKeySoNoTwoRowsShareOne()
    {
        var ct = TestContext.Current.CancellationToken;
        var (store, table) = await StoreAsync();
        var first = TestData.Statement("store-official", "Store Official", DateTimeOffset.UtcNow);
        var second = TestData.Statement("store-official", "Store Official", DateTimeOffset.UtcNow);

        Assert.True((await store.TryAddAsync(first, ct)).Added);
        Assert.True((await store.TryAddAsync(second, ct)).Added);
        Assert.False((await store.TryAddAsync(first, ct)).Added);

        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(cancellationToken: ct))
        {
            rows.Add(row);
        }

        Assert.Equal(new[] { first.Id, second.Id }.Order(StringComparer.Ordinal), rows.Select(r => r.RowKey).Order(StringComparer.Ordinal));
        Assert.All(rows, r => Assert.Equal(r.PartitionKey, r.RowKey));
        Assert.Equal(first.Text, (await store.GetAsync(first.Id, ct))?.Text);
    }

    [Fact]
    public async Task ReadsUpdatesAndListsOnceARowWrittenUnderTheOldSharedRowKey()
    {
        var ct = TestContext.Current.CancellationToken;
        var (store, table) = await StoreAsync();
        var since = DateTimeOffset.UtcNow.AddMinutes(-1);
        var old = TestData.Statement("store-official", "Store Official", DateTimeOffset.UtcNow);
        // As the store wrote it before 30 November 2026: the same columns, RowKey "statement".
        await store.TryAddAsync(old, ct);
        var written = (await table.GetEntityAsync<TableEntity>(old.Id, old.Id, cancellationToken: ct)).Value;
        await table.DeleteEntityAsync(old.Id, old.Id, cancellationToken: ct);
        written.RowKey = StatementStore.LegacyRow;
        await table.AddEntityAsync(written, ct);

        Assert.Equal(old.Text, (await store.GetAsync(old.Id, ct))?.Text);
        var withSource = await store.AddSourceAsync(old.Id, new StatementSource("src-2", "Second outlet", "item-2", null, null, DateTimeOffset.UtcNow), ct);
        await store.MarkDeliveriesQueuedAsync(old.Id, DateTimeOffset.UtcNow, ct);
        var read = await store.GetAsync(old.Id, ct);

        Assert.Equal(2, withSource.Sources.Count);
        Assert.NotNull(read);
        Assert.Equal(2, read.Sources.Count);
        Assert.NotNull(read.DeliveriesQueuedAt);
        Assert.False((await table.GetEntityIfExistsAsync<TableEntity>(old.Id, old.Id, cancellationToken: ct)).HasValue);

        // Stored again under its new key (an insert cannot see the old row): listed once, the new row first.
        Assert.True((await store.TryAddAsync(old with { Text = "stored again" }, ct)).Added);
        var listed = new List<StoredStatement>();
        await foreach (var statement in store.ListAsync(since, ct))
        {
            listed.Add(statement);
        }

        Assert.Equal("stored again", Assert.Single(listed, s => s.Id == old.Id).Text);
    }
}
