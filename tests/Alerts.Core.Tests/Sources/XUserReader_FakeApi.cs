using Alerts.Core.Officials;
using Alerts.Core.Sources;
using Alerts.Core.Statements;
using Alerts.Core.Tests.Statements;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Alerts.Core.Tests.Sources;

public sealed class XUserReader_FakeApi : IAsyncLifetime
{
    private const string UserId = "1000000000000000001";

    private FakeXApi? _api;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 10, 29, 15, 0, 0, TimeSpan.Zero));

    private FakeXApi Api => _api!;

    public async ValueTask InitializeAsync()
    {
        _api = await FakeXApi.StartAsync(SharedFixtures.Require("x-api"));
    }

    public async ValueTask DisposeAsync()
    {
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }
    }

    private XUserReader Reader(string? token = FakeXApi.Token)
    {
        var fetch = new FetchOptions { AllowPrivateAddresses = true, TimeoutSeconds = 5 };
        return new XUserReader(
            new HttpClient(HttpFeedReader.CreateHandler(fetch)),
            Options.Create(new XOptions { BearerToken = token, BaseUrl = Api.BaseUrl, MaxResults = 100 }),
            Options.Create(fetch),
            _time,
            NullLogger<XUserReader>.Instance);
    }

    private static SourceDefinition Source => new("x-asif", "Khawaja Asif on X", SourceKind.XUser, UserId, TimeSpan.FromMinutes(5));

    [Fact]
    public async Task FollowsPagesAndStoresTheNewestIdAsTheNextSinceId()
    {
        Api.ServeTimeline(UserId);

        var result = await Reader().ReadAsync(Source, SourceCheckpoint.Empty, TestContext.Current.CancellationToken);

        Assert.True(Api.Violations.Count == 0, string.Join(Environment.NewLine, Api.Violations));
        Assert.True(result.Status == SourceReadStatus.Ok, result.Error);
        Assert.Equal(["x:1983500000000000003", "x:1983500000000000002", "x:1983400000000000001"], result.Items.Select(i => i.Id));
        Assert.Equal("1983500000000000003", result.SinceId);
        Assert.All(result.Items, i => Assert.Equal(UserId, i.AuthorXUserId));
        Assert.Equal(new DateTimeOffset(2025, 10, 29, 14, 5, 11, TimeSpan.Zero), result.Items[0].Published);
        Assert.Equal(2, Api.Requests.Count);
        Assert.Contains("pagination_token=7140dibdnow9c7btw421dyz6jism75z99gyxd8egarsc4", Api.Requests[1].Query, StringComparison.Ordinal);
        Assert.Contains("start_time=2025-10-28T15%3A00%3A00Z", Api.Requests[0].Query, StringComparison.Ordinal);
        Assert.True(Api.Violations.Count == 0, string.Join(Environment.NewLine, Api.Violations));
    }

    [Fact]
    public async Task AsksOnlyForPostsNewerThanTheStoredSinceId()
    {
        Api.ServeTimeline(UserId);

        var result = await Reader().ReadAsync(Source, SourceCheckpoint.Empty with { SinceId = "1983500000000000003" }, TestContext.Current.CancellationToken);

        Assert.True(result.Status == SourceReadStatus.Ok, result.Error);
        Assert.Empty(result.Items);
        Assert.Null(result.SinceId);
        var query = Assert.Single(Api.Requests).Query;
        Assert.Contains("since_id=1983500000000000003", query, StringComparison.Ordinal);
        Assert.DoesNotContain("start_time", query, StringComparison.Ordinal);
        Assert.Contains("exclude=retweets%2Creplies", query, StringComparison.Ordinal);
        Assert.Contains("tweet.fields=created_at%2Clang%2Cauthor_id%2Creferenced_tweets", query, StringComparison.Ordinal);
        Assert.True(Api.Violations.Count == 0, string.Join(Environment.NewLine, Api.Violations));
    }

    [Fact]
    public async Task WaitsUntilTheRateLimitResetsAfterA429()
    {
        var reset = _time.GetUtcNow().AddMinutes(7);
        Api.ServeTimeline(UserId, _ => (429, "error-429.json", new Dictionary<string, string>
        {
            ["x-rate-limit-remaining"] = "0",
            ["x-rate-limit-reset"] = reset.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));

        var result = await Reader().ReadAsync(Source, SourceCheckpoint.Empty, TestContext.Current.CancellationToken);

        Assert.Equal(SourceReadStatus.Failed, result.Status);
        Assert.StartsWith("X rate limit reached", result.Error, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromMinutes(7), result.RetryAfter);
        Assert.True(Api.Violations.Count == 0, string.Join(Environment.NewLine, Api.Violations));
    }

    [Fact]
    public async Task ReportsARefusedTokenClearly()
    {
        Api.ServeTimeline(UserId, _ => (401, "error-401.json", null));

        var result = await Reader().ReadAsync(Source, SourceCheckpoint.Empty, TestContext.Current.CancellationToken);

        Assert.Equal("X API HTTP 401: Unauthorized", result.Error);
    }

    [Fact]
    public async Task FailsWithoutCallingTheApiWhenNoTokenIsConfigured()
    {
        Api.ServeTimeline(UserId);

        var result = await Reader(token: null).ReadAsync(Source, SourceCheckpoint.Empty, TestContext.Current.CancellationToken);

        Assert.Equal("X:BearerToken is not set (app setting X__BearerToken)", result.Error);
        Assert.Empty(Api.Requests);
    }

    [Fact]
    public async Task KeepsThePostsOfAPageThatAlsoCarriesPartialErrors()
    {
        var page = await File.ReadAllTextAsync(Path.Combine(SharedFixtures.Require("x-api"), "user-tweets-page2-last.json"), TestContext.Current.CancellationToken);
        var problem = await File.ReadAllTextAsync(Path.Combine(SharedFixtures.Require("x-api"), "error-404-user.json"), TestContext.Current.CancellationToken);
        var errors = System.Text.Json.Nodes.JsonNode.Parse(problem)!["errors"]!.DeepClone();
        var combined = System.Text.Json.Nodes.JsonNode.Parse(page)!;
        combined["errors"] = errors;
        Api.ServeBody(UserId, 200, combined.ToJsonString());

        var result = await Reader().ReadAsync(Source, SourceCheckpoint.Empty, TestContext.Current.CancellationToken);

        Assert.True(result.Status == SourceReadStatus.Ok, result.Error);
        Assert.Single(result.Items);
        Assert.True(Api.Violations.Count == 0, string.Join(Environment.NewLine, Api.Violations));
    }

    [Fact]
    public async Task TurnsEachPostIntoAStatementByTheOfficialWhoseAccountItIs()
    {
        Api.ServeTimeline(UserId);
        var result = await Reader().ReadAsync(Source, SourceCheckpoint.Empty, TestContext.Current.CancellationToken);

        var statements = result.Items.SelectMany(i => new StatementExtractor().Extract(i, [StatementExtractor_Attribution.Asif])).ToList();

        Assert.Equal(3, statements.Count);
        Assert.All(statements, s => Assert.Equal("khawaja-asif", s.Official.Id));
        Assert.StartsWith("Let me assure them", statements[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RejectsALocationThatIsNotAnXUserId()
    {
        var result = await Reader().ReadAsync(Source with { Location = "KhawajaMAsif" }, SourceCheckpoint.Empty, TestContext.Current.CancellationToken);

        Assert.Equal("not an X user id (1-19 digits): KhawajaMAsif", result.Error);
    }

    [Fact]
    public async Task TheFakesSchemaCheckCatchesABodyThatBreaksTheSpec()
    {
        Api.ServeBody(UserId, 200, """{"data":[{"id":5,"text":"x"}],"meta":{"result_count":"one"}}""");

        var result = await Reader().ReadAsync(Source, SourceCheckpoint.Empty, TestContext.Current.CancellationToken);

        Assert.NotEmpty(Api.Violations);
        Assert.Empty(result.Items);
    }
}
