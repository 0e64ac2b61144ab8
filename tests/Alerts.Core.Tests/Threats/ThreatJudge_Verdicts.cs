using System.Text.Json;
using Alerts.Core.Threats;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Alerts.Core.Tests.Threats;

/// <summary>The learned judge on the seeds and on plain threats the phrase lists do not hold.</summary>
public sealed class ThreatJudge_Verdicts
{
    private static readonly SpeakerContext Asif = new(
        "Khawaja Muhammad Asif",
        ["Khawaja Asif", "Asif", "Pakistan's Defence Minister", "the Pakistani defence minister"]);

    [Fact]
    public void FlagsTheSeedArticleWithTheRulesSpansAsEvidence()
    {
        var text = File.ReadAllText(SharedFiles.SeedArticlePath);

        var analysis = JudgeFixture.Judge.Analyze(text, Asif);

        Assert.True(analysis.Threat);
        Assert.InRange(analysis.Severity, 1, 100);
        Assert.Equal(ThreatAnalyzer.LevelOf(analysis.Severity), analysis.Level);
        Assert.NotEmpty(analysis.Evidence);
        Assert.All(analysis.Evidence, e => Assert.Equal(text[e.Start..e.End], e.Text));
        Assert.Contains(analysis.Evidence, e => e.Rule != ThreatJudge.ModelRule);
    }

    [Theory]
    [InlineData("Khawaja Asif said the two countries would expand cooperation in defence production and training, and thanked the delegation for its visit.")]
    [InlineData("The federal government released additional funds for flood relief in three provinces.")]
    [InlineData("The minister met the trade delegation to discuss cooperation.")]
    public void StaysQuietOnTheRoutineSeedItems(string text)
    {
        var analysis = JudgeFixture.Judge.Analyze(text);

        Assert.False(analysis.Threat);
        Assert.Equal(0, analysis.Severity);
        Assert.Equal(ThreatLevel.None, analysis.Level);
        Assert.Empty(analysis.Evidence);
    }

    [Fact]
    public void AThreatTheRulesMissIsFlaggedWithTheModelSentenceAsEvidence()
    {
        const string text = "The weather in the capital was mild on Tuesday. Our drones will find their convoys wherever they hide.";
        Assert.False(JudgeFixture.Judge.Rules.Analyze(text).Threat);

        var analysis = JudgeFixture.Judge.Analyze(text);

        Assert.True(analysis.Threat);
        var evidence = Assert.Single(analysis.Evidence);
        Assert.Equal(ThreatJudge.ModelRule, evidence.Rule);
        Assert.Equal("Our drones will find their convoys wherever they hide.", evidence.Text);
        Assert.Equal(evidence.Text, text[evidence.Start..evidence.End]);
        Assert.Contains(evidence.Category, ThreatCategories.All);
        Assert.Equal([evidence.Category], analysis.Categories);
    }

    [Fact]
    public void OnlyTheNamedOfficialsWordsCount()
    {
        const string text = "Rahman said the harvest was good this year. General Khan warned the enemy will be destroyed.";

        var analysis = JudgeFixture.Judge.Analyze(text, new SpeakerContext("Ayesha Rahman", []));

        Assert.False(analysis.Threat);
        Assert.True(JudgeFixture.Judge.Analyze(text).Threat);
    }

    [Fact]
    public void TheStoredVersionNamesRulesAndModel()
    {
        var judge = JudgeFixture.Judge;

        Assert.Equal($"{judge.Rules.Version}+model@{judge.Model.Version}", judge.Version);
        Assert.Equal(judge.Version, judge.Analyze("They will pay a heavy price.").AnalyzerVersion);
        Assert.Matches("^[0-9a-f]{12}$", judge.Model.Version);
    }

    [Fact]
    public void ManyThreadsGetTheSameVerdictsAsOne()
    {
        string[] texts =
        [
            "They will pay a heavy price.", "Talks on the harbour project went well.",
            "We will cut off their gas supplies this winter.", "Flood relief reached three provinces.",
        ];
        var alone = texts.Select(t => JudgeFixture.Judge.Analyze(t)).ToList();

        var together = texts.AsParallel().AsOrdered().WithDegreeOfParallelism(4).Select(t => JudgeFixture.Judge.Analyze(t)).ToList();

        Assert.Equal(alone.Select(a => (a.Threat, a.Severity)), together.Select(a => (a.Threat, a.Severity)));
    }

    [Fact]
    public void DependencyInjectionRegistersTheJudge()
    {
        using var provider = new ServiceCollection()
            .AddThreatAnalysis(new ConfigurationBuilder().Build())
            .BuildServiceProvider();

        var analyzer = provider.GetRequiredService<IThreatAnalyzer>();

        Assert.IsType<ThreatJudge>(analyzer);
        Assert.Contains("+model@", analyzer.Version, StringComparison.Ordinal);
        var json = JsonSerializer.Deserialize<JsonElement>(ThreatAnalysisJson.Serialize(analyzer.Analyze("They will pay a heavy price.")));
        Assert.Equal(JsonValueKind.True, json.GetProperty("threat").ValueKind);
    }
}
