using System.Text;
using Alerts.Core.Sources;

namespace Alerts.Core.Tests.Sources;

/// <summary>The feed shapes feedparser's suite showed the parser refusing or misreading, proven without ../shared.</summary>
public sealed class FeedParser_Formats
{
    private static FeedItem ParseSingle(string xml) => Assert.Single(new FeedParser().Parse(Encoding.UTF8.GetBytes(xml)));

    [Fact]
    public void ReadsAnAtom03FeedWithItsIssuedDateAndEscapedContent()
    {
        var item = ParseSingle("""
            <feed version="0.3" xmlns="http://purl.org/atom/ns#">
              <entry>
                <title>Minister warns</title>
                <link rel="alternate" type="text/html" href="http://example.org/a"/>
                <id>tag:example.org,2004:1</id>
                <issued>2004-01-01T19:48:21Z</issued>
                <content type="text/html" mode="escaped">&lt;p&gt;We will respond.&lt;/p&gt;</content>
              </entry>
            </feed>
            """);

        Assert.Equal(("Minister warns", "http://example.org/a", "tag:example.org,2004:1", "We will respond."), (item.Title, item.Link, item.Id, item.Text));
        Assert.Equal(new DateTimeOffset(2004, 1, 1, 19, 48, 21, TimeSpan.Zero), item.Published);
    }

    [Fact]
    public void DecodesBase64AtomContent()
    {
        var item = ParseSingle("""<feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="application/octet-stream">RXhhbXBsZSA8Yj5BdG9tPC9iPg==</content></entry></feed>""");

        Assert.Equal("Example Atom", item.Text);
    }

    [Fact]
    public void KeepsBracketsInAtomTextAsWordsNotTags()
    {
        var item = ParseSingle("""<feed xmlns="http://www.w3.org/2005/Atom"><entry><title type="text">History of the &lt;blink&gt; tag</title><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">History of the &lt;blink&gt; tag</div></content></entry></feed>""");

        Assert.Equal(("History of the <blink> tag", "History of the <blink> tag"), (item.Title, item.Text));
    }

    [Theory]
    [InlineData("""<rss version="2.0" xmlns="http://backend.userland.com/rss2"><channel><item><title>T</title><description>Body</description></item></channel></rss>""")]
    [InlineData("""<r:rss version="2.0" xmlns:r="http://backend.userland.com/rss2" xmlns:x="urn:x"><r:channel><r:item><r:title>T</r:title><x:description>module</x:description><r:description>Body</r:description></r:item></r:channel></r:rss>""")]
    [InlineData("""<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://my.netscape.com/rdf/simple/0.9/"><channel><title>C</title></channel><item><title>T</title><description>Body</description></item></rdf:RDF>""")]
    public void ReadsRssInANamespaceAndRss090(string xml)
    {
        var item = ParseSingle(xml);

        Assert.Equal(("T", "Body"), (item.Title, item.Text));
    }

    [Fact]
    public void FallsBackToDublinCoreTitleDescriptionAndDcTermsDate()
    {
        var item = ParseSingle("""
            <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/">
              <channel><item><dc:title>Title</dc:title><dc:description>Body</dc:description><dcterms:issued>2003-12-31T10:14:55Z</dcterms:issued></item></channel>
            </rss>
            """);

        Assert.Equal(("Title", "Body"), (item.Title, item.Text));
        Assert.Equal(new DateTimeOffset(2003, 12, 31, 10, 14, 55, TimeSpan.Zero), item.Published);
    }
}
