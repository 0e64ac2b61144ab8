using System.Text;
using Alerts.Core.Configuration;
using Alerts.Core.Officials;
using Alerts.Core.Pipeline;
using Alerts.Core.Sources;
using Alerts.Core.Statements;
using Alerts.Core.Subscriptions;
using Alerts.Local.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Alerts.Core.IntegrationTests.Sources;

/// <summary>Polling over real Azurite: conditional GET, failures and backoff, and cross-outlet deduplication end to end.</summary>
[Collection(AzuriteSuite.Name)]
public sealed class SourcePoller_Azurite(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly LocalHttpServer _server = new();
    private readonly string _outbox = Path.Combine(Path.GetTempPath(), "alerts-sources-tests", Guid.NewGuid().ToString("n"));

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        if (Directory.Exists(_outbox))
        {
            Directory.Delete(_outbox, recursive: true);
        }
    }

    private static string Rss(string outlet, params (string Guid, string Title, string Html)[] items)
    {
        var builder = new StringBuilder($"<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>{outlet}</title><link>https://{outlet}.example.org/</link>");
        foreach (var (guid, title, html) in items)
        {
            builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"<item><guid isPermaLink=\"false\">{guid}</guid><title>{title}</title><link>/news/{guid}</link><pubDate>Wed, 29 Oct 2025 16:00:00 GMT</pubDate><description><![CDATA[{html}]]></description></item>");
        }

        return builder.Append("</channel></rss>").ToString();
    }

    /// <summary>Each test watches its own official, so one test's items never match another's.</summary>
    private static Official Minister(string id, string name) => new(id, name, [], "Minister of Finance", "Ruritania");

    [Fact]
    public async Task MakesNoTableWritesWhenAnUnchangedFeedIsPolledAgain()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = azurite.BuildServices(_outbox);
        await AzuriteFixture.AddOfficialAndSubscriberAsync(services, Minister("etag-minister", "Ilse Etagsson"), "etag@example.com", ct);
        _server.MapBytes("/etag.xml", Encoding.UTF8.GetBytes(Rss("etag", ("e1", "Etagsson speaks", "<p>Ilse Etagsson said the border would stay closed until the attacks stop.</p>"))), etag: "\"rev-1\"");
        var sources = services.GetRequiredService<SourceStore>();
        await sources.UpsertDefinitionAsync(new SourceDefinition("etag-feed", "ETag outlet", SourceKind.Feed, _server.Url("/etag.xml").ToString(), TimeSpan.FromMinutes(5)), ct);
        var poller = services.GetRequiredService<SourcePoller>();

        var first = await poller.PollAsync(new PollRequest("etag-feed", DateTimeOffset.UtcNow, "t1"), ct);
        var before = await azurite.SnapshotTablesAsync(ct);
        var second = await poller.PollAsync(new PollRequest("etag-feed", DateTimeOffset.UtcNow, "t2"), ct);
        var after = await azurite.SnapshotTablesAsync(ct);

        Assert.Equal(SourceReadStatus.Ok, first.Status);
        Assert.Equal(1, first.Candidates);
        Assert.Equal(SourceReadStatus.NotModified, second.Status);
        Assert.Equal("\"rev-1\"", _server.Requests[^1].Headers["If-None-Match"]);
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task RecordsFailuresAndBacksOffOnTheSourcesRecordThenRecovers()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = azurite.BuildServices(_outbox);
        await AzuriteFixture.AddOfficialAndSubscriberAsync(services, Minister("backoff-minister", "Bertil Backoffsen"), "backoff@example.com", ct);
        var failing = true;
        _server.Map("/flaky.xml", async context =>
        {
            if (failing)
            {
                context.Response.StatusCode = 503;
                return;
            }

            var body = Encoding.UTF8.GetBytes(Rss("flaky", ("f1", "Routine", "<p>Nothing to see.</p>")));
            await context.Response.OutputStream.WriteAsync(body);
        });
        var sources = services.GetRequiredService<SourceStore>();
        var interval = TimeSpan.FromMinutes(5);
        await sources.UpsertDefinitionAsync(new SourceDefinition("flaky-feed", "Flaky outlet", SourceKind.Feed, _server.Url("/flaky.xml").ToString(), interval), ct);
        var poller = services.GetRequiredService<SourcePoller>();

        await poller.PollAsync(new PollRequest("flaky-feed", DateTimeOffset.UtcNow, "f1"), ct);
        var once = (await sources.GetAsync("flaky-feed", ct))!.Checkpoint;
        await poller.PollAsync(new PollRequest("flaky-feed", DateTimeOffset.UtcNow, "f2"), ct);
        var twice = (await sources.GetAsync("flaky-feed", ct))!.Checkpoint;
        failing = false;
        await poller.PollAsync(new PollRequest("flaky-feed", DateTimeOffset.UtcNow, "f3"), ct);
        var recovered = (await sources.GetAsync("flaky-feed", ct))!.Checkpoint;

        Assert.Equal(1, once.ConsecutiveFailures);
        Assert.StartsWith("HTTP 503", once.LastError, StringComparison.Ordinal);
        Assert.Equal(interval, once.NextPollAt - once.LastErrorAt);
        Assert.Equal(2, twice.ConsecutiveFailures);
        Assert.Equal(interval * 2, twice.NextPollAt - twice.LastErrorAt);
        Assert.Equal(0, recovered.ConsecutiveFailures);
        Assert.Equal(2, recovered.TotalFailures);
        Assert.Null(recovered.NextPollAt);
        Assert.NotNull(recovered.LastPolledAt);
    }

    [Fact]
    public async Task TurnsTheSameStatementFromThreeOutletsIntoOneStatementWithThreeSourcesAndOneEmail()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = azurite.BuildServices(_outbox);
        var official = TestOfficials.Asif with { Id = "asif-three-outlets" };
        await AzuriteFixture.AddOfficialAndSubscriberAsync(services, official, "three@example.com", ct);
        const string quote = "We will no longer tolerate your mockery and betrayal. Every terrorist attack inside Pakistan will come at a heavy price.";
        _server.MapBytes("/dawn.xml", Encoding.UTF8.GetBytes(Rss("dawn", ("d-1", "Asif warns Taliban", $"<p>Defence Minister Khawaja Asif on Wednesday warned the Taliban government in Kabul. Addressing the Taliban directly, he said, \u201C{quote}\u201D</p><p>Talks in Istanbul ended without agreement.</p>"))));
        _server.MapBytes("/wire.xml", Encoding.UTF8.GetBytes(Rss("wire", ("w-77", "Pakistan threatens heavy price for attacks", $"<p>ISLAMABAD (Wire) \u2014 Pakistan\u2019s Defence Minister issued a stark message to Afghanistan\u2019s rulers. \u201C{quote}\u201D, Asif wrote on X.</p>"))));
        _server.MapBytes("/gazette.xml", Encoding.UTF8.GetBytes(Rss("gazette", ("g-9", "Minister: attacks will cost Taliban", "<p>In a post on Wednesday, Khawaja Muhammad Asif said: \u201CEvery terrorist attack inside Pakistan will come at a heavy price.\u201D Officials in Kabul did not respond.</p>"))));
        var sources = services.GetRequiredService<SourceStore>();
        foreach (var outlet in new[] { "dawn", "wire", "gazette" })
        {
            await sources.UpsertDefinitionAsync(new SourceDefinition($"three-{outlet}", outlet, SourceKind.Feed, _server.Url($"/{outlet}.xml").ToString(), TimeSpan.FromMinutes(5)), ct);
        }

        var started = DateTimeOffset.UtcNow;
        await services.GetRequiredService<PollScheduler>().ScheduleAsync(lastRun: null, ct, force: true);
        await services.GetRequiredService<LocalPipelineRunner>().DrainAsync(ct);

        var statements = new List<StoredStatement>();
        await foreach (var statement in services.GetRequiredService<StatementStore>().ListAsync(started.AddMinutes(-1), ct))
        {
            if (statement.OfficialId == official.Id)
            {
                statements.Add(statement);
            }
        }

        var stored = Assert.Single(statements);
        Assert.Equal(3, stored.CorroborationCount);
        Assert.Equal(["dawn", "gazette", "wire"], stored.Sources.Select(s => s.SourceName).Order(StringComparer.Ordinal));
        Assert.Equal(3, stored.Sources.Select(s => s.Url).Distinct(StringComparer.Ordinal).Count());
        Assert.True(stored.Analysis.Threat);
        // The shared Azurite also holds other tests' sources, polled in the same forced cycle: count this subscriber's emails.
        Assert.Single(Directory.GetFiles(_outbox, $"*{SubscriptionStore.IdFor("three@example.com")}*.eml"));
        Assert.Equal(0, await QueueLengthAsync(AlertsNames.Queues.PoisonOf(AlertsNames.Queues.Statements), ct));
    }

    [Fact]
    public async Task TakesEachNewXPostOnceAndAsksOnlyForNewerOnesNextTime()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await FakeXApi.StartAsync(SharedFixtures.Require("x-api"));
        const string userId = "1000000000000000777";
        api.ServeTimeline(userId);
        await using var services = azurite.BuildServices(_outbox, new Dictionary<string, string?>
        {
            ["X:BearerToken"] = FakeXApi.Token,
            ["X:BaseUrl"] = api.BaseUrl,
        });
        var official = new Official("x-poster", "Xavier Poster", [], "Minister of Defence", "Ruritania", userId);
        await AzuriteFixture.AddOfficialAndSubscriberAsync(services, official, "x@example.com", ct);
        var sources = services.GetRequiredService<SourceStore>();
        await sources.UpsertDefinitionAsync(new SourceDefinition("x-poster-timeline", "Poster on X", SourceKind.XUser, userId, TimeSpan.FromMinutes(5)), ct);
        var poller = services.GetRequiredService<SourcePoller>();

        var first = await poller.PollAsync(new PollRequest("x-poster-timeline", DateTimeOffset.UtcNow, "x1"), ct);
        var checkpoint = (await sources.GetAsync("x-poster-timeline", ct))!.Checkpoint;
        var before = await azurite.SnapshotTablesAsync(ct);
        var second = await poller.PollAsync(new PollRequest("x-poster-timeline", DateTimeOffset.UtcNow, "x2"), ct);
        var after = await azurite.SnapshotTablesAsync(ct);

        Assert.Equal(3, first.Candidates);
        Assert.Equal("1983500000000000003", checkpoint.SinceId);
        Assert.Equal(0, second.Candidates);
        Assert.Contains("since_id=1983500000000000003", api.Requests[^1].Query, StringComparison.Ordinal);
        Assert.Equal(before, after);
        Assert.Empty(api.Violations);
    }

    private async Task<int> QueueLengthAsync(string queue, CancellationToken cancellationToken)
    {
        var client = new Azure.Storage.Queues.QueueClient(azurite.ConnectionString, queue);
        if (!await client.ExistsAsync(cancellationToken))
        {
            return 0;
        }

        return (await client.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
    }
}
