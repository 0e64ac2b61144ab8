using Alerts.Core.Threats;

namespace Alerts.Core.Tests.Threats;

public sealed class ThreatAnalyzer_SpeakerAttribution
{
    private static readonly ThreatAnalyzer Analyzer = new();
    private static readonly SpeakerContext Minister = new("Ayesha Rahman", ["the foreign minister"]);

    [Fact]
    public void CreditsReportedSpeechAfterTheOfficialsName()
    {
        var analysis = Analyzer.Analyze("Rahman warned that any attack would be met with a crushing response.", Minister);

        Assert.True(analysis.Threat);
    }

    [Fact]
    public void LeavesOutAnotherPersonsThreatInTheSameArticle()
    {
        const string text = "Rahman said her country wanted peace. General Omar Khan warned that the enemy will be destroyed.";
        var analysis = Analyzer.Analyze(text, Minister);

        Assert.False(analysis.Threat, string.Join(", ", analysis.Evidence.Select(e => e.Text)));
    }

    [Fact]
    public void TheSameArticleIsAThreatWhenTheOtherPersonIsTheSpeaker()
    {
        const string text = "Rahman said her country wanted peace. General Omar Khan warned that the enemy will be destroyed.";
        var analysis = Analyzer.Analyze(text, new SpeakerContext("Omar Khan", []));

        Assert.True(analysis.Threat);
    }

    [Fact]
    public void LeavesOutTheJournalistsOwnFraming()
    {
        const string text = "Tensions are high and analysts fear the army will launch strikes within days. Rahman said talks would continue.";
        var analysis = Analyzer.Analyze(text, Minister);

        Assert.False(analysis.Threat);
    }

    [Fact]
    public void CarriesThePronounOverFromTheSentenceNamingTheOfficial()
    {
        const string text = "Rahman spoke to reporters in the capital on Monday. She warned that they will pay a heavy price.";
        var analysis = Analyzer.Analyze(text, Minister);

        Assert.True(analysis.Threat);
        Assert.Contains(analysis.Evidence, e => e.Text.EndsWith("heavy price", StringComparison.Ordinal));
    }

    [Fact]
    public void DoesNotCarryThePronounOverOnceSomeoneElseSpoke()
    {
        const string text = "Rahman spoke to reporters on Monday. Opposition leader Karim Baig said the government had failed. He warned that they will pay a heavy price.";
        var analysis = Analyzer.Analyze(text, Minister);

        Assert.False(analysis.Threat);
    }

    [Fact]
    public void CarriesATitleAliasAsTheOfficial()
    {
        const string text = "The talks collapsed on Friday. The foreign minister said the country will impose sanctions if the attacks continue.";
        var analysis = Analyzer.Analyze(text, Minister);

        Assert.True(analysis.Threat);
    }

    [Fact]
    public void CarriesAGenericTitleOverWhenTheOfficialIsInFocus()
    {
        const string text = "Omar Khan visited the border on Monday. The minister said the enemy will be destroyed if it attacks.";
        var analysis = Analyzer.Analyze(text, new SpeakerContext("Omar Khan", []));

        Assert.True(analysis.Threat);
    }

    [Fact]
    public void AGenericTitleIsNotTheOfficialOnceSomeoneElseSpoke()
    {
        const string text = "Omar Khan visited the border. Opposition leader Karim Baig said the plan had failed. The minister said the enemy will be destroyed.";
        var analysis = Analyzer.Analyze(text, new SpeakerContext("Omar Khan", []));

        Assert.False(analysis.Threat);
    }

    [Fact]
    public void CreditsAQuoteThatContinuesAcrossSentences()
    {
        const string text = "Rahman said, \u201CWe want calm. Every attack will come at a heavy price.\u201D Observers were surprised.";
        var analysis = Analyzer.Analyze(text, Minister);

        Assert.Contains(analysis.Evidence, e => e.Text == "heavy price");
    }

    [Fact]
    public void CreditsAQuoteThatPrecedesTheReportingVerb()
    {
        const string text = "\u201CWe will raze their bases to the ground,\u201D Rahman told reporters.";
        var analysis = Analyzer.Analyze(text, Minister);

        Assert.True(analysis.Threat);
    }

    [Fact]
    public void TakesATextThatNeverNamesTheOfficialAsTheOfficialsOwnStatement()
    {
        var analysis = Analyzer.Analyze("If they attack, our response will be crushing.", Minister);

        Assert.True(analysis.Threat);
    }
}
