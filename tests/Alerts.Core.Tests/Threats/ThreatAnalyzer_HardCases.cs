using Alerts.Core.Threats;

namespace Alerts.Core.Tests.Threats;

/// <summary>The hard cases of issue 3, each as a pair of a threat and a look-alike that is not one.</summary>
public sealed class ThreatAnalyzer_HardCases
{
    private static readonly ThreatAnalyzer Analyzer = new();

    [Theory]
    [InlineData("negation", "We have no intention to attack anyone.")]
    [InlineData("negation", "NATO will never invade Russia.")]
    [InlineData("negation", "We do not seek war and we will not strike first.")]
    [InlineData("history", "Our army crushed them in 1971.")]
    [InlineData("history", "We paid a heavy price in the war on terror, with thousands of lives lost.")]
    [InlineData("history", "I told him that if it happened again it would be a different story.")]
    [InlineData("condemnation", "We condemn the attack on the embassy in the strongest terms.")]
    [InlineData("condemnation", "The strikes are a violation of our sovereignty and will bring disastrous consequences for the security of the region.")]
    [InlineData("metaphor", "We will crush the competition this quarter.")]
    [InlineData("metaphor", "Our team will destroy them in the final on Sunday.")]
    [InlineData("metaphor", "We will strike a deal with our partners before the summer.")]
    [InlineData("metaphor", "We will fight corruption wherever we find it.")]
    [InlineData("question", "Why would we attack a country that is our friend?")]
    [InlineData("question", "Will they impose sanctions on us?")]
    [InlineData("hedge", "Hostilities could resume at any moment.")]
    [InlineData("disaster", "The floods will destroy thousands of homes if the dams fail.")]
    [InlineData("disaster", "We will take all necessary measures to protect citizens from the virus.")]
    [InlineData("quoted_other", "The opposition claimed the army will attack protesters.")]
    [InlineData("quoted_other", "The U.S. is planning to cause a civil war in Iran through economic sanctions.")]
    [InlineData("condition inside if", "If they attack our villages, we will file a complaint with the United Nations.")]
    [InlineData("diplomatic", "The talks were constructive and will resume next week.")]
    [InlineData("subject of a condition", "The attacks will stop if the ceasefire holds.")]
    public void IsNotAThreat(string hardCase, string text)
    {
        var analysis = Analyzer.Analyze(text);

        Assert.False(analysis.Threat, $"{hardCase}: flagged by {string.Join(", ", analysis.Evidence.Select(e => $"{e.Rule} on '{e.Text}'"))}");
        Assert.Empty(analysis.Evidence);
    }

    [Theory]
    [InlineData("conditional", "If they attack, our response will be crushing.")]
    [InlineData("conditional", "Should they cross this line, our armed forces will act decisively.")]
    [InlineData("conditional", "Unless the occupation forces withdraw within 48 hours, we will target their bases.")]
    [InlineData("no keyword", "If they choose war, then so be it.")]
    [InlineData("no keyword", "Every terrorist attack inside our country will come at a heavy price.")]
    [InlineData("no keyword", "You are playing with fire.")]
    [InlineData("hedge", "She might have to pay dearly for it.")]
    [InlineData("negated form that threatens", "We will not hesitate to completely devastate them if threatened.")]
    [InlineData("negated form that threatens", "We will no longer tolerate your mockery and betrayal.")]
    [InlineData("condemnation then threat", "We condemn this cowardly attack and we will hunt down those responsible.")]
    [InlineData("past then future", "In 1971 we defeated them, and if they try again we will destroy them.")]
    [InlineData("sanctions", "If they continue down this path, we will cut off all aid.")]
    [InlineData("halt talks", "If the bill passes, we will walk away from the negotiating table.")]
    [InlineData("repression", "Those who take the law into their own hands will be dealt with an iron fist.")]
    [InlineData("ultimatum", "Either they lay down their arms or they will be buried.")]
    [InlineData("unconventional", "Any escalation against our people will result in the deaths of hostages.")]
    public void IsAThreat(string hardCase, string text)
    {
        var analysis = Analyzer.Analyze(text);

        Assert.True(analysis.Threat, $"{hardCase}: not flagged");
        Assert.NotEmpty(analysis.Evidence);
        Assert.InRange(analysis.Severity, 1, 100);
        Assert.NotEqual(ThreatLevel.None, analysis.Level);
    }

    [Fact]
    public void TheConditionOfAConditionalThreatIsNotEvidence()
    {
        const string text = "If they attack, our response will be crushing.";
        var analysis = Analyzer.Analyze(text);

        Assert.DoesNotContain(analysis.Evidence, e => e.Text.Equals("attack", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(analysis.Evidence, e => e.Text == "crushing");
    }

    [Fact]
    public void HedgedThreatRanksBelowTheSameThreatStatedPlainly()
    {
        var plain = Analyzer.Analyze("They will pay dearly for it.");
        var hedged = Analyzer.Analyze("They might pay dearly for it.");

        Assert.True(hedged.Threat);
        Assert.True(hedged.Severity < plain.Severity, $"hedged {hedged.Severity} vs plain {plain.Severity}");
    }

    [Fact]
    public void ThreatOfAnnihilationOutranksAThreatOfTariffs()
    {
        var force = Analyzer.Analyze("If this scenario materialises, we will raze Lebanon to the ground.");
        var tariffs = Analyzer.Analyze("If they do not negotiate, we will impose tariffs on their cars.");

        Assert.Equal(ThreatLevel.Critical, force.Level);
        Assert.Equal(ThreatCategories.MilitaryForce, force.Categories[0]);
        Assert.Equal(ThreatCategories.SanctionsEconomic, tariffs.Categories[0]);
        Assert.True(force.Severity > tariffs.Severity);
    }
}
