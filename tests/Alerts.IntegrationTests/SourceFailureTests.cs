using Alerts.Core.Sources;
using Alerts.Core.Statements;

namespace Alerts.IntegrationTests;

[Collection(AzuriteSuite.Name)]
public sealed class SourceFailureTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task BrokenSourcesAreCountedWithTheirReasonAndTheOtherSourcesStillYield()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = new LocalHttpServer(async (context, stopping) =>
        {
            switch (context.Request.Url!.AbsolutePath)
            {
                case "/error":
                    await LocalHttpServer.WriteAsync(context, 500);
                    break;
                case "/html":
                    await LocalHttpServer.WriteAsync(context, 200, "<html><body>Not a feed</body></html>", "text/html");
                    break;
                case "/hang":
                    await LocalHttpServer.HangAsync(stopping);
                    break;
            }
        });
        await using var harness = await PipelineHarness.CreateAsync(
            azurite.ConnectionString,
            settings: new Dictionary<string, string?> { ["Fetch:AllowPrivateAddresses"] = "true", ["Fetch:TimeoutSeconds"] = "2" });
        await harness.SeedAsync();
        var sources = harness.Get<SourceStore>();
        foreach (var (id, location, kind) in new[]
                 {
                     ("error", server.BaseUrl + "/error", SourceKind.Feed),
                     ("html", server.BaseUrl + "/html", SourceKind.Feed),
                     ("hang", server.BaseUrl + "/hang", SourceKind.Feed),
                     ("missing", "/nonexistent/feed.xml", SourceKind.File),
                 })
        {
            await sources.UpsertDefinitionAsync(new SourceDefinition(id, id, kind, location, TimeSpan.FromMinutes(5)), ct);
        }

        await harness.RunCycleAsync();

        Assert.Single(harness.OutboxEmails());
        var expected = new Dictionary<string, string> { ["error"] = "500", ["html"] = "HTML", ["hang"] = "timed out", ["missing"] = "not found" };
        foreach (var (id, reason) in expected)
        {
            var record = await sources.GetAsync(id, ct);
            Assert.NotNull(record);
            Assert.Equal(1, record.Checkpoint.ConsecutiveFailures);
            Assert.Contains(reason, record.Checkpoint.LastError, StringComparison.OrdinalIgnoreCase);
            Assert.NotNull(record.Checkpoint.NextPollAt);
        }

        var seed = await sources.GetAsync("seed-news", ct);
        Assert.Equal(0, seed!.Checkpoint.ConsecutiveFailures);
    }

    [Fact]
    public async Task AFeedOnALoopbackAddressIsRefusedUnlessLocalTestingAllowsIt()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = new LocalHttpServer((context, _) => LocalHttpServer.WriteAsync(context, 200));
        await using var harness = await PipelineHarness.CreateAsync(azurite.ConnectionString);
        var sources = harness.Get<SourceStore>();
        await sources.UpsertDefinitionAsync(new SourceDefinition("local", "local", SourceKind.Feed, server.BaseUrl + "/feed", TimeSpan.FromMinutes(5)), ct);

        await harness.RunCycleAsync();

        var record = await sources.GetAsync("local", ct);
        Assert.Contains("not a public address", record!.Checkpoint.LastError, StringComparison.Ordinal);
    }
}
