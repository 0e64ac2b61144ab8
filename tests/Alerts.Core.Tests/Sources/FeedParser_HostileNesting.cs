using System.Diagnostics;
using System.Text;
using Alerts.Core.Sources;

namespace Alerts.Core.Tests.Sources;

/// <summary>
/// Feeds nested 10^5 to 10^6 levels deep, in the XML and in the HTML of a CDATA description. Before the
/// depth limit the first took XDocument minutes and then overflowed the stack (the process died); the
/// second took AngleSharp over a minute.
/// </summary>
public sealed class FeedParser_HostileNesting
{
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(1);

    private static byte[] NestedXmlFeed(int levels)
    {
        var builder = new StringBuilder(levels * 8 + 200);
        builder.Append("<rss version='2.0'><channel><item><guid>1</guid><title>Deep</title><description>");
        for (var i = 0; i < levels; i++)
        {
            builder.Append("<a>");
        }

        builder.Append('x');
        for (var i = 0; i < levels; i++)
        {
            builder.Append("</a>");
        }

        builder.Append("</description></item></channel></rss>");
        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    internal static byte[] NestedHtmlInCdataFeed(int levels) =>
        Encoding.UTF8.GetBytes("<rss version='2.0'><channel><item><guid>1</guid><title>Deep</title><description><![CDATA["
            + string.Concat(Enumerable.Repeat("<div>", levels)) + "x"
            + "]]></description></item></channel></rss>");

    /// <summary>The first parse in a process pays for compiling the parsers; that is not what a hostile feed costs.</summary>
    internal static void WarmUp() => new FeedParser().Parse(NestedHtmlInCdataFeed(3));

    private static FeedFormatException RefusedQuickly(byte[] feed, TimeSpan within)
    {
        WarmUp();
        var clock = Stopwatch.StartNew();
        var error = Assert.Throws<FeedFormatException>(() => new FeedParser().Parse(feed));
        clock.Stop();
        Assert.True(clock.Elapsed < within, $"refused after {clock.Elapsed.TotalMilliseconds:0} ms");
        Assert.DoesNotContain('\n', error.Message);
        return error;
    }

    [Theory]
    [InlineData(100_000)]
    [InlineData(1_000_000)]
    public void XmlNestedDeeperThanTheLimitIsRefusedWithinASecondWithAOneLineReason(int levels)
    {
        var error = RefusedQuickly(NestedXmlFeed(levels), Quick);

        Assert.Contains($"nest deeper than {FeedParser.MaxDepth}", error.Message, StringComparison.Ordinal);
    }

    /// <remarks>
    /// The XML reader must read the whole CDATA (5 MB at 10^6 levels) before the HTML is seen, three passes
    /// over it: under a second on an idle machine, up to 4 s measured on the shared build machine (load 24 on 2 cores), hence 5 s here.
    /// </remarks>
    [Theory]
    [InlineData(100_000, 1)]
    [InlineData(1_000_000, 5)]
    public void HtmlInACdataDescriptionNestedDeeperThanTheLimitIsRefusedWithinASecondWithAOneLineReason(int levels, int seconds)
    {
        var error = RefusedQuickly(NestedHtmlInCdataFeed(levels), TimeSpan.FromSeconds(seconds));

        Assert.Contains($"HTML nests deeper than {HtmlText.MaxDepth}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NestingWithinTheLimitsStillParses()
    {
        var items = new FeedParser().Parse(Encoding.UTF8.GetBytes(
            "<rss version='2.0'><channel><item><guid>1</guid><title>Deep</title><description><![CDATA["
            + string.Concat(Enumerable.Repeat("<div>", 200)) + "inner words" + string.Concat(Enumerable.Repeat("</div>", 200))
            + "]]></description></item></channel></rss>"));

        Assert.Equal("inner words", Assert.Single(items).Text);
        Assert.Single(new FeedParser().Parse(NestedXmlFeed(FeedParser.MaxDepth - 10)));
    }

    [Fact]
    public void ParsingStopsWhenTheCallersBudgetRunsOut()
    {
        using var expired = new CancellationTokenSource();
        expired.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => new FeedParser().ParseWithin(NestedHtmlInCdataFeed(10), null, expired.Token));
    }
}
