using System.Net;
using Alerts.Core.Configuration;
using Alerts.Core.Pipeline;
using Alerts.Core.Sources;
using Alerts.Core.Statements;
using Alerts.Core.Storage;
using Alerts.Local;
using Alerts.Local.Pipeline;
using Alerts.Local.Storage;
using Microsoft.Extensions.Logging;

namespace Alerts.IntegrationTests.Reliability;

/// <summary>Parts of the world go away: storage itself mid-cycle, and a feed server that accepts the connection and never answers.</summary>
[Collection(ReliabilitySuite.Name)]
public sealed class OutageTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task StorageThatStopsMidCycleAndComesBackLosesNothing_TheInterruptedMessageIsRetriedAndAlertsOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var root = RepositoryRoot.Find();
        var location = Path.Combine(Path.GetTempPath(), "alerts-outage-" + Guid.NewGuid().ToString("N"));
        var (blob, queue, table) = (AzuriteServer.FreePort(), AzuriteServer.FreePort(), AzuriteServer.FreePort());
        var server = await AzuriteServer.StartOrReuseAsync(root, blob, queue, table, location, ct);
        try
        {
            Assert.True(server.Started);
            await using var h = await FaultHarness.CreateAsync(server.ConnectionString);
            await h.SeedAsync();
            var candidates = new[] { FaultHarness.Candidate(itemId: "item-a"), FaultHarness.Candidate(FaultHarness.ThreatText + " He repeated it twice.", "item-b") };
            foreach (var candidate in candidates)
            {
                await h.SendAsync(AlertsNames.Queues.Statements, candidate);
            }

            // Storage goes away while the analyse stage holds a message: the stage fails, and so does the runner's
            // attempt to give the message back. The message is only hidden until its visibility timeout.
            var stopped = 0;
            h.Analyzer.BeforeAnalyze = async () =>
            {
                if (Interlocked.Exchange(ref stopped, 1) == 0)
                {
                    await server.DisposeAsync();
                }
            };
            var runner = new LocalPipelineRunner(h.Get<StorageClients>(), h.Get<QueueWriter>(), h.Get<QueueMessageHandler>(), h.Get<ILogger<LocalPipelineRunner>>()) { VisibilityTimeout = TimeSpan.FromSeconds(2) };
            var outage = await Record.ExceptionAsync(() => runner.DrainAsync(ct));
            Assert.NotNull(outage);
            var health = await h.Get<HealthReporter>().CheckAsync(ct);
            Assert.False(health.StorageReachable);
            Assert.Equal("unhealthy", health.Status);

            server = await AzuriteServer.StartOrReuseAsync(root, blob, queue, table, location, ct);
            Assert.True(server.Started);
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (h.Emails.Sent.Count < 4 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(500, ct);
                await runner.DrainAsync(ct);
            }

            foreach (var candidate in candidates)
            {
                Assert.NotNull(await h.Get<StatementStore>().GetAsync(candidate.StatementId, ct));
            }

            var perAlert = h.EmailsPerAlert();
            Assert.Equal(4, perAlert.Count);
            Assert.All(perAlert.Values, count => Assert.Equal(1, count));
            Assert.Equal(0, await h.PoisonCountAsync());
            Assert.True((await h.Get<HealthReporter>().CheckAsync(ct)).StorageReachable);
        }
        finally
        {
            await server.DisposeAsync();
            if (Directory.Exists(location))
            {
                Directory.Delete(location, recursive: true);
            }
        }
    }

    [Fact]
    public async Task AFeedThatNeverAnswersFailsWithATimeoutOnItsRecord_AndTheOtherSourcesStillYield()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var feeds = new LocalHttpServer(async (context, stopping) =>
        {
            if (context.Request.Url?.AbsolutePath == "/hang.xml")
            {
                await LocalHttpServer.HangAsync(stopping);
                return;
            }

            await LocalHttpServer.WriteAsync(context, 200, WorkingFeed, "application/rss+xml");
        });
        await using var h = await FaultHarness.CreateAsync(
            azurite.ConnectionString,
            settings: new Dictionary<string, string?> { ["Fetch:AllowPrivateAddresses"] = "true", ["Fetch:TimeoutSeconds"] = "1" });
        await h.SeedAsync();
        var sources = h.Get<SourceStore>();
        await sources.UpsertDefinitionAsync(new SourceDefinition("hanging-feed", "Feed that hangs", SourceKind.Feed, feeds.BaseUrl + "/hang.xml", TimeSpan.FromMinutes(5)), ct);
        await sources.UpsertDefinitionAsync(new SourceDefinition("working-feed", "Feed that works", SourceKind.Feed, feeds.BaseUrl + "/feed.xml", TimeSpan.FromMinutes(5)), ct);

        await h.Harness.RunCycleAsync();

        var hanging = await sources.GetAsync("hanging-feed", ct);
        Assert.NotNull(hanging);
        Assert.Contains("timed out", hanging.Checkpoint.LastError, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, hanging.Checkpoint.ConsecutiveFailures);
        Assert.NotNull(hanging.Checkpoint.NextPollAt);
        Assert.Null((await sources.GetAsync("working-feed", ct))?.Checkpoint.LastError);
        var statements = new List<StoredStatement>();
        await foreach (var s in h.Get<StatementStore>().ListAsync(null, ct))
        {
            statements.Add(s);
        }

        Assert.Contains(statements, s => s.Sources.Any(x => x.SourceId == "working-feed"));
        Assert.Contains(statements, s => s.Sources.Any(x => x.SourceId == "seed-news"));
        Assert.Contains(h.Emails.Sent, e => e.CustomArgs["statement_id"] == statements.Single(s => s.Sources.Any(x => x.SourceId == "working-feed")).Id);
        Assert.Equal(0, await h.PoisonCountAsync());
    }

    private static readonly string WorkingFeed = $"""
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel><title>Working feed</title><link>https://working.example/</link><description>local</description>
        <item><title>Khawaja Asif warns of a crushing response</title><link>https://working.example/1</link><guid>working-1</guid>
        <pubDate>{DateTimeOffset.UtcNow.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}</pubDate>
        <description>{WebUtility.HtmlEncode("Khawaja Asif said that any attack on the border posts would be met with a crushing response and total destruction.")}</description></item>
        </channel></rss>
        """;
}
