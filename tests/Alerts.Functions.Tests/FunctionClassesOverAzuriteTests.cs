using Alerts.Core.Configuration;
using Alerts.Core.Sources;
using Alerts.Core.Statements;
using Alerts.Core.Storage;
using Alerts.Functions.Functions;
using Alerts.Local;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Alerts.Functions.Tests;

/// <summary>Each function class, resolved from the real host's container, run against a real Azurite.</summary>
[Collection(AzuriteSuite.Name)]
public sealed class FunctionClassesOverAzuriteTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private LocalHttpServer? _feed;
    private IHost? _host;

    private IServiceProvider Services => _host!.Services;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = AlertsFunctionsApp.CreateBuilder([]);
        foreach (var (key, value) in FunctionsHostTests.LocalSettings(azurite.ConnectionString))
        {
            builder.Configuration[key] = value;
        }

        // The feed is served on 127.0.0.1 and a random port, which only local tests may fetch.
        builder.Configuration["Fetch:AllowPrivateAddresses"] = "true";
        _host = builder.Build();
        await Services.GetRequiredService<StorageInitializer>().EnsureCreatedAsync(ct);
        await Services.GetRequiredService<Alerts.Core.Seeding.SeedLoader>().LoadAsync(Path.Combine(RepositoryRoot.Find(), "seeds"), ct);

        // The seed source is a local file, which the Function app never reads: serve the same document over HTTP.
        var sources = Services.GetRequiredService<SourceStore>();
        var seed = (await sources.GetAsync("seed-news", ct))!.Definition;
        _feed = new LocalHttpServer();
        _feed.MapBytes("/feed.xml", await File.ReadAllBytesAsync(seed.Location, ct));
        await sources.UpsertDefinitionAsync(seed with { Kind = SourceKind.Feed, Location = _feed.Url("/feed.xml").ToString() }, ct);
    }

    public async ValueTask DisposeAsync()
    {
        _host?.Dispose();
        if (_feed is not null)
        {
            await _feed.DisposeAsync();
        }
    }

    private T Function<T>() => ActivatorUtilities.CreateInstance<T>(Services);

    private TestFunctionContext Context(string messageId) => new(Services, new Dictionary<string, object?> { ["Id"] = messageId });

    private async Task<string[]> ReceiveAsync(string queue)
    {
        var messages = await Services.GetRequiredService<StorageClients>().Queue(queue).ReceiveMessagesAsync(32, cancellationToken: TestContext.Current.CancellationToken);
        return messages.Value.Select(m => m.MessageText).ToArray();
    }

    [Fact]
    public async Task EachStageFunctionHandsItsOutputToTheNextQueue()
    {
        var ct = TestContext.Current.CancellationToken;

        await Function<ScheduleSourcePolls>().Run(new TimerInfo(), ct);
        var poll = Assert.Single(await ReceiveAsync(AlertsNames.Queues.PollRequests));

        await Function<PollSource>().Run(poll, Context("poll-1"), ct);
        var statements = await ReceiveAsync(AlertsNames.Queues.Statements);
        Assert.NotEmpty(statements);

        foreach (var statement in statements)
        {
            await Function<AnalyzeStatement>().Run(statement, Context("statement-" + statement.GetHashCode()), ct);
        }

        var delivery = Assert.Single(await ReceiveAsync(AlertsNames.Queues.Deliveries));
        await Function<DeliverAlert>().Run(delivery, Context("delivery-1"), ct);
        await Function<DeliverAlert>().Run(delivery, Context("delivery-1-again"), ct);

        var outbox = Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AlertsOptions>>().Value.OutboxPath!;
        Assert.Single(Directory.GetFiles(outbox, "*.eml"));
    }

    [Fact]
    public async Task QueueFunctionGivenAnUnreadableMessagePoisonsItInsteadOfThrowing()
    {
        var ct = TestContext.Current.CancellationToken;

        await Function<AnalyzeStatement>().Run("{\"broken\":", Context("bad-1"), ct);

        Assert.Equal("{\"broken\":", Assert.Single(await ReceiveAsync(AlertsNames.Queues.PoisonOf(AlertsNames.Queues.Statements))));
    }
}
