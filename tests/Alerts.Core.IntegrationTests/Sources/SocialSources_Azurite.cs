using System.Text;
using Alerts.Core.Officials;
using Alerts.Core.Sources;
using Alerts.Core.Statements;
using Microsoft.Extensions.DependencyInjection;

namespace Alerts.Core.IntegrationTests.Sources;

/// <summary>The new source kinds through the real poll stage over Azurite: one statement per post, no writes when unchanged, failures on the record.</summary>
[Collection(AzuriteSuite.Name)]
public sealed class SocialSources_Azurite(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly LocalHttpServer _server = new();
    private readonly string _outbox = Path.Combine(Path.GetTempPath(), "alerts-social-tests", Guid.NewGuid().ToString("n"));

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        if (Directory.Exists(_outbox))
        {
            Directory.Delete(_outbox, recursive: true);
        }
    }

    private ServiceProvider Services(string? appView = null) => azurite.BuildServices(_outbox, new Dictionary<string, string?>
    {
        ["Social:TelegramBaseUrl"] = _server.Url("").ToString(),
        ["Social:BlueskyAppViewUrl"] = appView ?? _server.Url("").ToString(),
        ["Social:BlueskyWebUrl"] = _server.Url("").ToString(),
    });

    [Fact]
    public async Task TurnsEachChannelPostIntoOneStatementAndWritesNothingWhenPolledAgain()
    {
        var ct = TestContext.Current.CancellationToken;
        var page = await File.ReadAllBytesAsync(Path.Combine(SharedFixtures.Require("social/telegram"), "tme_s_habr_com.html"), ct);
        _server.MapBytes("/s/habr_com", page, "text/html; charset=utf-8");
        await using var services = Services();
        await AzuriteFixture.AddOfficialAndSubscriberAsync(services, new Official("habr-editor", "Habr Editor", [], Accounts: ["telegram:habr_com"]), "habr@example.com", ct);
        var sources = services.GetRequiredService<SourceStore>();
        await sources.UpsertDefinitionAsync(new SourceDefinition("tg-habr", "Habr on Telegram", SourceKind.Telegram, "habr_com", TimeSpan.FromMinutes(5)), ct);
        var poller = services.GetRequiredService<SourcePoller>();

        var first = await poller.PollAsync(new PollRequest("tg-habr", DateTimeOffset.UtcNow, "tg1"), ct);
        var before = await azurite.SnapshotTablesAsync(ct);
        var second = await poller.PollAsync(new PollRequest("tg-habr", DateTimeOffset.UtcNow, "tg2"), ct);
        var after = await azurite.SnapshotTablesAsync(ct);
        var stored = await sources.GetAsync("tg-habr", ct);

        Assert.True(first.Status == SourceReadStatus.Ok, first.Reason);
        Assert.Equal(20, first.NewItems);
        Assert.Equal(20, first.Candidates);
        Assert.Equal(0, second.NewItems);
        Assert.Equal(0, second.Candidates);
        Assert.Equal(before, after);
        Assert.Equal("56641", stored!.Checkpoint.SinceId);
    }

    [Fact]
    public async Task RecordsABrokenAccountOnItsSourceAndStillReadsTheOthers()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = FakeBlueskyAppView.Start(SharedFixtures.Require("social/bluesky"));
        api.Serve(query => query["actor"] == "suspended.bsky.social"
            ? (400, Encoding.UTF8.GetBytes("{\"error\":\"AccountTakedown\",\"message\":\"Account has been suspended\"}"), null)
            : (200, api.Body("getAuthorFeed.chriskenny.bsky.social.2025-05-19.json"), null));
        await using var services = Services(api.Server.Url("").ToString());
        await AzuriteFixture.AddOfficialAndSubscriberAsync(services, new Official("chris-kenny", "Chris Kenny", [], Accounts: ["bluesky:chriskenny.bsky.social"]), "kenny@example.com", ct);
        var sources = services.GetRequiredService<SourceStore>();
        await sources.UpsertDefinitionAsync(new SourceDefinition("bsky-bad", "Suspended", SourceKind.Bluesky, "suspended.bsky.social", TimeSpan.FromMinutes(5)), ct);
        await sources.UpsertDefinitionAsync(new SourceDefinition("bsky-good", "Chris Kenny", SourceKind.Bluesky, "chriskenny.bsky.social", TimeSpan.FromMinutes(5)), ct);
        var poller = services.GetRequiredService<SourcePoller>();

        var bad = await poller.PollAsync(new PollRequest("bsky-bad", DateTimeOffset.UtcNow, "b1"), ct);
        var good = await poller.PollAsync(new PollRequest("bsky-good", DateTimeOffset.UtcNow, "b2"), ct);
        var again = await poller.PollAsync(new PollRequest("bsky-good", DateTimeOffset.UtcNow, "b3"), ct);
        var record = (await sources.GetAsync("bsky-bad", ct))!.Checkpoint;

        Assert.True(api.Violations.Count == 0, string.Join(Environment.NewLine, api.Violations));
        Assert.Equal(SourceReadStatus.Failed, bad.Status);
        Assert.Equal("Bluesky account suspended.bsky.social is suspended (taken down) (HTTP 400 AccountTakedown: Account has been suspended)", record.LastError);
        Assert.Equal(1, record.ConsecutiveFailures);
        Assert.Equal(TimeSpan.FromHours(1), record.NextPollAt - record.LastErrorAt);
        Assert.True(good.Status == SourceReadStatus.Ok, good.Reason);
        Assert.Equal(good.NewItems, good.Candidates);
        Assert.True(good.Candidates > 30);
        Assert.Equal(SourceReadStatus.NotModified, again.Status);
    }
}
