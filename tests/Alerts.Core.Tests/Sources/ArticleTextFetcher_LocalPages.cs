using System.Text;
using Alerts.Core.Sources;
using Alerts.Core.Statements;
using Alerts.Core.Tests.Statements;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Alerts.Core.Tests.Sources;

public sealed class ArticleTextFetcher_LocalPages : IAsyncLifetime
{
    private const string Page = """
        <!DOCTYPE html><html><head><title>Asif warns Taliban</title></head><body>
        <nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
        <aside class="sidebar"><h3>Most read</h3><ul><li><a href="/a">Cricket scores</a></li><li><a href="/b">Weather</a></li></ul></aside>
        <article>
          <h1>Asif warns Taliban of a heavy price</h1>
          <p>ISLAMABAD: Defence Minister Khawaja Asif on Wednesday issued a warning to the Taliban government after talks in Istanbul collapsed without agreement between the two sides.</p>
          <p>Addressing the Taliban directly, he said, &#8220;We will no longer tolerate your mockery and betrayal. Every terrorist attack inside Pakistan will come at a heavy price.&#8221;</p>
          <p>The talks, mediated by Qatar and Turkey, had earlier produced a temporary truce that both sides said they wanted to keep, according to officials familiar with the process.</p>
          <p>Analysts in Islamabad said the tone of the minister's remarks marked a sharp change from the cautious language used by the government during the negotiations in October.</p>
        </article>
        <footer>Copyright Example News</footer>
        </body></html>
        """;

    private readonly LocalHttpServer _server = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static ArticleTextFetcher Fetcher(bool allowPrivate = true)
    {
        var options = new FetchOptions { AllowPrivateAddresses = allowPrivate, TimeoutSeconds = 5 };
        return new ArticleTextFetcher(new HttpClient(HttpFeedReader.CreateHandler(options)), Options.Create(options), NullLogger<ArticleTextFetcher>.Instance);
    }

    private FeedItem Summary(string title, string text) => new("i1", title, _server.Url("/article").ToString(), DateTimeOffset.UnixEpoch, text);

    [Fact]
    public void CutsAnArticleWhereStatementExtractionStopsReading() =>
        Assert.Equal(StatementExtractor.MaxTextChars, ArticleTextFetcher.MaxTextChars);

    [Fact]
    public async Task ReplacesAShortSummaryWithTheArticlesMainTextForAWatchedOfficial()
    {
        _server.MapBytes("/article", Encoding.UTF8.GetBytes(Page), "text/html; charset=utf-8");

        var items = await Fetcher().EnrichAsync([Summary("Asif warns Taliban", "Khawaja Asif warns the Taliban.")], [StatementExtractor_Attribution.Asif], TestContext.Current.CancellationToken);

        var text = Assert.Single(items).Text;
        Assert.Contains("Every terrorist attack inside Pakistan will come at a heavy price.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Cricket scores", text, StringComparison.Ordinal);
        var statement = Assert.Single(new StatementExtractor().Extract(items[0], [StatementExtractor_Attribution.Asif]));
        Assert.Contains("We will no longer tolerate your mockery and betrayal. Every terrorist attack inside Pakistan will come at a heavy price", statement.Quotes!);
    }

    [Fact]
    public async Task LeavesItemsThatNameNoWatchedOfficialUnfetched()
    {
        _server.MapBytes("/article", Encoding.UTF8.GetBytes(Page), "text/html");

        var items = await Fetcher().EnrichAsync([Summary("Weather", "Rain expected in Lahore.")], [StatementExtractor_Attribution.Asif], TestContext.Current.CancellationToken);

        Assert.Equal("Rain expected in Lahore.", Assert.Single(items).Text);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task KeepsTheSummaryWhenThePageIsNotHtml()
    {
        _server.MapBytes("/article", Encoding.UTF8.GetBytes("%PDF-1.7"), "application/pdf");

        var items = await Fetcher().EnrichAsync([Summary("Asif", "Asif said the talks failed.")], [StatementExtractor_Attribution.Asif], TestContext.Current.CancellationToken);

        Assert.Equal("Asif said the talks failed.", Assert.Single(items).Text);
    }

    [Fact]
    public async Task RefusesAnArticleOnLoopbackByDefault()
    {
        _server.MapBytes("/article", Encoding.UTF8.GetBytes(Page), "text/html");

        var text = await Fetcher(allowPrivate: false).FetchTextAsync(_server.Url("/article").ToString(), TestContext.Current.CancellationToken);

        Assert.Null(text);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task APageNestedAHundredThousandLevelsDeepIsLeftUnreadQuickly_AndTheSummaryStays()
    {
        var page = "<!DOCTYPE html><html><body><article>" + string.Concat(Enumerable.Repeat("<div>", 100_000)) + "<p>Khawaja Asif said nothing.</p></article></body></html>";
        _server.MapBytes("/article", Encoding.UTF8.GetBytes(page), "text/html; charset=utf-8");
        FeedParser_HostileNesting.WarmUp();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var items = await Fetcher().EnrichAsync([Summary("Asif warns Taliban", "Khawaja Asif warns the Taliban.")], [StatementExtractor_Attribution.Asif], TestContext.Current.CancellationToken);

        // Before the limit, AngleSharp alone took over a minute on such a page and Readability's recursive walks could end the process.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed.TotalMilliseconds:0} ms");
        Assert.Equal("Khawaja Asif warns the Taliban.", Assert.Single(items).Text);
    }
}
