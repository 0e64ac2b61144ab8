using System.Text;
using Alerts.Core.Sources;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Alerts.Core.Tests.Sources;

/// <summary>A ministry's press-release listing without a feed, served from 127.0.0.1 with its release pages.</summary>
public sealed class PressReleasePageReader_LocalSite : IAsyncLifetime
{
    private readonly LocalHttpServer _server = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static string Listing(params string[] slugs) => $"""
        <!DOCTYPE html><html><head><title>Press releases</title></head><body>
        <nav><a href="/">Home</a> <a href="/about">About the ministry</a> <a href="/contact">Contact</a></nav>
        <main>
          <h1>Press releases</h1>
          <ul class="press-list">
            {string.Concat(slugs.Select(s => $"<li><a class=\"title\" href=\"/press/{s}\">Statement {s}</a> <a class=\"pdf\" href=\"/press/{s}.pdf\">PDF</a></li>"))}
          </ul>
          <p>Follow us on <a href="https://x.example/ministry">X</a>. <a href="/press">All releases</a></p>
        </main>
        <footer><a href="/privacy">Privacy</a></footer>
        </body></html>
        """;

    private static string Release(string slug) => $"""
        <!DOCTYPE html><html><head><title>Statement {slug}</title></head><body>
        <nav><a href="/">Home</a></nav>
        <article>
          <h1>Statement by the Minister of Defence ({slug})</h1>
          <p>The Minister of Defence said today that the armed forces stand ready to answer any aggression against the country's borders with full force, and that the government will not be intimidated.</p>
          <p>The minister added that talks with neighbouring governments would continue, but warned that every attack on civilians would come at a heavy price for those who planned it.</p>
          <p>The ministry will publish further details of the security measures agreed at the meeting of the national security committee later this week, officials said.</p>
        </article>
        </body></html>
        """;

    private void ServeSite(Func<string> listing, params string[] slugs)
    {
        _server.Map("/press", async context =>
        {
            var body = Encoding.UTF8.GetBytes(listing());
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.OutputStream.WriteAsync(body);
        });
        foreach (var slug in slugs)
        {
            _server.MapBytes("/press/" + slug, Encoding.UTF8.GetBytes(Release(slug)), "text/html; charset=utf-8");
        }
    }

    private PressReleasePageReader Reader(int maxArticles = 10)
    {
        var fetch = SocialReaders.LocalFetch();
        var articles = new ArticleTextFetcher(new HttpClient(HttpFeedReader.CreateHandler(fetch)), Options.Create(fetch), NullLogger<ArticleTextFetcher>.Instance);
        return new PressReleasePageReader(SocialReaders.Fetcher(fetch), articles, SocialReaders.Social(_server, maxArticles: maxArticles), SocialReaders.Clock());
    }

    private Task<SourceReadResult> ReadAsync(PressReleasePageReader reader, SourceCheckpoint? checkpoint = null, string? selector = null, string path = "/press") =>
        reader.ReadAsync(SocialReaders.Source(SourceKind.Page, _server.Url(path).ToString(), selector), checkpoint ?? SourceCheckpoint.Empty, TestContext.Current.CancellationToken);

    private int ArticleRequests() => _server.Requests.Count(r => r.Path.StartsWith("/press/", StringComparison.Ordinal));

    [Fact]
    public async Task FollowsEachPressReleaseLinkOfTheMainContentAndReadsItAsAnArticle()
    {
        ServeSite(() => Listing("a1", "a2", "a3"), "a1", "a2", "a3");

        var result = await ReadAsync(Reader(), selector: ".press-list a.title");

        Assert.True(result.Status == SourceReadStatus.Ok, result.Error);
        Assert.Equal(["a1", "a2", "a3"], result.Items.Select(i => i.Link![(i.Link!.LastIndexOf('/') + 1)..]));
        Assert.Equal(_server.Url("/press/a1").AbsoluteUri, result.Items[0].Link);
        Assert.Equal("page:" + _server.Url("/press/a1").AbsoluteUri, result.Items[0].Id);
        Assert.Equal("Statement a1", result.Items[0].Title);
        Assert.Contains("every attack on civilians would come at a heavy price", result.Items[0].Text, StringComparison.Ordinal);
        Assert.NotNull(result.SinceId);
        Assert.Equal(3, ArticleRequests());
    }

    [Fact]
    public void TakesOnlyTheMainContentsLinksOnItsOwnSiteWithoutASelector()
    {
        var links = PressReleaseListing.Links(Listing("a1"), new Uri("https://mofa.example/press"), null);

        Assert.Equal(["https://mofa.example/press/a1", "https://mofa.example/press/a1.pdf"], links.Select(l => l.Url));
    }

    [Fact]
    public async Task IsNotModifiedAndFetchesNoArticleWhenTheListingIsUnchanged()
    {
        ServeSite(() => Listing("a1", "a2"), "a1", "a2");
        var reader = Reader();
        var first = await ReadAsync(reader, selector: ".press-list a.title");

        var second = await ReadAsync(reader, SourceCheckpoint.Empty with { SinceId = first.SinceId }, ".press-list a.title");

        Assert.Equal(SourceReadStatus.NotModified, second.Status);
        Assert.Equal(2, ArticleRequests());
    }

    [Fact]
    public async Task FollowsOnlyTheNewLinkWhenAReleaseIsAdded()
    {
        var slugs = new List<string> { "a1", "a2" };
        ServeSite(() => Listing([.. slugs]), "a1", "a2", "b1");
        var reader = Reader();
        var first = await ReadAsync(reader, selector: ".press-list a.title");
        slugs.Insert(0, "b1");

        var second = await ReadAsync(reader, SourceCheckpoint.Empty with { SinceId = first.SinceId }, ".press-list a.title");

        Assert.Equal("Statement b1", Assert.Single(second.Items).Title);
        Assert.Equal(3, ArticleRequests());
    }

    [Fact]
    public async Task LeavesLinksPastThePerPollCapForTheNextPoll()
    {
        ServeSite(() => Listing("a1", "a2", "a3"), "a1", "a2", "a3");
        var reader = Reader(maxArticles: 2);
        var first = await ReadAsync(reader, selector: ".press-list a.title");

        var second = await ReadAsync(reader, SourceCheckpoint.Empty with { SinceId = first.SinceId }, ".press-list a.title");
        var third = await ReadAsync(reader, SourceCheckpoint.Empty with { SinceId = second.SinceId ?? first.SinceId }, ".press-list a.title");

        Assert.Equal(2, first.Items.Count);
        Assert.Equal("Statement a3", Assert.Single(second.Items).Title);
        Assert.Equal(SourceReadStatus.NotModified, third.Status);
        Assert.Equal(3, ArticleRequests());
    }

    [Fact]
    public async Task AsksConditionallyAndIsNotModifiedOnA304()
    {
        _server.MapBytes("/press", Encoding.UTF8.GetBytes(Listing("a1")), "text/html", etag: "\"v1\"");
        _server.MapBytes("/press/a1", Encoding.UTF8.GetBytes(Release("a1")), "text/html");
        var reader = Reader();
        var first = await ReadAsync(reader);

        var second = await ReadAsync(reader, SourceCheckpoint.Empty with { ETag = first.ETag, SinceId = first.SinceId });

        Assert.Equal("\"v1\"", first.ETag);
        Assert.Equal(SourceReadStatus.NotModified, second.Status);
        Assert.Equal("\"v1\"", _server.Requests[^1].Headers["If-None-Match"]);
    }

    [Theory]
    [InlineData(".press-list a.title[", "the source's CSS selector '.press-list a.title[' is not valid")]
    [InlineData(".releases-2026 a", "the source's CSS selector '.releases-2026 a' matches nothing on the page (the layout changed?)")]
    public async Task RecordsABrokenOrStaleSelector(string selector, string reason)
    {
        ServeSite(() => Listing("a1"), "a1");

        var result = await ReadAsync(Reader(), selector: selector);

        Assert.Equal(SourceReadStatus.Failed, result.Status);
        Assert.StartsWith(reason, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecordsAMissingListingAndABodyThatIsNoPage()
    {
        _server.MapBytes("/api", Encoding.UTF8.GetBytes("{\"releases\":[]}"), "application/json");

        var missing = await ReadAsync(Reader(), path: "/gone");
        var json = await ReadAsync(Reader(), path: "/api");

        Assert.Equal("HTTP 404 from 127.0.0.1", missing.Error);
        Assert.Equal(TimeSpan.FromHours(1), missing.RetryAfter);
        Assert.Equal("not an HTML page (application/json)", json.Error);
    }
}
