using System.Diagnostics;
using System.Net;
using System.Text;
using Alerts.Core.Sources;
using Microsoft.Extensions.Options;

namespace Alerts.Core.Tests.Sources;

/// <summary>What the fetch handler refuses beyond addresses (ports, proxies), and hostile bodies over real HTTP on 127.0.0.1.</summary>
public sealed class HttpFeedReader_Ssrf : IAsyncLifetime
{
    private const string Feed = "<rss version='2.0'><channel><item><guid>1</guid><title>Hello</title><description>Body</description></item></channel></rss>";

    private readonly LocalHttpServer _server = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task<SourceReadResult> ReadAsync(FetchOptions options, Func<DnsEndPoint, IPAddress, bool>? isAllowed = null) =>
        await new HttpFeedReader(new HttpClient(HttpFeedReader.CreateHandler(options, isAllowed)), new FeedParser(), Options.Create(options)).ReadAsync(
            new SourceDefinition("s", "s", SourceKind.Feed, _server.Url("/feed").ToString(), TimeSpan.FromMinutes(5)),
            SourceCheckpoint.Empty,
            TestContext.Current.CancellationToken);

    [Fact]
    public async Task APortOtherThan80Or443IsRefusedEvenOnAnAllowedAddress()
    {
        _server.MapBytes("/feed", Encoding.UTF8.GetBytes(Feed));

        // Every address passes, as a public one would; only the port is left to refuse.
        var result = await ReadAsync(new FetchOptions { TimeoutSeconds = 2 }, (_, _) => true);

        Assert.Equal(SourceReadStatus.Failed, result.Status);
        Assert.Contains($"127.0.0.1:{_server.Port}: only ports 80 and 443 are fetched", result.Error, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task LocalTestsThatAllowPrivateAddressesStillReachRandomPorts()
    {
        _server.MapBytes("/feed", Encoding.UTF8.GetBytes(Feed));

        var result = await ReadAsync(new FetchOptions { TimeoutSeconds = 2, AllowPrivateAddresses = true });

        Assert.Equal(SourceReadStatus.Ok, result.Status);
    }

    [Fact]
    public void TheHandlerNeverUsesAProxy_WhichWouldConnectOnOurBehalfAfterTheAddressCheck()
    {
        using var handler = HttpFeedReader.CreateHandler(new FetchOptions());

        Assert.False(handler.UseProxy);
    }

    [Fact]
    public async Task AFeedNestedAHundredThousandLevelsDeepFailsWithItsReasonWithinASecond()
    {
        const int levels = 100_000;
        _server.MapBytes("/feed", FeedParser_HostileNesting.NestedHtmlInCdataFeed(levels));

        FeedParser_HostileNesting.WarmUp();
        var clock = Stopwatch.StartNew();
        var result = await ReadAsync(new FetchOptions { TimeoutSeconds = 5, AllowPrivateAddresses = true });

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed.TotalMilliseconds:0} ms");
        Assert.Equal(SourceReadStatus.Failed, result.Status);
        Assert.Equal($"refused: an item's HTML nests deeper than {HtmlText.MaxDepth} elements", result.Error);
    }
}
