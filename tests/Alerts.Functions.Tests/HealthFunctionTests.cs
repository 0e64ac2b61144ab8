using System.Text.Json;
using Alerts.Core.Configuration;
using Alerts.Core.Pipeline;
using Alerts.Core.Storage;
using Alerts.Functions.Http;
using Alerts.Local.Pipeline;
using Alerts.Local.Storage;
using Azure.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Alerts.Functions.Tests;

[Collection(AzuriteSuite.Name)]
public sealed class HealthFunctionTests(AzuriteFixture azurite)
{
    private static (IServiceProvider Services, IDisposable Host) BuildHost(string storage, Action<IServiceCollection>? configure = null)
    {
        var builder = AlertsFunctionsApp.CreateBuilder([]);
        foreach (var (key, value) in FunctionsHostTests.LocalSettings(storage))
        {
            builder.Configuration[key] = value;
        }

        configure?.Invoke(builder.Services);
        var host = builder.Build();
        return (host.Services, host);
    }

    [Fact]
    public async Task DetailedHealthReportsEachQueueBacklogAndPoisonCount()
    {
        var ct = TestContext.Current.CancellationToken;
        var (services, host) = BuildHost(azurite.ConnectionString);
        using var _ = host;
        await services.GetRequiredService<StorageInitializer>().EnsureCreatedAsync(ct);
        var clients = services.GetRequiredService<StorageClients>();
        await clients.Queue(AlertsNames.Queues.Statements).SendMessageAsync("{}", ct);
        await clients.Queue(AlertsNames.Queues.PoisonOf(AlertsNames.Queues.Deliveries)).SendMessageAsync("{}", ct);

        var result = Assert.IsType<ObjectResult>(await ActivatorUtilities.CreateInstance<HealthDetails>(services).Run(new DefaultHttpContext().Request, ct));

        Assert.Equal(StatusCodes.Status200OK, result.StatusCode);
        var report = Assert.IsType<HealthReport>(result.Value);
        Assert.Equal(1, report.Queues[AlertsNames.Queues.Statements].Backlog);
        Assert.Equal(1, report.Queues[AlertsNames.Queues.Deliveries].Poison);
        Assert.Equal("degraded", report.Status);
    }

    [Fact]
    public async Task AnonymousHealthSaysOnlyHealthy_AndCallsStorageOncePerCachePeriodHoweverOftenItIsAsked()
    {
        var ct = TestContext.Current.CancellationToken;
        var counter = new StorageRequestCounter();
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-30T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var (services, host) = BuildHost(azurite.ConnectionString, s =>
        {
            s.AddSingleton<TimeProvider>(time);
            s.AddSingleton(sp => new StorageClients(sp.GetRequiredService<IOptions<StorageOptions>>().Value, o => o.AddPolicy(counter, HttpPipelinePosition.PerRetry)));
        });
        using var _ = host;
        await services.GetRequiredService<StorageInitializer>().EnsureCreatedAsync(ct);
        await services.GetRequiredService<StorageClients>().Queue(AlertsNames.Queues.PoisonOf(AlertsNames.Queues.Deliveries)).SendMessageAsync("{}", ct);
        var health = ActivatorUtilities.CreateInstance<Health>(services);
        counter.Reset();

        var answers = new List<ObjectResult>();
        for (var i = 0; i < 20; i++)
        {
            answers.Add(Assert.IsType<ObjectResult>(await health.Run(new DefaultHttpContext().Request, ct)));
        }

        Assert.Equal(1, counter.Total);
        Assert.All(answers, a => Assert.Equal(StatusCodes.Status200OK, a.StatusCode));
        var json = JsonSerializer.Serialize(answers[0].Value);
        Assert.Contains("\"healthy\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("poison", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(AlertsNames.Queues.Deliveries, json, StringComparison.Ordinal);
        Assert.DoesNotContain("degraded", json, StringComparison.Ordinal);

        time.Advance(LivenessProbe.CacheFor);
        await health.Run(new DefaultHttpContext().Request, ct);
        Assert.Equal(2, counter.Total);
    }

    [Fact]
    public async Task BothHealthAnswersAre503WhenStorageIsUnreachable_AndTheAnonymousOneSaysNoMore()
    {
        var ct = TestContext.Current.CancellationToken;
        var port = AzuriteServer.FreePort();
        var (services, host) = BuildHost(AzuriteServer.BuildConnectionString(port, port, port));
        using var _ = host;

        var details = Assert.IsType<ObjectResult>(await ActivatorUtilities.CreateInstance<HealthDetails>(services).Run(new DefaultHttpContext().Request, ct));
        var liveness = Assert.IsType<ObjectResult>(await ActivatorUtilities.CreateInstance<Health>(services).Run(new DefaultHttpContext().Request, ct));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, details.StatusCode);
        Assert.False(Assert.IsType<HealthReport>(details.Value).StorageReachable);
        Assert.DoesNotContain("AccountKey", JsonSerializer.Serialize(details.Value), StringComparison.Ordinal);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, liveness.StatusCode);
        var json = JsonSerializer.Serialize(liveness.Value);
        Assert.Contains("\"unhealthy\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain(port.ToString(System.Globalization.CultureInfo.InvariantCulture), json, StringComparison.Ordinal);
    }
}
