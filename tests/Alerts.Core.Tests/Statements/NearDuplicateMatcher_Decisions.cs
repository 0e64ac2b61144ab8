using Alerts.Core.Statements;

namespace Alerts.Core.Tests.Statements;

public sealed class NearDuplicateMatcher_Decisions
{
    private const string Quote = "We will no longer tolerate your mockery and betrayal. Every terrorist attack inside Pakistan will come at a heavy price.";

    private static bool Near(string a, string b) => NearDuplicateMatcher.IsNearDuplicate(NearDuplicateFingerprint.Of(a), NearDuplicateFingerprint.Of(b));

    [Fact]
    public void TreatsTheSameQuoteWithDifferentPunctuationAndCaseAsTheSame()
    {
        Assert.Equal(0, SimHash.Distance(SimHash.Compute(Quote), SimHash.Compute(Quote.ToUpperInvariant().Replace(".", "!", StringComparison.Ordinal))));
    }

    [Fact]
    public void MatchesAQuoteWithAFewWordsChanged()
    {
        Assert.True(Near(Quote, "We will no longer tolerate your mockery and betrayal. Every terror attack inside Pakistan will come at a very heavy price."));
    }

    [Fact]
    public void MatchesAnOutletThatQuotesOnlyPartOfTheStatement()
    {
        Assert.True(Near(Quote, "Every terrorist attack inside Pakistan will come at a heavy price."));
    }

    [Fact]
    public void KeepsDifferentStatementsOnTheSameTopicApart()
    {
        Assert.False(Near(Quote, "Pakistan entered the talks in Istanbul at the request of neighbouring countries and the Taliban's own pleading."));
    }

    [Fact]
    public void NeverMatchesShortTexts()
    {
        Assert.False(Near("so be it", "so be it"));
    }

    [Fact]
    public void PutsAnEditedTextFewerBitsAwayThanAnUnrelatedOne()
    {
        var longer = Quote + " The region may once again witness scenes of fighters fleeing with their tails between their legs into the caves of Tora Bora.";
        var edited = longer.Replace("caves", "mountains", StringComparison.Ordinal);
        const string unrelated = "The finance minister said the budget deficit would narrow next year as revenues from the new sales tax come in and spending is held flat.";

        Assert.True(SimHash.Distance(SimHash.Compute(longer), SimHash.Compute(edited)) < SimHash.Distance(SimHash.Compute(longer), SimHash.Compute(unrelated)));
    }
}
