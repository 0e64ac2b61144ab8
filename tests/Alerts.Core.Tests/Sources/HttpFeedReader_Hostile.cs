using System.IO.Compression;
using System.Net;
using System.Text;
using Alerts.Core.Sources;
using Microsoft.Extensions.Options;

namespace Alerts.Core.Tests.Sources;

/// <summary>Hostile and broken responses, served from 127.0.0.1 (private addresses allowed for these tests only).</summary>
public sealed class HttpFeedReader_Hostile : IAsyncLifetime
{
    private const string Feed = "<rss version='2.0'><channel><link>https://outlet.example.org/</link><item><guid>1</guid><title>Hello</title><description>Body</description></item></channel></rss>";

    private readonly LocalHttpServer _server = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static FetchOptions LocalOptions(long maxBytes = 1_000_000) => new()
    {
        AllowPrivateAddresses = true,
        TimeoutSeconds = 2,
        MaxResponseBytes = maxBytes,
        MaxRedirects = 3,
    };

    // Ports are not what these tests are about (HttpFeedReader_Ssrf holds the 80/443 rule): the local server's random port passes.
    private static HttpFeedReader Reader(FetchOptions options, Func<DnsEndPoint, IPAddress, bool>? isAllowed = null) =>
        new(new HttpClient(HttpFeedReader.CreateHandler(options, isAllowed, _ => true)), new FeedParser(), Options.Create(options));

    private async Task<SourceReadResult> ReadAsync(string path, FetchOptions? options = null, Func<DnsEndPoint, IPAddress, bool>? isAllowed = null, SourceCheckpoint? checkpoint = null) =>
        await Reader(options ?? LocalOptions(), isAllowed).ReadAsync(
            new SourceDefinition("s", "s", SourceKind.Feed, _server.Url(path).ToString(), TimeSpan.FromMinutes(5)),
            checkpoint ?? SourceCheckpoint.Empty,
            TestContext.Current.CancellationToken);

    [Fact]
    public async Task ReadsAPlainFeed()
    {
        _server.MapBytes("/feed", Encoding.UTF8.GetBytes(Feed));

        var result = await ReadAsync("/feed");

        Assert.Equal(SourceReadStatus.Ok, result.Status);
        Assert.Equal("Hello", Assert.Single(result.Items).Title);
    }

    [Fact]
    public async Task RefusesXxeWithoutReadingTheReferencedFile()
    {
        _server.MapBytes("/xxe", Encoding.UTF8.GetBytes("""
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <rss version="2.0"><channel><item><title>&xxe;</title></item></channel></rss>
            """));

        var result = await ReadAsync("/xxe");

        Assert.Equal(SourceReadStatus.Failed, result.Status);
        Assert.Contains("DTDs are never processed", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("root:", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusesABillionLaughsDocument()
    {
        var dtd = new StringBuilder("<!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (var i = 1; i <= 9; i++)
        {
            dtd.Append(System.Globalization.CultureInfo.InvariantCulture, $"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{(i == 1 ? "" : (i - 1).ToString(System.Globalization.CultureInfo.InvariantCulture))};", 10))}\">");
        }

        dtd.Append("]>");
        _server.MapBytes("/lol", Encoding.UTF8.GetBytes($"<?xml version=\"1.0\"?>{dtd}<rss version=\"2.0\"><channel><item><title>&lol9;</title></item></channel></rss>"));

        var result = await ReadAsync("/lol");

        Assert.Equal(SourceReadStatus.Failed, result.Status);
        Assert.Contains("DTDs are never processed", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusesA50MegabyteBodyByItsDeclaredLength()
    {
        _server.Map("/big", async context =>
        {
            context.Response.ContentLength64 = 50_000_000;
            var chunk = new byte[65_536];
            for (var sent = 0L; sent < 50_000_000; sent += chunk.Length)
            {
                await context.Response.OutputStream.WriteAsync(chunk);
            }
        });

        var result = await ReadAsync("/big");

        Assert.Equal(SourceReadStatus.Failed, result.Status);
        Assert.Contains("exceeds the cap", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusesA50MegabyteChunkedBodyOnceTheCapIsReached()
    {
        _server.Map("/big-chunked", async context =>
        {
            context.Response.SendChunked = true;
            var chunk = Encoding.ASCII.GetBytes(new string(' ', 65_536));
            await context.Response.OutputStream.WriteAsync(Encoding.ASCII.GetBytes("<rss><channel>"));
            for (var sent = 0L; sent < 50_000_000; sent += chunk.Length)
            {
                await context.Response.OutputStream.WriteAsync(chunk);
            }
        });

        var result = await ReadAsync("/big-chunked");

        Assert.Equal(SourceReadStatus.Failed, result.Status);
        Assert.Contains("exceeds the cap of 1000000 bytes", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusesAGzipBombByCountingBytesAfterDecompression()
    {
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            var zeros = new byte[1_000_000];
            await gzip.WriteAsync(Encoding.ASCII.GetBytes("<rss><channel><title>"), TestContext.Current.CancellationToken);
            for (var i = 0; i < 200; i++)
            {
                await gzip.WriteAsync(zeros, TestContext.Current.CancellationToken);
            }
        }

        var bomb = compressed.ToArray();
        Assert.True(bomb.Length < 1_000_000, "the bomb itself is small");
        _server.Map("/bomb", async context =>
        {
            context.Response.AddHeader("Content-Encoding", "gzip");
            context.Response.ContentType = "application/rss+xml";
            context.Response.ContentLength64 = bomb.Length;
            await context.Response.OutputStream.WriteAsync(bomb);
        });

        var result = await ReadAsync("/bomb");

        Assert.Equal(SourceReadStatus.Failed, result.Status);
        Assert.Contains("counted after decompression", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusesAnHtmlPageServedInsteadOfAFeed()
    {
        _server.MapBytes("/html", Encoding.UTF8.GetBytes("<!DOCTYPE html><html><head><title>Sign in</title></head><body><p>Please log in<br></body></html>"), "text/html");

        var result = await ReadAsync("/html");

        Assert.Equal(SourceReadStatus.Failed, result.Status);
        Assert.Equal("an HTML page, not a feed", result.Error);
    }

    [Fact]
    public async Task RefusesAnEmptyBody()
    {
        _server.MapBytes("/empty", []);

        var result = await ReadAsync("/empty");

        Assert.Equal(SourceReadStatus.Failed, result.Status);
        Assert.Equal("empty body", result.Error);
    }

    [Fact]
    public async Task GivesUpOnASlowServerAfterTheTimeout()
    {
        _server.Map("/slow", async _ => await Task.Delay(TimeSpan.FromSeconds(10)));

        var result = await ReadAsync("/slow", new FetchOptions { AllowPrivateAddresses = true, TimeoutSeconds = 1, TotalTimeoutSeconds = 1 });

        Assert.Equal(SourceReadStatus.Failed, result.Status);
        Assert.Equal("timed out after 1 s", result.Error);
    }

    [Fact]
    public async Task StopsFollowingARedirectLoopAtTheLimit()
    {
        _server.Map("/loop", context =>
        {
            context.Response.Redirect(_server.Url("/loop").ToString());
            return Task.CompletedTask;
        });

        var result = await ReadAsync("/loop");

        Assert.Equal(SourceReadStatus.Failed, result.Status);
        Assert.Contains("too many redirects", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnswersNotModifiedWhenTheServerHonoursTheStoredETag()
    {
        _server.MapBytes("/etag", Encoding.UTF8.GetBytes(Feed), etag: "\"v1\"");

        var first = await ReadAsync("/etag");
        var second = await ReadAsync("/etag", checkpoint: SourceCheckpoint.Empty with { ETag = first.ETag });

        Assert.Equal("\"v1\"", first.ETag);
        Assert.Equal(SourceReadStatus.NotModified, second.Status);
        Assert.Equal("\"v1\"", _server.Requests[^1].Headers["If-None-Match"]);
    }

    [Fact]
    public async Task RefusesAFeedOnLoopbackByDefault()
    {
        _server.MapBytes("/feed", Encoding.UTF8.GetBytes(Feed));
        var defaults = new FetchOptions { TimeoutSeconds = 2 };

        var result = await Reader(defaults).ReadAsync(
            new SourceDefinition("s", "s", SourceKind.Feed, _server.Url("/feed").ToString(), TimeSpan.FromMinutes(5)),
            SourceCheckpoint.Empty,
            TestContext.Current.CancellationToken);

        Assert.Equal(SourceReadStatus.Failed, result.Status);
        Assert.Contains("is not a public address", result.Error, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task RefusesARedirectToAnAddressThePolicyForbids()
    {
        await using var internalServer = new LocalHttpServer();
        internalServer.MapBytes("/secret", Encoding.UTF8.GetBytes(Feed));
        _server.Map("/redirect", context =>
        {
            context.Response.Redirect(internalServer.Url("/secret").ToString());
            return Task.CompletedTask;
        });

        // Only the outlet's own port counts as "public" here: the redirect hop to the other port stands for an internal host.
        var result = await ReadAsync("/redirect", new FetchOptions { TimeoutSeconds = 2 }, (endpoint, _) => endpoint.Port == _server.Port);

        Assert.Equal(SourceReadStatus.Failed, result.Status);
        Assert.Contains("is not a public address", result.Error, StringComparison.Ordinal);
        Assert.Empty(internalServer.Requests);
    }
}
