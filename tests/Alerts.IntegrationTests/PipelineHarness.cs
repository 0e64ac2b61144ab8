using Alerts.Core.Configuration;
using Alerts.Core.Pipeline;
using Alerts.Core.Seeding;
using Alerts.Core.Sources;
using Alerts.Core.Storage;
using Alerts.Local;
using Alerts.Local.Pipeline;
using Alerts.Local.Sources;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Alerts.IntegrationTests;

/// <summary>The core services wired as the Functions app wires them, over a given storage account, with an outbox folder of its own.</summary>
public sealed class PipelineHarness : IAsyncDisposable
{
    private PipelineHarness(ServiceProvider services, string outbox, string storage)
    {
        Services = services;
        Outbox = outbox;
        ConnectionString = storage;
    }

    public ServiceProvider Services { get; }

    public string Outbox { get; }

    public string ConnectionString { get; }

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public static async Task<PipelineHarness> CreateAsync(string connectionString, Action<IServiceCollection>? configure = null, IDictionary<string, string?>? settings = null)
    {
        var outbox = Path.Combine(Path.GetTempPath(), "alerts-outbox-" + Guid.NewGuid().ToString("N"));
        var defaults = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = connectionString,
            ["Alerts:OutboxPath"] = outbox,
            ["Alerts:PublicBaseUrl"] = "https://alerts.example.test",
            ["Tokens:SigningKey"] = "integration-test-signing-key-0123456789abcdef",
        };
        var values = TestServices.With(defaults, settings);

        var provider = TestServices.Build(
            values,
            services =>
            {
                services.AddLocalFileSources();
                configure?.Invoke(services);
            },
            LogLevel.Warning);
        await provider.GetRequiredService<StorageInitializer>().EnsureCreatedAsync(CancellationToken.None);

        // Tests start from empty tables and queues, also over an Azurite of their own (the outage tests restart one).
        await AzuriteFixture.ResetAsync(connectionString, CancellationToken.None);
        return new PipelineHarness(provider, outbox, connectionString);
    }

    public Task<SeedCounts> SeedAsync(string? seedsFolder = null) =>
        Get<SeedLoader>().LoadAsync(seedsFolder ?? Path.Combine(RepositoryRoot.Find(), "seeds"), TestContext.Current.CancellationToken);

    /// <summary>One full cycle: every enabled source polled, every queue drained.</summary>
    public async Task<int> RunCycleAsync()
    {
        await Get<PollScheduler>().ScheduleAsync(null, TestContext.Current.CancellationToken, force: true);
        return await Get<LocalPipelineRunner>().DrainAsync(TestContext.Current.CancellationToken);
    }

    public string[] OutboxEmails() =>
        Directory.Exists(Outbox) ? Directory.GetFiles(Outbox, "*.eml") : [];

    /// <summary>A queue client that sees raw message text, as another producer or the trigger would.</summary>
    public QueueClient RawQueue(string name) => new(ConnectionString, name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });

    public QueueClient Queue(string name) => Get<StorageClients>().Queue(name);

    public async Task<int> CountAsync(string queue)
    {
        var properties = await Queue(queue).GetPropertiesAsync(TestContext.Current.CancellationToken);
        return properties.Value.ApproximateMessagesCount;
    }

    public static string Poison(string queue) => AlertsNames.Queues.PoisonOf(queue);

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        if (Directory.Exists(Outbox))
        {
            Directory.Delete(Outbox, recursive: true);
        }
    }
}
