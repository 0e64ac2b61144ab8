using System.Security.Cryptography;
using Alerts.Core.Configuration;
using Alerts.Core.Officials;
using Alerts.Core.Statements;
using Alerts.Core.Storage;
using Alerts.Core.Subscriptions;
using Alerts.Core.Threats;
using Alerts.Local;
using Alerts.Local.Pipeline;
using Alerts.Local.Storage;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Alerts.Core.Tests.Sources;

/// <summary>
/// One in-memory Azurite on free ports per test class, and the same services the Functions app uses,
/// built over it. Tests in a class run one after another, and each uses its own source and official ids.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteServer? _azurite;

    public string ConnectionString => _azurite?.ConnectionString ?? throw new InvalidOperationException("Azurite is not started.");

    public async ValueTask InitializeAsync()
    {
        _azurite = await AzuriteServer.StartInMemoryAsync(RepositoryRoot.Find(), TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }

    /// <summary>Services over this Azurite; private addresses allowed so feeds can come from 127.0.0.1.</summary>
    public ServiceProvider BuildServices(string outbox, IDictionary<string, string?>? extra = null, Action<IServiceCollection>? configure = null)
    {
        var settings = new Dictionary<string, string?>
        {
            [AlertsNames.Settings.Storage] = ConnectionString,
            ["Alerts:OutboxPath"] = outbox,
            ["Tokens:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
            ["Fetch:AllowPrivateAddresses"] = "true",
            ["Fetch:TimeoutSeconds"] = "5",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddAlertsCore(configuration);
        services.AddLocalPipelineRunner();
        configure?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

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
