using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Xml.Linq;
using Alerts.Core.Archive;
using Alerts.Core.Delivery;
using Alerts.Core.Sources;
using Alerts.Core.Statements;
using Alerts.Core.Subscriptions;
using Alerts.Core.Threats;
using Microsoft.Extensions.DependencyInjection;

namespace Alerts.Web.Tests;

/// <summary>The Atom and JSON feeds as a feed reader sees them: valid, readable by our own parser, inert, and conditional.</summary>
public sealed class AlertFeeds_Http(SubscriptionPagesHost host) : IClassFixture<SubscriptionPagesHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Client() => new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(host.BaseUrl) };

    private string FeedPath(Subscription subscription, string format) =>
        new Uri(host.Services.GetRequiredService<SubscriberLinks>().FeedUrl(subscription, format)).PathAndQuery;

    [Fact]
    public async Task AtomFeedPassesTheRfc4287ChecksAndOurOwnParserReadsItBack()
    {
        var scenario = await ArchiveScenario.CreateAsync(host, Ct);
        using var client = Client();
        using var response = await client.GetAsync(FeedPath(scenario.Subscription, "atom"), Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.ETag);
        Assert.Empty(AtomDocument.Violations(XDocument.Parse(body)));

        var items = new FeedParser().ParseText(body);
        Assert.Equal([scenario.Hostile.Id, scenario.Blockade.Id, scenario.Strike.Id], items.Select(i => i.Id[(i.Id.LastIndexOf(':') + 1)..]));
        var strike = items[2];
        Assert.Contains(ArchiveScenario.HostileText, strike.Text, StringComparison.Ordinal);
        Assert.StartsWith("[HIGH] Khawaja Muhammad Asif:", strike.Title, StringComparison.Ordinal);
        Assert.Equal("https://news.example.org/" + scenario.Strike.Id, strike.Link);
        Assert.Equal("Khawaja Muhammad Asif", strike.Author);

        // Hostile text is data in every layer: no raw markup in the XML, and the HTML content escapes it once more.
        Assert.DoesNotContain("<script", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", body, StringComparison.OrdinalIgnoreCase);
        var content = XDocument.Parse(body).Descendants(XName.Get("content", "http://www.w3.org/2005/Atom")).Last().Value;
        Assert.Contains("&lt;script&gt;", content, StringComparison.Ordinal);
        Assert.Contains("<mark>strike</mark>", content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonFeedIsVersion11WithEncodedHtml()
    {
        var scenario = await ArchiveScenario.CreateAsync(host, Ct);
        using var client = Client();
        using var response = await client.GetAsync(FeedPath(scenario.Subscription, "json"), Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/feed+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("<script", body, StringComparison.OrdinalIgnoreCase);
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.Equal("https://jsonfeed.org/version/1.1", root.GetProperty("version").GetString());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("title").GetString()));
        Assert.EndsWith(FeedPath(scenario.Subscription, "json")[..FeedPath(scenario.Subscription, "json").IndexOf('?')], new Uri(root.GetProperty("feed_url").GetString()!).AbsolutePath, StringComparison.Ordinal);
        var items = root.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(3, items.Count);
        var strike = items[2];
        Assert.Equal(ArchiveScenario.HostileText, strike.GetProperty("content_text").GetString());
        Assert.Contains("&lt;script&gt;", strike.GetProperty("content_html").GetString(), StringComparison.Ordinal);
        Assert.Equal("High", strike.GetProperty("_alerts").GetProperty("level").GetString());
        Assert.Equal(["military_force"], strike.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.True(DateTimeOffset.TryParse(strike.GetProperty("date_modified").GetString(), out _));
    }

    [Fact]
    public async Task AnswersNotModifiedUntilANewAlertArrives()
    {
        var scenario = await ArchiveScenario.CreateAsync(host, Ct);
        using var client = Client();
        var path = FeedPath(scenario.Subscription, "atom");
        using var first = await client.GetAsync(path, Ct);
        var etag = first.Headers.ETag!;

        using var again = new HttpRequestMessage(HttpMethod.Get, path);
        again.Headers.IfNoneMatch.Add(etag);
        using var notModified = await client.SendAsync(again, Ct);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(etag, notModified.Headers.ETag);

        var now = DateTimeOffset.UtcNow;
        var fresh = new StoredStatement("st-fresh-" + Guid.NewGuid().ToString("N"), scenario.OfficialId, "Khawaja Muhammad Asif", "We will respond with force.", null, null, [], now, now,
            new ThreatAnalysis(true, 60, ThreatLevel.High, ["military_force"], [], "t", "en"), "corr-fresh");
        await host.Services.GetRequiredService<StatementStore>().TryAddAsync(fresh, Ct);
        await host.Services.GetRequiredService<AlertDeliverer>().DeliverAsync(new DeliveryRequest(fresh.Id, scenario.Subscription.Id, "corr-fresh"), "msg-fresh", Ct);

        using var afterNews = new HttpRequestMessage(HttpMethod.Get, path);
        afterNews.Headers.IfNoneMatch.Add(etag);
        using var changed = await client.SendAsync(afterNews, Ct);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
        Assert.Contains(fresh.Id, await changed.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FollowsTheSubscriptionsCurrentFiltersAndRefusesBadLinksLikeAnInvalidLink()
    {
        var scenario = await ArchiveScenario.CreateAsync(host, Ct);
        var store = host.Services.GetRequiredService<SubscriptionStore>();
        using var client = Client();

        await store.UpsertAsync(scenario.Subscription with { MinimumLevel = ThreatLevel.High, OfficialIds = [scenario.OfficialId] }, Ct);
        using var narrowed = await client.GetAsync(FeedPath(scenario.Subscription, "atom"), Ct);
        var items = new FeedParser().ParseText(await narrowed.Content.ReadAsStringAsync(Ct));
        Assert.Equal(scenario.Strike.Id, Assert.Single(items).Id[(items[0].Id.LastIndexOf(':') + 1)..]);

        var archiveToken = Uri.EscapeDataString(host.Services.GetRequiredService<SubscriberLinks>().Token(SubscriberLinks.Archive, scenario.Subscription));
        foreach (var path in new[] { "/api/feed/atom", $"/api/feed/json?token={archiveToken}", FeedPath(scenario.Subscription, "atom") + "x" })
        {
            using var refused = await client.GetAsync(path, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("This link does not work", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        await store.UpsertAsync(scenario.Subscription with { Status = SubscriptionStatus.Unsubscribed }, Ct);
        using var gone = await client.GetAsync(FeedPath(scenario.Subscription, "json"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, gone.StatusCode);
        using var unknown = await client.GetAsync(FeedPath(scenario.Subscription, "rss"), Ct);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
