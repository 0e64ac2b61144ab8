using System.Diagnostics;
using Alerts.Core.Sources;

namespace Alerts.Core.Tests.Sources;

public sealed class HtmlText_HostileNesting
{
    private static void RefusedQuickly(string html)
    {
        // The first parse in a process pays for compiling the parser; that is not what the hostile input costs.
        HtmlText.ToPlainText("<p>warm <b>up</b></p>");
        var clock = Stopwatch.StartNew();
        var error = Assert.Throws<MarkupLimitException>(() => HtmlText.ToPlainText(html));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"refused after {clock.Elapsed.TotalMilliseconds:0} ms");
        Assert.Equal($"HTML nests deeper than {HtmlText.MaxDepth} elements", error.Message);
    }

    [Fact]
    public void AHundredThousandNestedElementsAreRefusedWithinASecond() =>
        RefusedQuickly(string.Concat(Enumerable.Repeat("<div>", 100_000)) + "x");

    [Fact]
    public void StrayEndTagsThatTheParserIgnoresDoNotHideTheNesting() =>
        RefusedQuickly(string.Concat(Enumerable.Repeat("<span></b>", 100_000)));

    [Fact]
    public void ElementsASiblingClosesAreNotCountedAsNesting()
    {
        var text = HtmlText.ToPlainText(string.Concat(Enumerable.Range(0, 5_000).Select(i => $"<p>paragraph {i}<li>item {i}")));

        Assert.StartsWith("paragraph 0\nitem 0", text, StringComparison.Ordinal);
        Assert.EndsWith("paragraph 4999\nitem 4999", text, StringComparison.Ordinal);
    }

    [Fact]
    public void TextJustInsideTheLimitIsCollectedWithoutRecursion()
    {
        var depth = HtmlText.MaxDepth - 2;
        var html = string.Concat(Enumerable.Repeat("<div><span>", depth / 2)) + "deep<script>alert(1)</script> words" + string.Concat(Enumerable.Repeat("</span></div>", depth / 2)) + "<p>after</p>";

        Assert.Equal("deep words\nafter", HtmlText.ToPlainText(html));
    }

    [Fact]
    public void TheCallersCancellationStopsTheParse()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => HtmlText.ToPlainTextWithin("<p>a</p><p>b</p>", cancelled.Token));
    }
}
