using System.Text;
using Alerts.Core.Threats;

namespace Alerts.Core.Tests.Threats;

public sealed class ThreatAnalyzer_BadInput
{
    private static readonly ThreatAnalyzer Analyzer = new();

    [Fact]
    public void EmptyTextIsNoThreatOfUndeterminedLanguage()
    {
        var analysis = Analyzer.Analyze(string.Empty);

        Assert.False(analysis.Threat);
        Assert.Empty(analysis.Evidence);
        Assert.Equal(LanguageDetector.Undetermined, analysis.Language);
    }

    [Fact]
    public void NullTextIsRejected() =>
        Assert.Throws<ArgumentNullException>(() => Analyzer.Analyze(null!));

    [Fact]
    public void OneMegabyteOfTextIsAnalysedWithEvidenceAtTheRightOffsets()
    {
        var builder = new StringBuilder();
        while (builder.Length < 1_000_000)
        {
            builder.Append("The committee discussed the budget and agreed to meet again next week. ");
        }

        var offset = builder.Length;
        builder.Append("If they attack, they will pay a heavy price.");
        var text = builder.ToString();

        var analysis = Analyzer.Analyze(text);

        Assert.True(analysis.Threat);
        var evidence = Assert.Single(analysis.Evidence);
        Assert.True(evidence.Start > offset);
        Assert.Equal("pay a heavy price", text[evidence.Start..evidence.End]);
    }

    [Fact]
    public void OneMegabyteWithoutSentenceBreaksDoesNotBlowUp()
    {
        var text = string.Concat(Enumerable.Repeat("attack war will consequences if ", 32_000));

        var analysis = Analyzer.Analyze(text);

        Assert.True(analysis.Evidence.Count < 100_000);
    }

    [Fact]
    public void ControlCharactersAreTreatedAsSpaces()
    {
        const string text = "They\0will\u0007pay\u001Ba heavy\u0001price.";
        var analysis = Analyzer.Analyze(text);

        Assert.True(analysis.Threat);
        var evidence = Assert.Single(analysis.Evidence);
        Assert.Equal("pay\u001Ba heavy\u0001price", text[evidence.Start..evidence.End]);
    }

    [Fact]
    public void MixedScriptsKeepEnglishFindingsAndOffsets()
    {
        const string text = "Министр сказал: \u201CWe will raze their bases to the ground\u201D \u2014 \u0627\u0644\u0648\u0632\u064A\u0631. They will pay a heavy price.";
        var analysis = Analyzer.Analyze(text);

        Assert.Equal("en", analysis.Language);
        Assert.True(analysis.Threat);
        Assert.All(analysis.Evidence, e => Assert.Equal(e.Text, text[e.Start..e.End]));
    }

    [Theory]
    [InlineData("Мы уничтожим их, если они нападут на нас. Они дорого заплатят за это.", "ru")]
    [InlineData("\u0633\u0646\u0631\u062F \u0628\u0642\u0648\u0629 \u0639\u0644\u0649 \u0623\u064A \u0647\u062C\u0648\u0645", "ar")]
    [InlineData("Nous ne laisserons pas passer cette attaque et la riposte sera terrible pour eux.", "fr")]
    public void NonEnglishTextWithoutRulesIsNoneWithItsLanguage(string text, string language)
    {
        var analysis = Analyzer.Analyze(text);

        Assert.False(analysis.Threat);
        Assert.Equal(language, analysis.Language);
    }

    [Fact]
    public void LoneSurrogatesAndPrivateUseCharactersDoNotBreakTheScan()
    {
        const string text = "\uD800 They will \uE000pay a heavy price \uDC00";
        var analysis = Analyzer.Analyze(text);

        Assert.True(analysis.Threat);
    }
}
