using Alerts.Core.Threats;

namespace Alerts.Core.Tests.Threats;

public sealed class ThreatAnalyzer_Seed
{
    private static readonly SpeakerContext Asif = new(
        "Khawaja Muhammad Asif",
        ["Khawaja Asif", "Asif", "Pakistan's Defence Minister", "the Pakistani defence minister"]);

    private static readonly ThreatAnalyzer Analyzer = new();

    [Fact]
    public void FlagsCrushingResponseAsThreatWithEvidenceSpan()
    {
        const string text = "Asif warned that Pakistan's response would be \"crushing.\"";
        var analysis = Analyzer.Analyze(text);

        Assert.True(analysis.Threat);
        var evidence = Assert.Single(analysis.Evidence);
        Assert.Equal("crushing", text[evidence.Start..evidence.End]);
    }

    [Fact]
    public void StaysQuietOnRoutinePressLine()
    {
        var analysis = Analyzer.Analyze("The minister met the trade delegation to discuss cooperation.");

        Assert.False(analysis.Threat);
        Assert.Equal(ThreatLevel.None, analysis.Level);
    }

    [Fact]
    public void SeedArticleIsAHighOrCriticalThreatByTheDefenceMinister()
    {
        var analysis = Analyzer.Analyze(File.ReadAllText(SharedFiles.SeedArticlePath), Asif);

        Assert.True(analysis.Threat);
        Assert.True(analysis.Level >= ThreatLevel.High, $"level was {analysis.Level}");
        Assert.Contains(ThreatCategories.MilitaryForce, analysis.Categories);
    }

    [Theory]
    [InlineData("crushing")]
    [InlineData("so be it")]
    [InlineData("heavy price")]
    [InlineData("total destruction")]
    [InlineData("no longer tolerate")]
    public void SeedArticleEvidenceCoversTheMinistersThreatWords(string words)
    {
        var text = File.ReadAllText(SharedFiles.SeedArticlePath);
        var analysis = Analyzer.Analyze(text, Asif);

        Assert.Contains(analysis.Evidence, e => text[e.Start..e.End].Contains(words, StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("graveyard")]
    [InlineData("truce")]
    [InlineData("mediated")]
    [InlineData("failure")]
    public void SeedArticleCreditsNothingFromHistoryOrTheTruceSentence(string words)
    {
        var text = File.ReadAllText(SharedFiles.SeedArticlePath);
        var analysis = Analyzer.Analyze(text, Asif);
        var sentence = SentenceContaining(text, words);

        Assert.DoesNotContain(analysis.Evidence, e => e.Start >= sentence.Start && e.End <= sentence.End);
    }

    [Fact]
    public void SeedArticleMatchesTheSharedCanonicalCopy()
    {
        var shared = SharedFiles.RequireShared("seeds", "khawaja-asif-taliban-warning.txt");

        Assert.Equal(File.ReadAllText(shared), File.ReadAllText(SharedFiles.SeedArticlePath));
    }

    private static (int Start, int End) SentenceContaining(string text, string words)
    {
        var at = text.IndexOf(words, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{words}' is not in the seed article");
        var start = text.LastIndexOfAny(['.', '\n'], at) + 1;
        var end = text.IndexOfAny(['.', '\n'], at);
        return (start, end < 0 ? text.Length : end);
    }
}
