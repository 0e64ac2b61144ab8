using Alerts.Core.Threats;

namespace Alerts.Core.Tests.Threats;

/// <summary>The hashed character grams: inside words only, framed, shared by inflections, unit length.</summary>
public sealed class CharacterFeatures_Grams
{
    [Fact]
    public void AWordGivesItsFramedThreeToFiveGramsAndNothingCrossesWords()
    {
        // "<war>" has 3 + 2 + 1 grams of lengths 3, 4 and 5.
        var war = CharacterFeatures.Of(["war"]);
        var warWar = CharacterFeatures.Of(["WAR war"]);
        var twoWords = CharacterFeatures.Of(["go on"]);

        Assert.Equal(6, war.Indices.Length);
        Assert.Equal(war.Indices, warWar.Indices);
        Assert.Equal(CharacterFeatures.Of(["go", "on"]).Indices, twoWords.Indices);
        Assert.Equal(1.0, war.Values.Sum(v => (double)v * v), 5);
        Assert.True(war.Indices.SequenceEqual(war.Indices.Order()), "indices ascend");
    }

    [Fact]
    public void InflectionsShareMostGramsWhereTheWordModelSeesUnrelatedTokens()
    {
        var verb = CharacterFeatures.Of(["retaliate"]);
        var noun = CharacterFeatures.Of(["retaliation"]);

        var shared = verb.Indices.Intersect(noun.Indices).Count();

        Assert.True(shared >= 15, $"{shared} shared grams");
        Assert.Empty(LexicalFeatures.Of(["retaliate"]).Indices.Intersect(LexicalFeatures.Of(["retaliation"]).Indices));
    }

    [Fact]
    public void LeavingASentenceOutDropsItsGrams()
    {
        var first = CharacterFeatures.Of(["We will strike."]);
        var withoutSecond = CharacterFeatures.Of(["We will strike.", "They regret it?"], skip: 1);

        Assert.Equal(first.Indices, withoutSecond.Indices);
    }
}
