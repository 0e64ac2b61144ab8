using System.Text;
using Alerts.Core.Sources;

namespace Alerts.Core.Tests.Sources;

public sealed class FeedParser_Quirks
{
    private static IReadOnlyList<FeedItem> Parse(string xml, Uri? baseUri = null) => new FeedParser().Parse(Encoding.UTF8.GetBytes(xml), baseUri);

    [Theory]
    [InlineData("Sat, 07 Jan 2017 15:25:29 +0000", "2017-01-07T15:25:29+00:00")]
    [InlineData("Sat, 7 Jan 2017 16:22:29 +0100", "2017-01-07T16:22:29+01:00")]
    [InlineData("07 Jan 2017 17:12:53 +0300", "2017-01-07T17:12:53+03:00")]
    [InlineData("Do, 22 Dez 2016 17:36:00 +0000", "2016-12-22T17:36:00+00:00")]
    [InlineData("mer., 4 janv. 2017 10:00:00 GMT", "2017-01-04T10:00:00+00:00")]
    [InlineData("Wed, 09 Mar 2016 13:00:00 EST", "2016-03-09T13:00:00-05:00")]
    [InlineData("Wed, 29 Oct 2025 16:00:00 GMT+2", "2025-10-29T16:00:00+02:00")]
    [InlineData("Wed, 29 Oct 2025 16:00", "2025-10-29T16:00:00+00:00")]
    [InlineData("2017-01-07T09:00:01-05:00", "2017-01-07T09:00:01-05:00")]
    [InlineData("2021-07-19T00:00:00.000Z", "2021-07-19T00:00:00+00:00")]
    public void ReadsDatesInTheFormsFeedsReallyUse(string value, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), FeedDates.Parse(value));
    }

    [Fact]
    public void ReturnsNoDateForText()
    {
        Assert.Null(FeedDates.Parse("yesterday afternoon"));
    }

    [Fact]
    public void ResolvesRelativeRssLinksAgainstTheChannelLink()
    {
        var items = Parse("<rss version='2.0'><channel><link>https://news.example.org/world/</link><item><title>T</title><link>/2025/a.html</link></item></channel></rss>");

        Assert.Equal("https://news.example.org/2025/a.html", Assert.Single(items).Link);
    }

    [Fact]
    public void ResolvesRelativeAtomLinksAgainstNestedXmlBase()
    {
        var items = Parse("""
            <feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://site.example.org/blog/">
              <entry xml:base="2025/"><id>e1</id><title>T</title><link href="post.html"/></entry>
            </feed>
            """);

        Assert.Equal("https://site.example.org/blog/2025/post.html", Assert.Single(items).Link);
    }

    [Fact]
    public void GivesItemsWithoutGuidTheirLinkAsIdentity()
    {
        var items = Parse("<rss version='2.0'><channel><item><title>T</title><link>https://a.example.org/x</link></item></channel></rss>");

        Assert.Equal("https://a.example.org/x", Assert.Single(items).Id);
    }

    [Fact]
    public void GivesItemsWithoutGuidOrLinkAStableContentIdentity()
    {
        const string xml = "<rss version='2.0'><channel><item><title>T</title><description>Body</description></item></channel></rss>";

        Assert.Equal(Assert.Single(Parse(xml)).Id, Assert.Single(Parse(xml)).Id);
        Assert.StartsWith("content:", Assert.Single(Parse(xml)).Id, StringComparison.Ordinal);
    }

    [Fact]
    public void TurnsHtmlInCdataIntoPlainTextWithParagraphBreaks()
    {
        var items = Parse("<rss version='2.0'><channel><item><title>T</title><description><![CDATA[<p>One &amp; <b>two</b>.</p><p>Three.</p><script>x()</script>]]></description></item></channel></rss>");

        Assert.Equal("One & two.\nThree.", Assert.Single(items).Text);
    }

    [Fact]
    public void DropsJavascriptLinks()
    {
        var items = Parse("<rss version='2.0'><channel><item><title>T</title><link>javascript:alert(1)</link><guid isPermaLink='false'>g</guid></item></channel></rss>");

        Assert.Null(Assert.Single(items).Link);
    }

    [Fact]
    public void ReadsAByteOrderMarkedDocument()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("<rss version='2.0'><channel><item><title>Ü</title><guid>g</guid></item></channel></rss>")).ToArray();

        Assert.Equal("Ü", Assert.Single(new FeedParser().Parse(bytes)).Title);
    }

    [Fact]
    public void ReadsAnRss091DocumentWithItsDoctype()
    {
        var items = Parse("""
            <?xml version="1.0"?>
            <!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">
            <rss version="0.91"><channel><title>c</title><link>http://a.example.org/</link><item><title>T</title><link>http://a.example.org/1</link></item></channel></rss>
            """);

        Assert.Equal("http://a.example.org/1", Assert.Single(items).Link);
    }
}
