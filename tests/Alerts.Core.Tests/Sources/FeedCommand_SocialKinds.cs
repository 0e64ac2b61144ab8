using System.Text.Json;
using Alerts.Cli;
using Alerts.Cli.Commands;

namespace Alerts.Core.Tests.Sources;

/// <summary><c>feed --kind telegram|bluesky|mastodon|page</c> over the saved real pages and bodies, and the refusals.</summary>
public sealed class FeedCommand_SocialKinds
{
    private static async Task<(int Exit, string[] Lines, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await new FeedCommand().RunAsync(args, new CliConsole(TextReader.Null, output, error), TestContext.Current.CancellationToken);
        return (exit, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), error.ToString().TrimEnd());
    }

    private static string Fixture(string path) => Path.Combine(SharedFixtures.Require("social"), path);

    [Fact]
    public async Task PrintsEachPostOfASavedTelegramPage()
    {
        var (exit, lines, _) = await RunAsync("--kind", "telegram", Fixture("telegram/tme_s_habr_com.html"));

        Assert.Equal(0, exit);
        Assert.Equal(20, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        Assert.Equal("tg:habr_com/56622", first.RootElement.GetProperty("id").GetString());
        Assert.Equal("Хабр", first.RootElement.GetProperty("author").GetString());
    }

    [Fact]
    public async Task PrintsTheOwnPostsOfASavedBlueskyAnswerWithTheirLanguage()
    {
        var (exit, lines, _) = await RunAsync("--kind", "bluesky", Fixture("bluesky/getAuthorFeed.chriskenny.bsky.social.2025-05-19.json"));

        Assert.Equal(0, exit);
        Assert.True(lines.Length > 30);
        Assert.Contains(lines, l => JsonDocument.Parse(l).RootElement.GetProperty("language").GetString() == "en");
    }

    [Fact]
    public async Task PrintsTheStatusesOfASavedMastodonAnswerAndOfAnAccountRss()
    {
        var api = await RunAsync("--kind", "mastodon", Fixture("mastodon/api-v1-accounts-statuses.limit5.page1.json"));
        var rss = await RunAsync("--kind", "mastodon", Fixture("mastodon/account-rss.d6y.mastodon.green.2023-02-11.rss"));

        Assert.Equal(0, api.Exit);
        Assert.Equal("Toot number 9!", JsonDocument.Parse(api.Lines[0]).RootElement.GetProperty("text").GetString());
        Assert.Equal(0, rss.Exit);
        Assert.Equal(20, rss.Lines.Length);
    }

    [Theory]
    [InlineData("bluesky", "mastodon/api-v1-accounts-statuses.limit5.page1.json", "not an app.bsky.feed.getAuthorFeed answer: no feed array")]
    [InlineData("mastodon", "telegram/tme_s_thecodemedia.html", "Mastodon API answered with invalid JSON")]
    [InlineData("telegram", "mastodon/account-rss.d6y.mastodon.green.2023-02-11.rss", "not a Telegram channel preview")]
    [InlineData("page", "bluesky/getAuthorFeed.shinyakato.dev.2023-04-30.json", "not an HTML page")]
    public async Task RefusesASavedBodyOfAnotherKindWithTheReason(string kind, string file, string reason)
    {
        var (exit, lines, error) = await RunAsync("--kind", kind, Fixture(file));

        Assert.Equal(1, exit);
        Assert.Empty(lines);
        Assert.StartsWith($"alerts feed: refused {Fixture(file)}: {reason}", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusesASavedPageForANameThatIsNoChannel()
    {
        var file = Path.Combine(Path.GetTempPath(), $"tme-contact-{Guid.NewGuid():n}.html");
        await File.WriteAllTextAsync(file, "<!DOCTYPE html><html><body><div class=\"tgme_page\"><div class=\"tgme_page_title\"><span dir=\"auto\">Pavel Durov</span></div><div class=\"tgme_page_extra\">@durov</div></div></body></html>", TestContext.Current.CancellationToken);
        try
        {
            var (exit, _, error) = await RunAsync("--kind", "telegram", file);

            Assert.Equal(1, exit);
            Assert.StartsWith($"alerts feed: refused {file}: not a public Telegram channel: t.me answered with its contact page", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task RefusesALoopbackAddressUnlessAllowedAndAnUnknownKind()
    {
        var loopback = await RunAsync("--kind", "telegram", "http://127.0.0.1:9/s/some_channel");
        var unknown = await RunAsync("--kind", "myspace", "x");

        Assert.Equal(1, loopback.Exit);
        Assert.Contains("is not a public address", loopback.Error, StringComparison.Ordinal);
        Assert.Equal(2, unknown.Exit);
    }
}
