using System.Text;
using Alerts.Core.Officials;
using Alerts.Core.Sources;
using Alerts.Core.Statements;

namespace Alerts.Core.Tests.Sources;

/// <summary>Telegram channel previews: the real t.me/s pages in ../shared/fixtures/social/telegram, served from 127.0.0.1.</summary>
public sealed class TelegramChannelReader_Pages : IAsyncLifetime
{
    private readonly LocalHttpServer _server = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static string Page(string name) => File.ReadAllText(Path.Combine(SharedFixtures.Require("social/telegram"), name));

    private TelegramChannelReader Reader(FetchOptions? fetch = null) => new(SocialReaders.Fetcher(fetch), SocialReaders.Social(_server), SocialReaders.Clock());

    private void Serve(string path, Func<string?, string> page) =>
        _server.Map(path, async context =>
        {
            var body = Encoding.UTF8.GetBytes(page(context.Request.QueryString["before"]));
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.OutputStream.WriteAsync(body);
        });

    /// <summary>The real page with its posts taken out: what an older page past the channel's start looks like.</summary>
    private static string WithoutPosts(string html)
    {
        var start = html.IndexOf("<div class=\"tgme_widget_message_wrap", StringComparison.Ordinal);
        var end = html.LastIndexOf("</section>", StringComparison.Ordinal);
        return html[..start] + html[end..];
    }

    [Fact]
    public void ReadsEveryPostOfARealPageWithIdDateTextAndTheChannelAsAuthor()
    {
        var page = TelegramPreviewParser.Parse(Page("tme_s_habr_com.html"), new Uri("https://t.me/s/habr_com"));
        var items = TelegramPreviewParser.ToItems(page);

        Assert.Equal("Хабр", page.Title);
        Assert.Equal(20, page.Posts.Count);
        Assert.Equal(Enumerable.Range(56622, 20).Select(i => (long)i), page.Posts.Select(p => p.Id));
        Assert.Equal(new DateTimeOffset(2023, 5, 5, 5, 24, 0, TimeSpan.Zero), page.Posts[0].Published);
        Assert.Equal(20, items.Count);
        Assert.Equal("tg:habr_com/56622", items[0].Id);
        Assert.Equal("https://t.me/habr_com/56622", items[0].Link);
        Assert.StartsWith("⚡️ Новости к этому часу", items[0].Text, StringComparison.Ordinal);
        Assert.All(items, i => Assert.Equal(["telegram:habr_com"], i.AuthorAccounts!));
        Assert.All(page.Posts, p => Assert.False(p.Edited));
        Assert.All(page.Posts, p => Assert.Null(p.ForwardedFrom));
    }

    [Fact]
    public void SkipsPhotoOnlyPostsAndPollsButKeepsAlbumCaptions()
    {
        var page = TelegramPreviewParser.Parse(Page("tme_s_thecodemedia.html"), new Uri("https://t.me/s/thecodemedia"));
        var items = TelegramPreviewParser.ToItems(page);

        Assert.Equal(12, page.Posts.Count);
        Assert.Equal(7124, page.Posts[0].Id);
        Assert.Equal(7148, page.Posts[^1].Id);
        Assert.All(items, i => Assert.False(string.IsNullOrWhiteSpace(i.Text)));
        // The poll's question and options are not the channel's text.
        Assert.DoesNotContain(items, i => i.Text.Contains("Должен ли айфон стать открытым", StringComparison.Ordinal));
        Assert.Equal(page.Posts.Count(p => p.Text.Length > 0), items.Count);
    }

    [Fact]
    public void GivesAForwardedPostToItsOriginalAuthorAndAnEditedPostAnIdPerText()
    {
        var html = Page("tme_s_habr_com.html");
        var marker = "data-post=\"habr_com/56630\"";
        var at = html.IndexOf(marker, StringComparison.Ordinal);
        var author = html.IndexOf("<div class=\"tgme_widget_message_author", at, StringComparison.Ordinal);
        html = html[..author] + "<div class=\"tgme_widget_message_forwarded_from accent_color\">Forwarded from <a class=\"tgme_widget_message_forwarded_from_name\" href=\"https://t.me/mid_russia/1\"><span dir=\"auto\">МИД России</span></a></div>" + html[author..];
        var meta = html.IndexOf("<span class=\"tgme_widget_message_meta\">", html.IndexOf("data-post=\"habr_com/56631\"", StringComparison.Ordinal), StringComparison.Ordinal);
        html = html.Insert(meta + "<span class=\"tgme_widget_message_meta\">".Length, "edited ");

        var page = TelegramPreviewParser.Parse(html, new Uri("https://t.me/s/habr_com"));
        var items = TelegramPreviewParser.ToItems(page);
        var forwarded = items.Single(i => i.Id == "tg:habr_com/56630");
        var edited = items.Single(i => i.Id.StartsWith("tg:habr_com/56631", StringComparison.Ordinal));

        Assert.Equal("МИД России", forwarded.Author);
        Assert.Null(forwarded.AuthorAccounts);
        Assert.Matches("^tg:habr_com/56631#edited-[0-9a-f]{10}$", edited.Id);
        Assert.Equal(["telegram:habr_com"], edited.AuthorAccounts!);
        var official = new Official("habr", "Habr", [], Accounts: ["telegram:Habr_Com"]);
        Assert.Single(new StatementExtractor().Extract(edited, [official]));
        Assert.Empty(new StatementExtractor().Extract(forwarded, [official]));
    }

    [Fact]
    public async Task ReadsTheChannelAndKeepsTheHighestPostIdAsItsCursor()
    {
        Serve("/s/habr_com", _ => Page("tme_s_habr_com.html"));

        var result = await Reader().ReadAsync(SocialReaders.Source(SourceKind.Telegram, "@habr_com"), SourceCheckpoint.Empty, TestContext.Current.CancellationToken);

        Assert.True(result.Status == SourceReadStatus.Ok, result.Error);
        Assert.Equal(20, result.Items.Count);
        Assert.Equal("56641", result.SinceId);
        Assert.Equal("/s/habr_com", Assert.Single(_server.Requests).Path);
    }

    [Fact]
    public async Task HandsBackNoCursorWhenNothingNewHasBeenPosted()
    {
        Serve("/s/habr_com", _ => Page("tme_s_habr_com.html"));

        var result = await Reader().ReadAsync(SocialReaders.Source(SourceKind.Telegram, "habr_com"), SourceCheckpoint.Empty with { SinceId = "56641" }, TestContext.Current.CancellationToken);

        Assert.Equal(SourceReadStatus.Ok, result.Status);
        Assert.Null(result.SinceId);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task PagesBackWithBeforeUntilItReachesTheCursor()
    {
        var html = Page("tme_s_habr_com.html");
        Serve("/s/habr_com", before => before is null ? html : WithoutPosts(html));

        var result = await Reader().ReadAsync(SocialReaders.Source(SourceKind.Telegram, _server.Url("/s/habr_com").ToString()), SourceCheckpoint.Empty with { SinceId = "56600" }, TestContext.Current.CancellationToken);

        Assert.True(result.Status == SourceReadStatus.Ok, result.Error);
        Assert.Equal(2, _server.Requests.Count);
        Assert.Equal("?before=56622", _server.Requests[1].Query);
        Assert.Equal("56641", result.SinceId);
    }

    [Fact]
    public async Task RefusesANameThatIsNoChannelWithTheReason()
    {
        _server.Map("/s/no_such_channel", context =>
        {
            context.Response.StatusCode = 302;
            context.Response.RedirectLocation = "/no_such_channel";
            return Task.CompletedTask;
        });
        _server.MapBytes("/no_such_channel", Encoding.UTF8.GetBytes("<html><body><div class=\"tgme_page\"><div class=\"tgme_page_title\">Telegram</div></div></body></html>"), "text/html");

        var result = await Reader().ReadAsync(SocialReaders.Source(SourceKind.Telegram, "no_such_channel"), SourceCheckpoint.Empty, TestContext.Current.CancellationToken);

        Assert.Equal(SourceReadStatus.Failed, result.Status);
        Assert.StartsWith("no public Telegram channel @no_such_channel", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void RefusesAContactPageOrAChangedLayoutSavedAsAFile()
    {
        var contact = Assert.Throws<FeedFormatException>(() => TelegramPreviewParser.Parse("<html><body><div class=\"tgme_page\"><div class=\"tgme_page_title\">Durov</div></div></body></html>", new Uri("https://t.me/s/durov")));
        var other = Assert.Throws<FeedFormatException>(() => TelegramPreviewParser.Parse("<html><body><div class=\"feed\"><article>news</article></div></body></html>", new Uri("https://t.me/s/x")));

        Assert.StartsWith("not a public Telegram channel", contact.Message, StringComparison.Ordinal);
        Assert.StartsWith("not a Telegram channel preview", other.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecordsADeletedChannelAsAFailureWithTheReason()
    {
        var result = await Reader().ReadAsync(SocialReaders.Source(SourceKind.Telegram, "gone_channel"), SourceCheckpoint.Empty, TestContext.Current.CancellationToken);

        Assert.Equal("no public Telegram channel @gone_channel (HTTP 404): deleted, private or never existed", result.Error);
    }

    [Fact]
    public async Task WaitsAsLongAsARateLimitedAnswerAsks()
    {
        _server.Map("/s/busy_channel", context =>
        {
            context.Response.StatusCode = 429;
            context.Response.AddHeader("Retry-After", "120");
            return Task.CompletedTask;
        });

        var result = await Reader().ReadAsync(SocialReaders.Source(SourceKind.Telegram, "busy_channel"), SourceCheckpoint.Empty, TestContext.Current.CancellationToken);

        Assert.Equal("Telegram rate limit reached (HTTP 429)", result.Error);
        Assert.Equal(TimeSpan.FromSeconds(120), result.RetryAfter);
    }

    [Fact]
    public async Task StopsAFiftyMegabytePageAtTheSizeCap()
    {
        _server.Map("/s/huge_channel", async context =>
        {
            context.Response.SendChunked = true;
            var chunk = Encoding.UTF8.GetBytes(new string('x', 1 << 20));
            for (var i = 0; i < 50; i++)
            {
                await context.Response.OutputStream.WriteAsync(chunk);
            }
        });

        var result = await Reader(SocialReaders.LocalFetch(maxBytes: 2_000_000)).ReadAsync(SocialReaders.Source(SourceKind.Telegram, "huge_channel"), SourceCheckpoint.Empty, TestContext.Current.CancellationToken);

        Assert.Equal("response exceeds the cap of 2000000 bytes (counted after decompression)", result.Error);
    }

    [Fact]
    public async Task NeverConnectsToALoopbackAddressWithDefaultSettings()
    {
        Serve("/s/habr_com", _ => Page("tme_s_habr_com.html"));

        var result = await Reader(new FetchOptions()).ReadAsync(SocialReaders.Source(SourceKind.Telegram, "habr_com"), SourceCheckpoint.Empty, TestContext.Current.CancellationToken);

        Assert.Equal(SourceReadStatus.Failed, result.Status);
        Assert.Contains("is not a public address", result.Error, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }
}
