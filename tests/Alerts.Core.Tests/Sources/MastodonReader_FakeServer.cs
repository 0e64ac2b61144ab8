using System.Text;
using System.Text.Json.Nodes;
using Alerts.Core.Officials;
using Alerts.Core.Sources;
using Alerts.Core.Statements;

namespace Alerts.Core.Tests.Sources;

/// <summary>Mastodon-compatible accounts against a local server serving the real captured statuses.</summary>
public sealed class MastodonReader_FakeServer : IAsyncLifetime
{
    private const string Newest = "117020580518794573";

    private FakeMastodonServer? _server;
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _time = new(new DateTimeOffset(2026, 8, 1, 13, 53, 0, TimeSpan.Zero));

    private FakeMastodonServer Server => _server!;

    public ValueTask InitializeAsync()
    {
        _server = new FakeMastodonServer(SharedFixtures.Require("social/mastodon"));
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private string Profile => Server.Root + "@" + FakeMastodonServer.User;

    private Task<SourceReadResult> ReadAsync(string? sinceId = null, string? location = null) =>
        new MastodonReader(SocialReaders.Fetcher(), new FeedParser(), SocialReaders.Social(Server.Server, pageSize: 5), _time)
            .ReadAsync(SocialReaders.Source(SourceKind.Mastodon, location ?? Profile), SourceCheckpoint.Empty with { SinceId = sinceId }, TestContext.Current.CancellationToken);

    private void AssertNoViolations() => Assert.True(Server.Violations.Count == 0, string.Join(Environment.NewLine, Server.Violations));

    [Fact]
    public async Task LooksUpTheAccountOnceThenReadsItsNewestStatusesAsText()
    {
        Server.ServeAccount();

        var result = await ReadAsync();

        AssertNoViolations();
        Assert.True(result.Status == SourceReadStatus.Ok, result.Error);
        Assert.Equal(["/api/v1/accounts/lookup", $"/api/v1/accounts/{FakeMastodonServer.AccountId}/statuses"], Server.Requests.Select(r => r.Path));
        Assert.Equal("?limit=5&exclude_reblogs=true", Server.Requests[1].Query);
        Assert.Equal(["Toot number 9!", "Toot number 8!", "Toot number 7!", "Toot number 6!", "Toot number 5!"], result.Items.Select(i => i.Text));
        Assert.Equal($"masto:http://localhost:3000/@mastodonpy_test/{Newest}", result.Items[0].Id);
        Assert.Equal("en", result.Items[0].Language);
        Assert.Equal(new DateTimeOffset(2026, 8, 1, 13, 52, 34, 108, TimeSpan.Zero), result.Items[0].Published);
        Assert.All(result.Items, i => Assert.Equal(["mastodon:mastodonpy_test@127.0.0.1"], i.AuthorAccounts!));
        Assert.Equal($"{FakeMastodonServer.AccountId}:{Newest}", result.SinceId);
    }

    [Fact]
    public async Task IsNotModifiedWhenNoStatusIsNewerThanTheCursor()
    {
        Server.ServeAccount();

        var result = await ReadAsync($"{FakeMastodonServer.AccountId}:{Newest}");

        AssertNoViolations();
        Assert.Equal(SourceReadStatus.NotModified, result.Status);
        Assert.Equal($"?limit=5&exclude_reblogs=true&since_id={Newest}", Assert.Single(Server.Requests).Query);
    }

    [Fact]
    public async Task FollowsTheLinkHeadersNextPageWhileAWholePageIsNew()
    {
        Server.ServeAccount();
        var oldest = (string)Server.Statuses[^1]["id"]!;

        var result = await ReadAsync($"{FakeMastodonServer.AccountId}:{oldest}");

        AssertNoViolations();
        Assert.Equal(2, Server.Requests.Count);
        Assert.Equal($"?limit=5&exclude_reblogs=true&since_id={oldest}&max_id=117020580489281910", Server.Requests[1].Query);
        Assert.Equal(9, result.Items.Count);
        Assert.Equal(9, result.Items.Select(i => i.Id).Distinct().Count());
        Assert.Equal($"{FakeMastodonServer.AccountId}:{Newest}", result.SinceId);
    }

    [Fact]
    public async Task StopsPagingWhenTheRateLimitWindowIsSpent()
    {
        Server.ServeAccount(rateLimitRemaining: 0);
        var oldest = (string)Server.Statuses[^1]["id"]!;

        var result = await ReadAsync($"{FakeMastodonServer.AccountId}:{oldest}");

        Assert.Single(Server.Requests);
        Assert.Equal(5, result.Items.Count);
        Assert.Null(result.SinceId);
    }

    [Fact]
    public void SkipsReblogsAndKeepsAContentWarningBeforeTheText()
    {
        var statuses = new JsonArray([.. Server.Statuses.Take(3).Select(s => s.DeepClone())]);
        statuses[0]!["reblog"] = Server.Statuses[5].DeepClone();
        statuses[1]!["spoiler_text"] = "Politics";
        statuses[1]!["content"] = "<p>We will answer <a href=\"https://x.example/tags/x\">#x</a>.<br>Firmly.</p>";

        var page = MastodonStatuses.Parse(Encoding.UTF8.GetBytes(statuses.ToJsonString()), "mastodon.example");

        Assert.Equal(1, page.Reblogs);
        Assert.Equal(2, page.Items.Count);
        Assert.Equal("Politics\nWe will answer #x.\nFirmly.", page.Items[0].Text);
        Assert.Equal(["mastodon:mastodonpy_test@mastodon.example"], page.Items[0].AuthorAccounts!);
    }

    [Fact]
    public async Task GivesEveryStatusToTheOfficialWhoseAccountItIs()
    {
        Server.ServeAccount();
        var result = await ReadAsync();
        var official = new Official("john", "John Lennon", [], Accounts: ["mastodon:@MastodonPy_Test@127.0.0.1"]);

        var statements = result.Items.SelectMany(i => new StatementExtractor().Extract(i, [official])).ToList();

        Assert.Equal(5, statements.Count);
    }

    [Fact]
    public async Task RecordsAnUnknownAccount()
    {
        Server.ServeAccount();

        var result = await ReadAsync(location: Server.Root + "@nobody_here");

        Assert.Equal("no Mastodon account nobody_here at 127.0.0.1 (deleted or never existed) (HTTP 404: Record not found)", result.Error);
    }

    [Fact]
    public async Task RecordsASuspendedAccount()
    {
        Server.Account["suspended"] = true;
        Server.ServeAccount();

        var result = await ReadAsync();

        Assert.Equal("Mastodon account @mastodonpy_test@127.0.0.1 is suspended", result.Error);
    }

    [Fact]
    public async Task RecordsAGoneAccount()
    {
        Server.ServeAccount(async context =>
        {
            if (!context.Request.Url!.AbsolutePath.EndsWith("/statuses", StringComparison.Ordinal))
            {
                return false;
            }

            await FakeMastodonServer.WriteAsync(context, 410, "{\"error\":\"Gone\"}");
            return true;
        });

        var result = await ReadAsync($"{FakeMastodonServer.AccountId}:");

        Assert.Equal($"Mastodon account {FakeMastodonServer.User} at 127.0.0.1 is gone (suspended or deleted) (HTTP 410: Gone)", result.Error);
        Assert.Equal(TimeSpan.FromHours(1), result.RetryAfter);
    }

    [Fact]
    public async Task WaitsUntilTheRateLimitResetsAfterA429()
    {
        Server.ServeAccount(async context =>
        {
            context.Response.AddHeader("X-RateLimit-Reset", "2026-08-01T13:55:00.212100Z");
            await FakeMastodonServer.WriteAsync(context, 429, "{\"error\":\"Too many requests\"}");
            return true;
        });

        var result = await ReadAsync($"{FakeMastodonServer.AccountId}:{Newest}");

        Assert.StartsWith("Mastodon rate limit reached at 127.0.0.1", result.Error, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(120.2121), result.RetryAfter);
    }

    [Fact]
    public async Task RefusesInvalidJsonWithTheReason()
    {
        Server.ServeAccount(async context =>
        {
            if (!context.Request.Url!.AbsolutePath.EndsWith("/statuses", StringComparison.Ordinal))
            {
                return false;
            }

            await FakeMastodonServer.WriteAsync(context, 200, "[{\"id\":\"1\",");
            return true;
        });

        var result = await ReadAsync();

        Assert.StartsWith("Mastodon API answered with invalid JSON", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadsTheAccountRssWhenTheServerRefusesAnonymousApiCalls()
    {
        Server.ServeAccount(async context =>
        {
            await FakeMastodonServer.WriteAsync(context, 401, "{\"error\":\"This API requires an authenticated user\"}");
            return true;
        });
        Server.Server.MapBytes("/@d6y.rss", File.ReadAllBytes(Path.Combine(Server.Folder, "account-rss.d6y.mastodon.green.2023-02-11.rss")));

        var result = await ReadAsync(location: Server.Root + "@d6y");

        Assert.True(result.Status == SourceReadStatus.Ok, result.Error);
        Assert.Equal(20, result.Items.Count);
        Assert.All(result.Items, i => Assert.StartsWith("masto:https://mastodon.green/@d6y/", i.Id, StringComparison.Ordinal));
        Assert.All(result.Items, i => Assert.Equal(["mastodon:d6y@127.0.0.1"], i.AuthorAccounts!));
        Assert.DoesNotContain(result.Items, i => i.Text.Contains("<p>", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("https://truthsocial.com/@realDonaldTrump", "https://truthsocial.com/", "realDonaldTrump", null)]
    [InlineData("realDonaldTrump@truthsocial.com", "https://truthsocial.com/", "realDonaldTrump", null)]
    [InlineData("https://mastodon.social/api/v1/accounts/109", "https://mastodon.social/", null, "109")]
    [InlineData("https://mastodon.social/", null, null, null)]
    public void UnderstandsTheLocationForms(string location, string? root, string? user, string? id)
    {
        var parsed = MastodonReader.Parse(location);

        Assert.Equal(root, parsed.Root?.ToString());
        Assert.Equal(user, parsed.User);
        Assert.Equal(id, parsed.AccountId);
    }
}
