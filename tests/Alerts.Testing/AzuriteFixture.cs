using Alerts.Core.Configuration;
using Alerts.Core.Officials;
using Alerts.Core.Statements;
using Alerts.Core.Storage;
using Alerts.Core.Subscriptions;
using Alerts.Core.Threats;
using Alerts.Local;
using Alerts.Local.Storage;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Alerts.Testing;

/// <summary>
/// One real Azurite, in memory on free loopback ports, for a whole test assembly
/// (<c>[assembly: AssemblyFixture(typeof(AzuriteFixture))]</c>): starting Node and the emulator costs seconds,
/// so it happens once, not once per test class. Tests get a clean account from <see cref="ResetAsync"/>, which
/// <see cref="ResetAzuriteAttribute"/> runs after each test of the assembly's Azurite collection.
/// </summary>
/// <remarks>
/// Isolation is by emptying, not by unique table and queue prefixes: the table and queue names are the
/// production constants in <see cref="AlertsNames"/> and the code under test does not take a prefix, so a prefix
/// would need a production setting that exists only for tests. Emptying keeps the tables and queues themselves
/// (services that created them once keep working) and the Azurite tests of an assembly run one after another
/// in one collection, while the tests that need no storage still run in parallel beside them.
/// </remarks>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteServer? _server;

    public AzuriteServer Server => _server ?? throw new InvalidOperationException("Azurite is not started.");

    public string ConnectionString => Server.ConnectionString;

    public async ValueTask InitializeAsync()
    {
        _server = await AzuriteServer.StartInMemoryAsync(RepositoryRoot.Find(), TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>Deletes every entity of every table and every message of every queue; the tables and queues stay.</summary>
    public Task ResetAsync(CancellationToken cancellationToken) => ResetAsync(ConnectionString, cancellationToken);

    /// <inheritdoc cref="ResetAsync(CancellationToken)"/>
    public static async Task ResetAsync(string connectionString, CancellationToken cancellationToken)
    {
        var tables = new TableServiceClient(connectionString);
        await foreach (var table in tables.QueryAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var client = tables.GetTableClient(table.Name);
            await foreach (var entity in client.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                await client.DeleteEntityAsync(entity.PartitionKey, entity.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }

        var queues = new QueueServiceClient(connectionString);
        await foreach (var queue in queues.GetQueuesAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            await queues.GetQueueClient(queue.Name).ClearMessagesAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Services over this Azurite, as the Functions app builds them; private addresses allowed so feeds can come
    /// from 127.0.0.1. <paramref name="extra"/> adds or replaces settings.
    /// </summary>
    public ServiceProvider BuildServices(string outbox, IDictionary<string, string?>? extra = null, Action<IServiceCollection>? configure = null) =>
        TestServices.Build(TestServices.Settings(ConnectionString, outbox, extra), configure);

    public static async Task AddOfficialAndSubscriberAsync(IServiceProvider services, Official official, string email, CancellationToken cancellationToken)
    {
        await services.GetRequiredService<StorageInitializer>().EnsureCreatedAsync(cancellationToken);
        await services.GetRequiredService<OfficialStore>().UpsertAsync(official, cancellationToken);
        var now = DateTimeOffset.UtcNow;
        await services.GetRequiredService<SubscriptionStore>().UpsertAsync(
            new Subscription(SubscriptionStore.IdFor(email), email, [official.Id], ThreatLevel.Low, [], DeliveryMode.Immediate, SubscriptionStatus.Active, now, now),
            cancellationToken);
    }

    /// <summary>Every entity of every table with its ETag: equal snapshots mean nothing was written in between.</summary>
    public async Task<IReadOnlyList<string>> SnapshotTablesAsync(CancellationToken cancellationToken)
    {
        var service = new TableServiceClient(ConnectionString);
        var rows = new List<string>();
        foreach (var table in AlertsNames.Tables.All)
        {
            try
            {
                await foreach (var entity in service.GetTableClient(table).QueryAsync<TableEntity>(cancellationToken: cancellationToken))
                {
                    rows.Add($"{table}|{entity.PartitionKey}|{entity.RowKey}|{entity.ETag}");
                }
            }
            catch (Azure.RequestFailedException ex) when (ex.Status == 404)
            {
                // Table not created in this run.
            }
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }
}
