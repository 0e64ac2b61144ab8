using System.Text.Json;
using Alerts.Core.Configuration;
using Alerts.Core.Pipeline;
using Alerts.Core.Storage;
using Alerts.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Alerts.Functions.Tests;

public sealed class HealthFunctionTests
{
    private static (IServiceProvider Services, IDisposable Host) BuildHost(string storage)
    {
        var builder = AlertsFunctionsApp.CreateBuilder([]);
        foreach (var (key, value) in FunctionsHostTests.LocalSettings(storage))
        {
            builder.Configuration[key] = value;
        }

        var host = builder.Build();
        return (host.Services, host);
    }

    [Fact]
    public async Task HealthReportsEachQueueBacklogAndPoisonCount()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var azurite = await AzuriteServer.StartInMemoryAsync(RepositoryRoot.Find(), ct);
        var (services, host) = BuildHost(azurite.ConnectionString);
        using var _ = host;
        await services.GetRequiredService<StorageInitializer>().EnsureCreatedAsync(ct);
        var clients = services.GetRequiredService<StorageClients>();
        await clients.Queue(AlertsNames.Queues.Statements).SendMessageAsync("{}", ct);
        await clients.Queue(AlertsNames.Queues.PoisonOf(AlertsNames.Queues.Deliveries)).SendMessageAsync("{}", ct);

        var result = Assert.IsType<ObjectResult>(await ActivatorUtilities.CreateInstance<Health>(services).Run(new DefaultHttpContext().Request, ct));

        Assert.Equal(StatusCodes.Status200OK, result.StatusCode);
        var report = Assert.IsType<HealthReport>(result.Value);
        Assert.Equal(1, report.Queues[AlertsNames.Queues.Statements].Backlog);
        Assert.Equal(1, report.Queues[AlertsNames.Queues.Deliveries].Poison);
        Assert.Equal("degraded", report.Status);
    }

    [Fact]
    public async Task HealthAnswers503WhenStorageIsUnreachable()
    {
        var ct = TestContext.Current.CancellationToken;
        var port = AzuriteServer.FreePort();
        var (services, host) = BuildHost(AzuriteServer.BuildConnectionString(port, port, port));
        using var _ = host;

        var result = Assert.IsType<ObjectResult>(await ActivatorUtilities.CreateInstance<Health>(services).Run(new DefaultHttpContext().Request, ct));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, result.StatusCode);
        Assert.False(Assert.IsType<HealthReport>(result.Value).StorageReachable);
        Assert.DoesNotContain("AccountKey", JsonSerializer.Serialize(result.Value), StringComparison.Ordinal);
    }
}
