using Alerts.Core.Threats;

namespace Alerts.Core.Tests.Threats;

public sealed class PhraseMatcher_Scan
{
    [Fact]
    public void FindsWholeWordsOnlyWhateverTheCase()
    {
        var found = Scan(["war", "attack"], "WAR, warfare, Attack! attacker software war");

        Assert.Equal(["WAR", "Attack", "war"], found);
    }

    [Fact]
    public void FindsOverlappingAndNestedPhrases()
    {
        var found = Scan(["heavy price", "pay a heavy price", "price"], "they will pay a heavy price");

        Assert.Equal(["pay a heavy price", "heavy price", "price"], found.OrderByDescending(f => f.Length).ToArray());
    }

    [Fact]
    public void TrailingStarMatchesAnyEnding()
    {
        var found = Scan(["condemn*"], "We condemned it; they condemn; recondemn");

        Assert.Equal(["condemn", "condemn"], found);
    }

    [Fact]
    public void FoldsCurlyApostrophesDashesAndWhitespaceRuns()
    {
        var found = Scan(["won't hesitate", "f-k around"], "We won\u2019t \n  hesitate. He doesn't want to f\u2013k around.");

        Assert.Equal(["won\u2019t \n  hesitate", "f\u2013k around"], found);
    }

    [Fact]
    public void MatchesPhrasesWithLettersBeyondAscii()
    {
        var found = Scan(["riposte sévère", "نار"], "Une riposte SÉVÈRE viendra. \u0646\u0627\u0631");

        Assert.Equal(["riposte SÉVÈRE", "\u0646\u0627\u0631"], found);
    }

    private static string[] Scan(string[] phrases, string text)
    {
        var matcher = new PhraseMatcher(phrases);
        using var hits = new PooledList<PhraseHit>();
        matcher.Scan(text, hits);
        return hits.AsSpan().ToArray().Select(h => text[h.Start..h.End]).ToArray();
    }
}
