using Alerts.Core.Threats;

namespace Alerts.Core.Tests.Threats;

public sealed class ThreatAnalyzer_Evidence
{
    private static readonly ThreatAnalyzer Analyzer = new();

    [Fact]
    public void OffsetsAreUtf16AndEndExclusiveAfterSurrogatePairs()
    {
        const string text = "\U0001F525\U0001F525 Ils vont voir: they will pay a heavy price \U0001F525";
        var analysis = Analyzer.Analyze(text);

        var evidence = Assert.Single(analysis.Evidence);
        Assert.Equal("pay a heavy price", text[evidence.Start..evidence.End]);
        Assert.Equal(evidence.Text, text[evidence.Start..evidence.End]);
    }

    [Fact]
    public void OffsetsSurviveCurlyQuotesLineBreaksAndDoubleSpaces()
    {
        const string text = "He said:\r\n\u201CSo  be\n it.\u201D";
        var analysis = Analyzer.Analyze(text);

        var evidence = Assert.Single(analysis.Evidence);
        Assert.Equal("So  be\n it", text[evidence.Start..evidence.End]);
        Assert.Equal("ultimatum.explicit", evidence.Rule);
    }

    [Fact]
    public void EveryFindingNamesAKnownCategoryAndARuleOfTheRuleSet()
    {
        var rules = ThreatRuleSetLoader.LoadEmbedded().Single(s => s.Language == "en").Rules.Select(r => r.Id).ToHashSet();
        var analysis = Analyzer.Analyze(File.ReadAllText(SharedFiles.SeedArticlePath));

        Assert.NotEmpty(analysis.Evidence);
        Assert.All(analysis.Evidence, e =>
        {
            Assert.Contains(e.Category, ThreatCategories.All);
            Assert.Contains(e.Rule, rules);
        });
        Assert.All(analysis.Categories, c => Assert.Contains(analysis.Evidence, e => e.Category == c));
    }

    [Fact]
    public void EvidenceIsOrderedAndNeverOverlaps()
    {
        var analysis = Analyzer.Analyze("They will pay a heavy price. If they attack, we will wipe them out and raze their bases to the ground.");

        for (var i = 1; i < analysis.Evidence.Count; i++)
        {
            Assert.True(analysis.Evidence[i - 1].End <= analysis.Evidence[i].Start);
        }
    }

    [Fact]
    public void VersionComesFromTheRulesFile()
    {
        var rules = ThreatRuleSetLoader.LoadEmbedded().Single(s => s.Language == "en");

        Assert.Equal($"en@{rules.Version}", Analyzer.Version);
        Assert.Equal(Analyzer.Version, Analyzer.Analyze("They will pay dearly.").AnalyzerVersion);
        Assert.Equal(Analyzer.Version, Analyzer.Analyze("A calm day.").AnalyzerVersion);
    }

    [Theory]
    [InlineData(0, ThreatLevel.None)]
    [InlineData(29, ThreatLevel.Low)]
    [InlineData(30, ThreatLevel.Medium)]
    [InlineData(55, ThreatLevel.High)]
    [InlineData(80, ThreatLevel.Critical)]
    [InlineData(100, ThreatLevel.Critical)]
    public void LevelFollowsSeverityBands(int severity, ThreatLevel level) =>
        Assert.Equal(level, ThreatAnalyzer.LevelOf(severity));

    [Fact]
    public void ContractJsonCarriesExactlyTheStableFields()
    {
        var json = ThreatAnalysisJson.Serialize(Analyzer.Analyze("They will pay a heavy price."), "x-1");
        using var document = System.Text.Json.JsonDocument.Parse(json);
        var root = document.RootElement;

        Assert.Equal(["id", "threat", "severity", "level", "categories", "evidence", "language", "judged"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("en", root.GetProperty("language").GetString());
        Assert.True(root.GetProperty("judged").GetBoolean());
        Assert.Equal(["start", "end", "text", "category", "rule"], root.GetProperty("evidence")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal("high", root.GetProperty("level").GetString());
    }

    [Fact]
    public void OneSharedAnalyzerGivesTheSameAnswersFromManyThreads()
    {
        var article = File.ReadAllText(SharedFiles.SeedArticlePath);
        var speaker = new SpeakerContext("Khawaja Muhammad Asif", ["Asif"]);
        var expected = ThreatAnalysisJson.Serialize(Analyzer.Analyze(article, speaker));

        var answers = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 64, _ => answers.Add(ThreatAnalysisJson.Serialize(Analyzer.Analyze(article, speaker))));

        Assert.All(answers, a => Assert.Equal(expected, a));
    }
}
