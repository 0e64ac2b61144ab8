using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Alerts.Core.Officials;
using Alerts.Core.Sources;
using Alerts.Core.Statements;

namespace Alerts.Core.Tests.Sources;

/// <summary>Bluesky through a lexicon-checking fake AppView that answers with the real captured bodies and headers.</summary>
public sealed class BlueskyReader_FakeAppView : IAsyncLifetime
{
    private const string Actor = "chriskenny.bsky.social";
    private const string Did = "did:plc:wpe35pganb6d4pg4ekmfy6u5";

    private FakeBlueskyAppView? _api;
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _time = SocialReaders.Clock();

    private FakeBlueskyAppView Api => _api!;

    public ValueTask InitializeAsync()
    {
        _api = FakeBlueskyAppView.Start(SharedFixtures.Require("social/bluesky"));
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }
    }

    private BlueskyReader Reader() => new(SocialReaders.Fetcher(), new FeedParser(), SocialReaders.Social(Api.Server), _time);

    private Task<SourceReadResult> ReadAsync(string? sinceId = null, string actor = Actor) =>
        Reader().ReadAsync(SocialReaders.Source(SourceKind.Bluesky, actor), SourceCheckpoint.Empty with { SinceId = sinceId }, TestContext.Current.CancellationToken);

    private void AssertNoViolations() => Assert.True(Api.Violations.Count == 0, string.Join(Environment.NewLine, Api.Violations));

    /// <summary>What the raw body holds, counted without the reader: the author's own posts that carry text, and the newest indexedAt.</summary>
    private (List<string> Uris, List<string> Reposts, string Newest) Expected(string file)
    {
        var feed = JsonNode.Parse(Api.Body(file))!["feed"]!.AsArray();
        var own = feed.Where(e => (string?)e!["reason"]?["$type"] != "app.bsky.feed.defs#reasonRepost").ToList();
        var reposts = feed.Where(e => (string?)e!["reason"]?["$type"] == "app.bsky.feed.defs#reasonRepost").Select(e => (string)e!["post"]!["uri"]!).ToList();
        var withText = own.Where(e => !string.IsNullOrWhiteSpace((string?)e!["post"]!["record"]!["text"])).Select(e => (string)e!["post"]!["uri"]!).ToList();
        var newest = own.Select(e => DateTimeOffset.Parse((string)e!["post"]!["indexedAt"]!, CultureInfo.InvariantCulture)).Max();
        return (withText, reposts, newest.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
    }

    [Fact]
    public void HoldsTheWholeLexiconClosureAndTheRealBodiesValidateAgainstIt()
    {
        var lexicons = new LexiconValidator(Path.Combine(Api.Folder, "lexicons"));
        using (var current = System.Text.Json.JsonDocument.Parse(Api.Body("getAuthorFeed.chriskenny.bsky.social.2025-05-19.json")))
        {
            var problems = lexicons.ValidateOutput(FakeBlueskyAppView.Nsid, current.RootElement);
            Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        }

        // The 2023 AppView sent reply.root/parent without $type; that is its only departure from today's lexicons.
        using (var old = System.Text.Json.JsonDocument.Parse(Api.Body("getAuthorFeed.shinyakato.dev.2023-04-30.json")))
        {
            var strict = lexicons.ValidateOutput(FakeBlueskyAppView.Nsid, old.RootElement);
            Assert.NotEmpty(strict);
            Assert.All(strict, p => Assert.Matches(@"^\$\.feed\[\d+\]\.reply\.(root|parent): a union member must be an object with \$type$", p));
            Assert.Empty(lexicons.ValidateOutput(FakeBlueskyAppView.Nsid, old.RootElement, untypedUnionMembers: true));
        }

        var broken = JsonNode.Parse(Api.Body("getAuthorFeed.chriskenny.bsky.social.2025-05-19.json"))!;
        broken["feed"]![0]!["post"]!["indexedAt"] = "yesterday";
        broken["feed"]![1]!["post"]!.AsObject().Remove("author");
        using var bad = System.Text.Json.JsonDocument.Parse(broken.ToJsonString());
        var found = lexicons.ValidateOutput(FakeBlueskyAppView.Nsid, bad.RootElement);
        Assert.Contains(found, p => p.Contains("indexedAt", StringComparison.Ordinal) && p.Contains("datetime", StringComparison.Ordinal));
        Assert.Contains(found, p => p.Contains("required 'author' missing", StringComparison.Ordinal));
        Assert.Contains(lexicons.ValidateParams(FakeBlueskyAppView.Nsid, new Dictionary<string, string> { ["limit"] = "500" }), p => p.Contains("required 'actor'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadsOwnPostsRepliesAndQuotesAndSkipsReposts()
    {
        Api.ServeChrisKenny();
        var expected = Expected("getAuthorFeed.chriskenny.bsky.social.2025-05-19.json");

        var result = await ReadAsync();

        AssertNoViolations();
        Assert.True(result.Status == SourceReadStatus.Ok, result.Error);
        Assert.Equal(expected.Uris.Select(u => "bsky:" + u), result.Items.Select(i => i.Id));
        Assert.Equal(7, expected.Reposts.Count);
        Assert.DoesNotContain(result.Items, i => expected.Reposts.Contains(i.Id[5..]));
        Assert.All(result.Items, i => Assert.Equal(["bluesky:" + Did, "bluesky:" + Actor], i.AuthorAccounts!));
        Assert.Contains(result.Items, i => i.Title?.StartsWith("Reply to @", StringComparison.Ordinal) == true);
        Assert.Contains(result.Items, i => i.Title?.Contains("Quoting @", StringComparison.Ordinal) == true);
        Assert.Contains(result.Items, i => i.Language == "en");
        Assert.All(result.Items, i => Assert.StartsWith($"https://bsky.app/profile/{Actor}/post/", i.Link, StringComparison.Ordinal));
        Assert.Equal(expected.Newest, result.SinceId);
        var query = Assert.Single(Api.Requests).Query;
        Assert.Contains("actor=chriskenny.bsky.social", query, StringComparison.Ordinal);
        Assert.Contains("filter=posts_with_replies", query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivesEveryOwnPostToTheOfficialWhoseAccountItIs()
    {
        Api.ServeChrisKenny();
        var result = await ReadAsync();
        var official = new Official("chris-kenny", "Chris Kenny", [], Accounts: [SocialAccounts.Key(SocialAccounts.Bluesky, "ChrisKenny.bsky.social")]);

        var statements = result.Items.SelectMany(i => new StatementExtractor().Extract(i, [official])).ToList();

        Assert.Equal(result.Items.Count, statements.Count);
        Assert.All(statements, s => Assert.Equal("chris-kenny", s.Official.Id));
    }

    [Fact]
    public async Task IsNotModifiedWhenNothingIsNewerThanTheCursor()
    {
        Api.ServeChrisKenny();
        var newest = Expected("getAuthorFeed.chriskenny.bsky.social.2025-05-19.json").Newest;

        var result = await ReadAsync(sinceId: newest);

        AssertNoViolations();
        Assert.Equal(SourceReadStatus.NotModified, result.Status);
        Assert.Single(Api.Requests);
    }

    [Fact]
    public async Task FollowsTheCursorWhileAWholePageIsNew()
    {
        Api.ServeChrisKenny();

        var result = await ReadAsync(sinceId: "2024-01-01T00:00:00.0000000Z");

        AssertNoViolations();
        Assert.Equal(2, Api.Requests.Count);
        Assert.Contains("cursor=2024-03-21T23%3A36%3A16.378Z", Api.Requests[1].Query, StringComparison.Ordinal);
        Assert.NotNull(result.SinceId);
    }

    [Fact]
    public async Task StopsPagingWhenTheRateLimitWindowIsSpentAndKeepsTheOldCursor()
    {
        var reset = _time.GetUtcNow().AddMinutes(4);
        Api.Serve(_ => (200, Api.Body("getAuthorFeed.chriskenny.bsky.social.2025-05-19.json"), new Dictionary<string, string>
        {
            ["RateLimit-Remaining"] = "0",
            ["RateLimit-Reset"] = reset.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        }));

        var result = await ReadAsync(sinceId: "2024-01-01T00:00:00.0000000Z");

        AssertNoViolations();
        Assert.Equal(SourceReadStatus.Ok, result.Status);
        Assert.Single(Api.Requests);
        Assert.Null(result.SinceId);
        Assert.Equal(TimeSpan.FromMinutes(4), result.RetryAfter);
    }

    [Fact]
    public async Task WaitsUntilTheRecordedResetAfterA429()
    {
        // The cassette's real RateLimit-Reset is 1747676784 (17:46:24 UTC), five minutes after it was recorded.
        Api.Serve(_ => (429, Encoding.UTF8.GetBytes("{\"error\":\"RateLimitExceeded\",\"message\":\"Rate Limit Exceeded\"}"), new Dictionary<string, string>
        {
            ["RateLimit-Remaining"] = "0",
            ["RateLimit-Reset"] = Api.RecordedHeaders["RateLimit-Reset"],
        }));

        var result = await ReadAsync();

        AssertNoViolations();
        Assert.Equal(SourceReadStatus.Failed, result.Status);
        Assert.StartsWith("Bluesky rate limit reached; retry after 2025-05-19 17:46:24Z", result.Error, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(298), result.RetryAfter);
    }

    [Theory]
    [InlineData("{\"error\":\"InvalidRequest\",\"message\":\"Profile not found\"}", "no Bluesky account chriskenny.bsky.social (HTTP 400 InvalidRequest: Profile not found)")]
    [InlineData("{\"error\":\"AccountTakedown\",\"message\":\"Profile not found\"}", "Bluesky account chriskenny.bsky.social is suspended (taken down) (HTTP 400 AccountTakedown: Profile not found)")]
    [InlineData("{\"error\":\"AccountDeactivated\",\"message\":\"Account is deactivated\"}", "Bluesky account chriskenny.bsky.social is deactivated (HTTP 400 AccountDeactivated: Account is deactivated)")]
    [InlineData("{\"error\":\"BlockedActor\"}", "Bluesky account chriskenny.bsky.social blocks this reader (HTTP 400 BlockedActor)")]
    public async Task RecordsWhyAnAccountCannotBeRead(string body, string reason)
    {
        Api.Serve(_ => (400, Encoding.UTF8.GetBytes(body), null));

        var result = await ReadAsync();

        AssertNoViolations();
        Assert.Equal(reason, result.Error);
        Assert.Equal(TimeSpan.FromHours(1), result.RetryAfter);
    }

    [Fact]
    public async Task RefusesInvalidJsonWithTheReason()
    {
        var real = Api.Body("getAuthorFeed.chriskenny.bsky.social.2025-05-19.json");
        Api.Serve(_ => (200, real[..(real.Length / 2)], null));

        var result = await ReadAsync();

        Assert.Equal(SourceReadStatus.Failed, result.Status);
        Assert.StartsWith("Bluesky AppView answered with invalid JSON", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadsTheProfileRssWhenTheAppViewIsDown()
    {
        Api.Serve(_ => (503, Encoding.UTF8.GetBytes("{\"error\":\"InternalServerError\"}"), null));
        Api.Server.MapBytes("/profile/kaedotcom.bsky.social/rss", Api.Body("profile-rss.kaedotcom.bsky.social.2026-01.xml"));

        var result = await ReadAsync(actor: "kaedotcom.bsky.social");

        Assert.True(result.Status == SourceReadStatus.Ok, result.Error);
        var item = Assert.Single(result.Items);
        Assert.Equal("bsky:at://did:plc:mtxycyvfj7hpfhzakyv2pq6d/app.bsky.feed.post/3mcfiov2e7k2r", item.Id);
        Assert.StartsWith("But the Starlink hardware must be somehow acquired", item.Text, StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2026, 1, 14, 16, 33, 0, TimeSpan.Zero), item.Published);
        Assert.Equal(["bluesky:kaedotcom.bsky.social"], item.AuthorAccounts!);
    }

    [Fact]
    public async Task SaysBothReasonsWhenTheFallbackFailsToo()
    {
        Api.Serve(_ => (502, Encoding.UTF8.GetBytes("{\"error\":\"UpstreamFailure\"}"), null));
        Api.Server.Map("/profile/chriskenny.bsky.social/rss", context =>
        {
            context.Response.StatusCode = 403;
            return Task.CompletedTask;
        });

        var result = await ReadAsync();

        Assert.Equal("Bluesky AppView HTTP 502; profile RSS fallback failed too: HTTP 403 (the account shows its posts to signed-in users only)", result.Error);
    }

    [Fact]
    public async Task ToleratesAnOlderAnswerWithoutTheNewerFields()
    {
        Api.Serve(_ => (200, Api.Body("getAuthorFeed.shinyakato.dev.2023-04-30.json"), null), untypedUnionMembers: true);
        var expected = Expected("getAuthorFeed.shinyakato.dev.2023-04-30.json");

        var result = await ReadAsync(actor: "shinyakato.dev");

        AssertNoViolations();
        Assert.True(result.Status == SourceReadStatus.Ok, result.Error);
        Assert.Equal(expected.Uris.Count, result.Items.Count);
        Assert.Equal(2, expected.Reposts.Count);
    }

    [Fact]
    public async Task RefusesALocationThatIsNoHandleOrDid()
    {
        var result = await ReadAsync(actor: "not a handle");

        Assert.Equal("not a Bluesky handle, DID or bsky.app/profile URL: not a handle", result.Error);
        Assert.Empty(Api.Requests);
    }
}
