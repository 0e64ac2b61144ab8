using System.Globalization;
using System.Text;
using Alerts.Core.Configuration;
using Alerts.Core.IntegrationTests.Delivery;
using Alerts.Core.Officials;
using Alerts.Core.Sources;
using Alerts.Core.Statements;
using Microsoft.Extensions.DependencyInjection;

namespace Alerts.Core.IntegrationTests.Sources;

/// <summary>
/// The retries around source fetches (<see cref="SourceFetchResilience"/>) seen from a poll over real Azurite: a
/// transient failure is retried within the poll, a short Retry-After is waited, a long one backs the source off.
/// The clock's timers fire at once and remember what they were asked to wait, so nothing here waits.
/// </summary>
[Collection(AzuriteSuite.Name)]
public sealed class SourcePoller_FetchRetries(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    private readonly LocalHttpServer _server = new();
    private readonly InstantDelayTimeProvider _clock = new(TimeProvider.System);
    private readonly string _outbox = Path.Combine(Path.GetTempPath(), "alerts-fetch-retries", Guid.NewGuid().ToString("n"));

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        if (Directory.Exists(_outbox))
        {
            Directory.Delete(_outbox, recursive: true);
        }
    }

    [Fact]
    public async Task AFeedThatAnswers503ThenItsFeedIsReadInOnePoll()
    {
        var ct = TestContext.Current.CancellationToken;
        MapFailingFirst("/flaky.xml", failures: 1, status: 503, headers: []);
        await using var services = await ServicesWithFeedAsync("retry-503", "/flaky.xml", ct);

        var outcome = await services.GetRequiredService<SourcePoller>().PollAsync(new PollRequest("retry-503", DateTimeOffset.UtcNow, "r1"), ct);
        var checkpoint = (await services.GetRequiredService<SourceStore>().GetAsync("retry-503", ct))!.Checkpoint;

        Assert.Equal(SourceReadStatus.Ok, outcome.Status);
        Assert.Equal(1, outcome.Items);
        Assert.Equal(2, Fetches("/flaky.xml"));
        Assert.Equal(0, checkpoint.ConsecutiveFailures);
        Assert.Null(checkpoint.NextPollAt);
    }

    [Fact]
    public async Task ARetryAfterOfAFewSecondsIsWaitedWithinThePoll()
    {
        var ct = TestContext.Current.CancellationToken;
        MapFailingFirst("/throttled.xml", failures: 1, status: 429, headers: new Dictionary<string, string> { ["Retry-After"] = "3" });
        await using var services = await ServicesWithFeedAsync("retry-429", "/throttled.xml", ct);

        var outcome = await services.GetRequiredService<SourcePoller>().PollAsync(new PollRequest("retry-429", DateTimeOffset.UtcNow, "r2"), ct);

        Assert.Equal(SourceReadStatus.Ok, outcome.Status);
        Assert.Equal(2, Fetches("/throttled.xml"));
        Assert.Contains(TimeSpan.FromSeconds(3), _clock.Delays);
    }

    [Fact]
    public async Task ARetryAfterLongerThanAPollWaitsBacksTheSourceOffInsteadOfBlocking()
    {
        var ct = TestContext.Current.CancellationToken;

        // As an HTTP date, the form the feed reader used to ignore.
        var inAnHour = DateTimeOffset.UtcNow.AddHours(1).ToString("R", CultureInfo.InvariantCulture);
        MapFailingFirst("/closed.xml", failures: int.MaxValue, status: 503, headers: new Dictionary<string, string> { ["Retry-After"] = inAnHour });
        await using var services = await ServicesWithFeedAsync("retry-long", "/closed.xml", ct);

        var outcome = await services.GetRequiredService<SourcePoller>().PollAsync(new PollRequest("retry-long", DateTimeOffset.UtcNow, "r3"), ct);
        var checkpoint = (await services.GetRequiredService<SourceStore>().GetAsync("retry-long", ct))!.Checkpoint;

        Assert.Equal(SourceReadStatus.Failed, outcome.Status);
        Assert.Equal(1, Fetches("/closed.xml"));
        Assert.DoesNotContain(_clock.Delays, d => d >= TimeSpan.FromMinutes(1));
        Assert.Equal(1, checkpoint.ConsecutiveFailures);
        Assert.InRange((checkpoint.NextPollAt - checkpoint.LastErrorAt)!.Value, TimeSpan.FromMinutes(58), TimeSpan.FromMinutes(61));
    }

    [Fact]
    public async Task AnAddressTheGuardRefusesIsNotAskedAgain()
    {
        var ct = TestContext.Current.CancellationToken;
        MapFailingFirst("/private.xml", failures: 0, status: 200, headers: []);
        await using var services = await ServicesWithFeedAsync("retry-guard", "/private.xml", ct, new Dictionary<string, string?> { ["Fetch:AllowPrivateAddresses"] = "false" });

        var outcome = await services.GetRequiredService<SourcePoller>().PollAsync(new PollRequest("retry-guard", DateTimeOffset.UtcNow, "r4"), ct);

        Assert.Equal(SourceReadStatus.Failed, outcome.Status);
        Assert.Contains("refused to connect", outcome.Reason, StringComparison.Ordinal);
        Assert.Equal(0, Fetches("/private.xml"));
        Assert.Empty(_clock.Delays);
    }

    /// <summary>Requests for the feed itself (the poll may also ask for the article page an item links to).</summary>
    private int Fetches(string path) => _server.Requests.Count(r => r.Path == path);

    /// <summary>The first <paramref name="failures"/> requests get <paramref name="status"/>, the rest a feed naming the test's official.</summary>
    private void MapFailingFirst(string path, int failures, int status, Dictionary<string, string> headers)
    {
        var seen = 0;
        _server.Map(path, async context =>
        {
            if (Interlocked.Increment(ref seen) <= failures)
            {
                await LocalHttpServer.WriteAsync(context, status, headers: headers);
                return;
            }

            var body = Encoding.UTF8.GetBytes("""
                <?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Retry outlet</title><link>https://retry.example.org/</link>
                <item><guid isPermaLink="false">retry-1</guid><title>Retrysson speaks</title><link>/news/retry-1</link><pubDate>Wed, 29 Oct 2025 16:00:00 GMT</pubDate>
                <description>Rita Retrysson said the budget would be balanced next year.</description></item></channel></rss>
                """);
            context.Response.ContentType = "application/rss+xml";
            await context.Response.OutputStream.WriteAsync(body);
        });
    }

    private async Task<ServiceProvider> ServicesWithFeedAsync(string sourceId, string path, CancellationToken cancellationToken, IDictionary<string, string?>? settings = null)
    {
        var services = azurite.BuildServices(_outbox, settings, s => s.AddSingleton<TimeProvider>(_clock));
        await AzuriteFixture.AddOfficialAndSubscriberAsync(services, new Official(sourceId + "-minister", "Rita Retrysson", [], "Minister of Finance", "Ruritania"), sourceId + "@example.com", cancellationToken);
        await services.GetRequiredService<SourceStore>().UpsertDefinitionAsync(new SourceDefinition(sourceId, "Retry outlet", SourceKind.Feed, _server.Url(path).ToString(), Interval), cancellationToken);
        return services;
    }
}
