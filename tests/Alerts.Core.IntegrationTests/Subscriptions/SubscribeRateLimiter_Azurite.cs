using Alerts.Core.Storage;
using Alerts.Core.Subscriptions;
using Alerts.Core.IntegrationTests.Delivery;
using Microsoft.Extensions.DependencyInjection;

namespace Alerts.Core.IntegrationTests.Subscriptions;

/// <summary>
/// Sign-up limits that hold across a scaled-out app: two service providers stand for two instances sharing
/// one storage account (real Azurite), and their counts add up.
/// </summary>
[Collection(AzuriteSuite.Name)]
public sealed class SubscribeRateLimiter_Azurite(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ServiceProvider Instance(InstantDelayTimeProvider clock, int perIp, int global)
    {
        var provider = azurite.BuildServices(Path.GetTempPath(), new Dictionary<string, string?>
        {
            ["Subscribe:PerIpPerHour"] = perIp.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Subscribe:GlobalPerHour"] = global.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        return Rebuild(provider, clock);
    }

    // The fixture's provider uses the system clock; the limiter gets the test's clock, over the same storage.
    private static ServiceProvider Rebuild(ServiceProvider provider, TimeProvider clock)
    {
        var services = new ServiceCollection();
        services.AddSingleton(provider.GetRequiredService<StorageClients>());
        services.AddSingleton(provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<SubscribeOptions>>());
        services.AddSingleton(clock);
        services.AddSingleton<SubscribeRateLimiter>();
        services.AddSingleton(provider);
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task CountsEachClientAndEveryoneTogetherAcrossInstancesAndStartsAgainNextWindow()
    {
        var clock = new InstantDelayTimeProvider(TimeProvider.System);
        clock.Advance(TimeSpan.FromDays(Random.Shared.Next(1000, 100_000)));
        await using var first = Instance(clock, perIp: 3, global: 5);
        await using var second = Instance(clock, perIp: 3, global: 5);
        await first.GetRequiredService<ServiceProvider>().GetRequiredService<StorageInitializer>().EnsureCreatedAsync(Ct);
        var a = first.GetRequiredService<SubscribeRateLimiter>();
        var b = second.GetRequiredService<SubscribeRateLimiter>();

        var fromOne = new List<RateLimitDecision>();
        for (var i = 0; i < 4; i++)
        {
            fromOne.Add(await (i % 2 == 0 ? a : b).TryAcquireAsync("198.51.100.7", Ct));
        }

        var fromOthers = new List<RateLimitDecision>();
        foreach (var ip in new[] { "203.0.113.1", "203.0.113.2", "203.0.113.3" })
        {
            fromOthers.Add(await b.TryAcquireAsync(ip, Ct));
        }

        clock.Advance(SubscribeRateLimiter.Window);
        var nextWindow = await a.TryAcquireAsync("198.51.100.7", Ct);

        Assert.Equal([true, true, true, false], fromOne.Select(d => d.Allowed));
        Assert.Equal("per-client", fromOne[3].Limit);
        Assert.InRange(fromOne[3].RetryAfter, TimeSpan.FromSeconds(1), SubscribeRateLimiter.Window);
        Assert.Equal([true, true, false], fromOthers.Select(d => d.Allowed));
        Assert.Equal("global", fromOthers[2].Limit);
        Assert.True(nextWindow.Allowed);
    }

    [Fact]
    public async Task NeverLetsMoreThanTheLimitThroughWhenRequestsRaceOnTwoInstances()
    {
        var clock = new InstantDelayTimeProvider(TimeProvider.System);
        clock.Advance(TimeSpan.FromDays(Random.Shared.Next(100_001, 200_000)));
        await using var first = Instance(clock, perIp: 1000, global: 7);
        await using var second = Instance(clock, perIp: 1000, global: 7);
        await first.GetRequiredService<ServiceProvider>().GetRequiredService<StorageInitializer>().EnsureCreatedAsync(Ct);
        var limiters = new[] { first.GetRequiredService<SubscribeRateLimiter>(), second.GetRequiredService<SubscribeRateLimiter>() };

        var decisions = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => limiters[i % 2].TryAcquireAsync($"192.0.2.{i}", Ct)));

        Assert.Equal(7, decisions.Count(d => d.Allowed));
    }

    [Theory]
    [InlineData("203.0.113.9, 198.51.100.20:51234", null, "198.51.100.20")]
    [InlineData("[2001:db8:1:2:3:4:5:6]:443", null, "2001:db8:1:2::/64")]
    [InlineData(null, "::ffff:192.0.2.1", "192.0.2.1")]
    [InlineData("garbage", "192.0.2.44", "192.0.2.44")]
    [InlineData("", null, null)]
    public void KeysAClientByTheAddressThePlatformAppended(string? forwardedFor, string? remote, string? expected) =>
        Assert.Equal(expected, ClientAddress.From(forwardedFor, remote is null ? null : System.Net.IPAddress.Parse(remote)));
}
